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
import { tasksChangedEvent } from "./forms/events.ts";
import { hostedSignOutUrl } from "./hosted-ui.ts";
import { useWords } from "./i18n.tsx";
import { inboxChangedEvent } from "./pages/inbox/events.ts";
import type { WordKey } from "./words.ts";

/** The menu entries a user sees: every area's, in order. */
export const menuFor = (user: Who | undefined): readonly MenuEntry[] =>
  areas.flatMap((a) => a.menu).filter((e) => !e.roles || hasRole(user, ...e.roles));

/** Which entry a path belongs to (a project page under programmes, an execution under executions). */
function selected(pathname: string): string {
  const entries = areas.flatMap((a) => a.menu);
  const owner = entries.find((e) => e.owns?.some((prefix) => pathname.startsWith(prefix)));
  return owner?.to ?? pathname;
}

/** How often the 待办 badge asks again while the page is visible (a workflow's later change shows without a reload). */
export const taskCountRefreshMs = 60_000;

/**
 * The number of to-dos waiting (GET /v1/me/tasks/count, "99+" above 99), loaded again after every action, when the
 * window regains focus, and every minute while the page is visible.
 */
function useTaskCount(): string | undefined {
  const [count, setCount] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    const load = () =>
      body(client.GET("/v1/me/tasks/count")).then(
        (c) => current && setCount(c.display),
        () => undefined,
      );
    const whenVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    void load();
    const timer = window.setInterval(whenVisible, taskCountRefreshMs);
    window.addEventListener(tasksChangedEvent, load);
    window.addEventListener("focus", load);
    document.addEventListener("visibilitychange", whenVisible);
    return () => {
      current = false;
      window.clearInterval(timer);
      window.removeEventListener(tasksChangedEvent, load);
      window.removeEventListener("focus", load);
      document.removeEventListener("visibilitychange", whenVisible);
    };
  }, []);
  return count;
}

/**
 * The signed-in organisation's registered name (机构名录); null when it is not registered (or the registry could not
 * be read), undefined while unknown.
 */
function useOrganisationName(org: string | undefined): string | null | undefined {
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!org) return;
    let current = true;
    // By the list's ?id= (an empty page for an unregistered organisation: no 404 in the browser's console).
    body(client.GET("/v1/organisations", { params: { query: { id: org } } })).then(
      (page) => current && setName(page.items[0]?.registeredName ?? null),
      () => current && setName(null),
    );
    return () => {
      current = false;
    };
  }, [org]);
  return name;
}

/**
 * What an organisation not in the registry is called in the header: by the user's role, the government body it is
 * (the city's bureau, government, finance bureau), else 未登记单位 — never the token's raw organisation id.
 */
export function unregisteredOrganisation(roles: readonly string[]): WordKey {
  if (roles.includes("bureau")) return "orgBureau";
  if (roles.includes("approver")) return "orgGovernment";
  if (roles.includes("finance")) return "orgFinance";
  if (roles.includes("auditor")) return "orgAudit";
  if (roles.includes("admin")) return "orgPlatform";
  return "orgUnregistered";
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
    <Link
      to="/inbox"
      aria-label={count === "0" ? t("inbox") : `${t("inbox")} ${count}`}
      data-testid="inbox-bell"
      className="bell"
    >
      <BellOutlined className="bell-icon" />
      {count === "0" ? null : (
        <Badge count={count} size="small" className="bell-badge" data-testid="bell-badge" />
      )}
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
  const orgName = useOrganisationName(user?.org);
  const orgFallback = t(unregisteredOrganisation(user?.roles ?? []));
  // The roles in words, not twice: an unregistered bureau is 科技局, as its role is.
  const roles = (user?.roles ?? []).map(role).filter((r) => orgName !== null || r !== orgFallback);
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
          {user ? <Bell /> : null}
          {user ? (
            <Typography.Text className="who" data-testid="who">
              <span data-testid="who-name" title={user.user}>
                {user.name === user.user ? (
                  <span className="muted" data-secondary>
                    {user.user}
                  </span>
                ) : (
                  user.name
                )}
              </span>
              {" · "}
              <span data-testid="who-org" title={user.org}>
                {orgName === null ? orgFallback : (orgName ?? "")}
              </span>
              {roles.length > 0 ? ` · ${roles.join("、")}` : null}
            </Typography.Text>
          ) : null}
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
