// Workbench: a path that is no page.
import { Button, Result } from "antd";
import { Link } from "react-router";
import { useWords } from "../i18n.tsx";

export default function NotFound() {
  const { t } = useWords();
  return (
    <Result
      status="404"
      title={t("notFound")}
      extra={
        <Link to="/tasks">
          <Button type="primary">{t("home")}</Button>
        </Link>
      }
    />
  );
}
