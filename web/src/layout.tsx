// Workbench: the frame around every signed-in page — the brand, the menu of what the user's roles may open (from the
// token's cognito:groups), who is signed in, the language switch and sign-out.
import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Layout, Menu, Space, Spin, Typography } from "antd";
import { type ReactNode, useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { body, client } from "./api/client.ts";
import { areas } from "./areas/all.ts";
import type { MenuEntry } from "./areas/area.ts";
import { hasRole, signOutLocally, type Who, who } from "./auth.ts";
import { config } from "./config.ts";
import { tasksChangedEvent } from "./forms/action.tsx";
import { hostedSignOutUrl } from "./hosted-ui.ts";
import { useWords } from "./i18n.tsx";
import { inboxChangedEvent } from "./pages/inbox/events.ts";

/** The menu entries a user sees: every area's, in order. */
export const menuFor = (user: Who | undefined): readonly MenuEntry[] =>
  areas.flatMap((a) => a.menu).filter((e) => !e.roles || hasRole(user, ...e.roles));

/** Which entry a path belongs to (a project page under programmes, an execution under executions). */
function selected(pathname: string): string {
  const entries = areas.flatMap((a) => a.menu);
  const owner = entries.find((e) => e.owns?.some((prefix) => pathname.startsWith(prefix)));
  return owner?.to ?? pathname;
}

/** The number of to-dos waiting (GET /v1/me/tasks/count, "99+" above 99), loaded again after every action. */
function useTaskCount(): string | undefined {
  const [count, setCount] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const load = () =>
      body(client.GET("/v1/me/tasks/count")).then(
        (c) => current && setCount(c.display),
        () => undefined,
      );
    void load();
    window.addEventListener(tasksChangedEvent, load);
    return () => {
      current = false;
      window.removeEventListener(tasksChangedEvent, load);
    };
  }, []);
  return count;
}

/** The header's bell: unread notifications (GET /v1/me/notifications/unread-count), counted again after marking read. */
function Bell() {
  const { t } = useWords();
  const [count, setCount] = useState<string>("0");
  useEffect(() => {
    let current = true;
    const load = () =>
      body(client.GET("/v1/me/notifications/unread-count")).then(
        (c) => current && setCount(c.display),
        () => undefined,
      );
    void load();
    for (const event of [inboxChangedEvent, tasksChangedEvent]) window.addEventListener(event, load);
    return () => {
      current = false;
      for (const event of [inboxChangedEvent, tasksChangedEvent]) window.removeEventListener(event, load);
    };
  }, []);
  return (
    <Link to="/inbox" aria-label={t("inbox")} data-testid="inbox-bell">
      <Badge count={count === "0" ? 0 : count} size="small">
        <BellOutlined style={{ fontSize: 18, color: "inherit" }} />
      </Badge>
    </Link>
  );
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
  const taskCount = useTaskCount();
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
          <Bell />
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
              items={menuFor(user).map((e) => ({
                key: e.to,
                label: (
                  <Link to={e.to}>
                    {t(e.word)}
                    {e.to === "/tasks" && taskCount && taskCount !== "0" ? (
                      <Badge count={taskCount} className="menu-badge" data-testid="tasks-badge" />
                    ) : null}
                  </Link>
                ),
              }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
