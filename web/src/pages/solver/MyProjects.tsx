// Workbench: the solver organisation's projects (我的项目, GET /v1/me/projects) — those it leads or is a consortium
// member of, by title with the id as secondary text, its role, the programme, the enterprise, the status and the grant;
// each opens the project's page (task book, milestones, tranches).
import { Empty, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";

type Mine = Answer<"/v1/me/projects">["items"][number];

/** Every project of the solver's organisation (a few pages at most). */
export const loadMyProjects = () =>
  allPages((cursor) =>
    body(client.GET("/v1/me/projects", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  ) as Promise<Mine[]>;

export default function MyProjects() {
  const { t, stage, named } = useWords();
  const loaded = useLoad(loadMyProjects, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("svMyProjects")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t("svNoProjects")} />
          ) : (
            <DataTable<Mine>
              testid="solver-projects"
              rowKey="id"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={items}
              onRow={(p) => ({ "data-project": p.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("project"),
                  key: "title",
                  render: (_, p) => (
                    <>
                      <Link to={`/projects/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                      <div className="muted">{p.id}</div>
                    </>
                  ),
                },
                {
                  title: t("svMyRole"),
                  key: "role",
                  render: (_, p) => t(p.role === "lead" ? "svRoleLead" : "svRoleMember"),
                },
                {
                  title: t("programme"),
                  key: "programme",
                  render: (_, p) => named(p.programmeName ?? p.programmeId, p.programmeNameZh ?? ""),
                },
                { title: t("svEnterpriseSide"), key: "enterprise", render: (_, p) => p.enterprise.name },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, p) => <Tag className={`status status-${p.status}`}>{stage(p.status)}</Tag>,
                },
                moneyColumn<Mine>(t("grant"), (p) => p.grantFen, "grant"),
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
