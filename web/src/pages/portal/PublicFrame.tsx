// Workbench: the public portal's own frame (公开信息, no sign-in) — the brand, links to programmes, challenges and
// notices, the language switch and a link to sign in; none of the signed-in menu, token or to-do count.
import { Button, Layout, Space } from "antd";
import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";
import { useWords } from "../../i18n.tsx";

const links = [
  { to: "/public", word: "ptProgrammes", end: true },
  { to: "/public/challenges", word: "ptChallenges", end: false },
  { to: "/public/notices", word: "ptNotices", end: false },
] as const;

export function PublicFrame({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useWords();
  return (
    <Layout className="frame" data-testid="public-frame">
      <Layout.Header className="header">
        <Space size="large">
          <Link to="/public" className="brand">
            {t("ptBrand")}
          </Link>
          <nav aria-label={t("menu")} data-testid="public-nav">
            <Space size="middle">
              {links.map((l) => (
                <NavLink
                  key={l.to}
                  to={l.to}
                  end={l.end}
                  style={({ isActive }) => ({
                    color: "#fff",
                    fontWeight: isActive ? 600 : 400,
                    textDecoration: isActive ? "underline" : "none",
                    textUnderlineOffset: 6,
                  })}
                >
                  {t(l.word)}
                </NavLink>
              ))}
            </Space>
          </nav>
        </Space>
        <Space size="middle">
          <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === "en" ? "zh" : "en")}>
            {t("switchLang")}
          </Button>
          <Link to="/signin" style={{ color: "#fff" }} data-testid="to-signin">
            {t("ptSignIn")}
          </Link>
        </Space>
      </Layout.Header>
      <Layout.Content className="content">{children}</Layout.Content>
    </Layout>
  );
}
