// Workbench: the frame around every signed-in page — the brand, the menu of what the user's roles may open (from the
// token's cognito:groups), who is signed in, the language switch and sign-out.
import { Button, Layout, Menu, Space, Spin, Typography } from "antd";
import type { ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { hasRole, signOutLocally, type Who, who } from "./auth.ts";
import { config } from "./config.ts";
import { hostedSignOutUrl } from "./hosted-ui.ts";
import { useWords } from "./i18n.tsx";
import type { WordKey } from "./words.ts";

interface Entry {
  readonly to: string;
  readonly word: WordKey;
  /** Who sees it; undefined: every signed-in user. */
  readonly roles?: readonly string[];
}

const entries: readonly Entry[] = [
  { to: "/tasks", word: "myTasks" },
  { to: "/programmes", word: "programmes" },
  { to: "/finance/queue", word: "paymentQueue", roles: ["finance", "auditor"] },
  { to: "/finance/ledger", word: "ledger", roles: ["finance", "auditor"] },
  { to: "/finance/recoveries", word: "recoveries", roles: ["finance", "auditor"] },
  { to: "/finance/charts", word: "charts", roles: ["finance", "auditor"] },
  { to: "/executions", word: "executions", roles: ["admin", "auditor"] },
];

/** The menu entries a user sees. */
export const menuFor = (user: Who | undefined): readonly Entry[] =>
  entries.filter((e) => !e.roles || hasRole(user, ...e.roles));

/** Which entry a path belongs to (a project page under programmes, an execution under executions). */
function selected(pathname: string): string {
  if (pathname.startsWith("/projects/")) return "/programmes";
  if (pathname.startsWith("/executions")) return "/executions";
  return pathname;
}

export function PageLoading() {
  return (
    <div className="loading">
      <Spin />
    </div>
  );
}

export function Frame({ children }: { children: ReactNode }) {
  const words = useWords();
  const { t, role, lang, setLang } = words;
  const location = useLocation();
  const navigate = useNavigate();
  const user = who();
  const signOut = () => {
    signOutLocally();
    if (config.signIn === "cognito" && config.cognito)
      window.location.assign(hostedSignOutUrl(config.cognito));
    else navigate("/signin");
  };
  return (
    <Layout className="frame">
      <Layout.Header className="header">
        <Link to="/tasks" className="brand">
          {t("brand")}
        </Link>
        <Space size="middle">
          <Typography.Text className="who" data-testid="who">
            {user ? `${user.user} · ${user.org} · ${user.roles.map(role).join("、")}` : ""}
          </Typography.Text>
          <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === "en" ? "zh" : "en")}>
            {t("switchLang")}
          </Button>
          <Button size="small" data-testid="sign-out" onClick={signOut}>
            {t("signOut")}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" className="sider">
          <nav aria-label={t("menu")} data-testid="nav">
            <Menu
              mode="inline"
              selectedKeys={[selected(location.pathname)]}
              items={menuFor(user).map((e) => ({ key: e.to, label: <Link to={e.to}>{t(e.word)}</Link> }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
