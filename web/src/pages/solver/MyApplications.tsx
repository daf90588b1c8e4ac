// Workbench: the solver organisation's applications (我的揭榜申请, GET /v1/applications) — as lead or consortium
// member, with the challenge's title, the status in words, the link to an awarded one's project, the public money
// asked and when it was submitted.
import { Empty, Typography } from "antd";
import { Link } from "react-router";
import type { Answer } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadMyApplications } from "./Challenge.tsx";
import { ApplicationStatus, challengeTitles } from "./common.tsx";
import { loadMyProjects } from "./MyProjects.tsx";

type Mine = Answer<"/v1/applications">["items"][number];

export default function MyApplications() {
  const { t } = useWords();
  const loaded = useLoad(async () => {
    const items = await loadMyApplications();
    // An awarded application's project (立项), to link to its page.
    const projects = items.some((a) => a.status === "awarded") ? await loadMyProjects() : [];
    return {
      items,
      titles: await challengeTitles(items.map((a) => a.challengeId)),
      projectOf: Object.fromEntries(projects.map((p) => [p.applicationId, p.id])) as Record<string, string>,
    };
  }, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("svMyApplications")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ items, titles, projectOf }) =>
          items.length === 0 ? (
            <Empty description={<Link to="/open-challenges">{t("svNoApplications")}</Link>} />
          ) : (
            <DataTable<Mine>
              testid="my-applications"
              rowKey="id"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={items}
              onRow={(a) => ({ "data-application": a.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("svChallenge"),
                  key: "challenge",
                  render: (_, a) => (
                    <span>
                      <Link to={`/my-applications/${encodeURIComponent(a.id)}`}>
                        {titles[a.challengeId] ?? a.challengeId}
                      </Link>
                      <br />
                      <span className="muted" style={{ fontSize: 12 }}>
                        {a.id}
                      </span>
                    </span>
                  ),
                },
                {
                  title: t("svMyRole"),
                  key: "role",
                  render: (_, a) => t(a.myRole === "lead" ? "svRoleLead" : "svRoleMember"),
                },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, a) => <ApplicationStatus status={a.status} />,
                },
                {
                  title: t("svProject"),
                  key: "project",
                  render: (_, a) =>
                    projectOf[a.id] ? (
                      <Link
                        to={`/projects/${encodeURIComponent(projectOf[a.id]!)}`}
                        data-testid="open-project"
                      >
                        {t("svOpenProject")}
                      </Link>
                    ) : (
                      "—"
                    ),
                },
                {
                  title: t("svRequestedShort"),
                  key: "requested",
                  align: "right",
                  className: "money",
                  render: (_, a) => yuan(a.requestedFen),
                },
                { title: t("svSubmittedAt"), key: "submitted", render: (_, a) => when(a.submittedAt) || "—" },
                { title: t("svUpdatedAt"), key: "updated", render: (_, a) => when(a.updatedAt) },
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
