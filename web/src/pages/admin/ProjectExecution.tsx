// Workbench: on a project's page (admin, auditor), the execution the project is waiting in — the lifecycle chain's
// execution in charge, or the phase execution of the older project-phase — linked to the executions inspector, whose
// graph highlights the state it stands in.
import { Card, Typography } from "antd";
import { Link } from "react-router";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { useWords } from "../../i18n.tsx";
import { currentExecution } from "./current-execution.ts";

export function ProjectExecutionLink({ projectId, view }: ProjectActionProps) {
  const { t } = useWords();
  if (!hasRole(who(), "admin", "auditor")) return null;
  const current = currentExecution(projectId, view.track);
  if (!current) return null;
  const to = `/executions/view?${new URLSearchParams({ sm: current.machine, name: current.name })}`;
  return (
    <Card
      size="small"
      title={t("currentExecution")}
      style={{ marginBottom: 16 }}
      data-testid="project-execution"
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        <Link to={to} data-testid="project-execution-link">
          {current.name}
        </Link>{" "}
        <span className="muted">
          ({current.machine}
          {current.stage ? ` · ${t("waitingAt")} ${current.stage}` : ""})
        </span>
      </Typography.Paragraph>
    </Card>
  );
}
