// Workbench: the programmes overview (批次与榜单) — each programme with its challenges by stage (a chart and a table
// with funding caps), what each challenge waits for, and its projects linking to their pages.

import { Card, Empty, Space, Table, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../api/client.ts";
import { hasRole, who } from "../auth.ts";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { Show, useLoad } from "../components/Load.tsx";
import { when, yuan } from "../format.ts";
import { useWords } from "../i18n.tsx";
import {
  everyPage,
  loadProgrammes,
  moneyColumn,
  type Programme,
  ProjectLink,
  useProgrammeName,
} from "./common.tsx";

type Challenge = Answer<"/v1/challenges">["items"][number];
type ProjectRow = Answer<"/v1/projects">["items"][number];

interface Overview {
  programme: Programme;
  challenges: Challenge[];
  projects: ProjectRow[];
}

const readsChallenges = () => hasRole(who(), "bureau", "approver", "admin", "auditor");
const readsProjects = () => hasRole(who(), "bureau", "approver", "finance", "admin", "auditor");

async function loadOverview(): Promise<Overview[]> {
  const programmes = await loadProgrammes();
  return Promise.all(
    programmes.map(async (programme) => {
      const programmeId = programme.id;
      const [challenges, projects] = await Promise.all([
        readsChallenges()
          ? everyPage((cursor) =>
              body(
                client.GET("/v1/challenges", {
                  params: { query: { programmeId, limit: 100, ...(cursor ? { cursor } : {}) } },
                }),
              ),
            )
          : [],
        readsProjects()
          ? everyPage((cursor) =>
              body(
                client.GET("/v1/projects", {
                  params: { query: { programmeId, limit: 100, ...(cursor ? { cursor } : {}) } },
                }),
              ),
            )
          : [],
      ]);
      return { programme, challenges, projects };
    }),
  );
}

interface StageRow {
  stage: string;
  count: number;
  fen: number;
}

function byStage(challenges: Challenge[]): StageRow[] {
  const rows = new Map<string, StageRow>();
  for (const c of challenges) {
    const s = c.status;
    const row = rows.get(s) ?? { stage: s, count: 0, fen: 0 };
    row.count += 1;
    row.fen += c.fundingCapFen;
    rows.set(s, row);
  }
  return [...rows.values()];
}

function ProgrammeCard({ overview }: { overview: Overview }) {
  const { t, stage, label, tf, named } = useWords();
  const name = useProgrammeName();
  const { programme, challenges, projects } = overview;
  const stages = byStage(challenges);
  const totalFen = challenges.reduce((s, c) => s + c.fundingCapFen, 0);
  return (
    <Card
      data-testid="programme"
      data-programme={programme.id}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          {name(programme)}
        </Typography.Title>
      }
    >
      <Typography.Paragraph className="muted">
        {t("year")} {programme.year} · {t("budget")} {yuan(programme.budgetFen)} · {t("policy")}{" "}
        <span data-testid="programme-policy" title={programme.policyId}>
          {named(programme.policy.name, programme.policy.nameZh)}
        </span>
      </Typography.Paragraph>
      {readsChallenges() ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t("challengesByStage")}
          </Typography.Title>
          {stages.length > 0 ? (
            <Chart
              data-testid="stage-chart"
              label={t("challengesByStage")}
              height={Math.max(120, 44 * stages.length + 40)}
              option={{
                grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
                tooltip: {},
                xAxis: { type: "value", minInterval: 1 },
                yAxis: {
                  type: "category",
                  data: stages.map((s) => stage(s.stage)),
                  axisLabel: { width: 160 },
                },
                series: [
                  {
                    type: "bar",
                    name: t("count"),
                    data: stages.map((s) => s.count),
                    label: { show: true, position: "right" },
                    barMaxWidth: 28,
                    itemStyle: { color: "#1f5fbf" },
                  },
                ],
              }}
            />
          ) : null}
          <DataTable<StageRow>
            testid="stages"
            size="small"
            pagination={false}
            rowKey="stage"
            dataSource={stages}
            onRow={(r) => ({ "data-stage": r.stage }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t("stage"), key: "stage", render: (_, r) => stage(r.stage) },
              { title: t("count"), dataIndex: "count", align: "right" },
              moneyColumn<StageRow>(t("fundingCap"), (r) => r.fen, "fen"),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t("total")}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {challenges.length}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} className="money">
                  {yuan(totalFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t("challenges")}
          </Typography.Title>
          {challenges.length === 0 ? (
            <Empty description={t("noChallenges")} />
          ) : (
            <DataTable<Challenge>
              testid="challenges"
              size="small"
              pagination={false}
              rowKey={(c) => c.id}
              dataSource={challenges}
              onRow={(c) => ({ "data-challenge": c.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t("title"), key: "title", render: (_, c) => c.title },
                { title: t("status"), key: "status", render: (_, c) => stage(c.status) },
                moneyColumn<Challenge>(t("fundingCap"), (c) => c.fundingCapFen, "cap"),
                {
                  title: t("waitingFor"),
                  key: "waiting",
                  render: (_, c) => {
                    const waiting = c.waitingFor;
                    return (
                      <span data-testid="waiting-for">
                        {waiting ? `${label(waiting.kind)} · ${when(waiting.since)}` : ""}
                      </span>
                    );
                  },
                },
              ]}
            />
          )}
        </>
      ) : null}
      {readsProjects() ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t("projects")} ({tf("countOf", { n: projects.length })})
          </Typography.Title>
          {projects.length === 0 ? (
            <Empty description={t("noProjects")} />
          ) : (
            <DataTable<ProjectRow>
              testid="projects"
              size="small"
              pagination={false}
              rowKey={(p) => p.id}
              dataSource={projects}
              onRow={(p) => ({ "data-project": p.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("project"),
                  key: "id",
                  // The project by its title (its challenge's), the id as secondary text.
                  render: (_, p) =>
                    p.title ? (
                      <>
                        <Link to={`/projects/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                        <div className="muted" data-secondary>
                          {p.id}
                        </div>
                      </>
                    ) : (
                      <ProjectLink id={p.id} />
                    ),
                },
                {
                  title: t("enterprise"),
                  key: "enterprise",
                  render: (_, p) => p.enterprise.name || p.enterprise.organisationId,
                },
                {
                  title: t("solverLead"),
                  key: "solver",
                  render: (_, p) => p.solverLead.name || p.solverLead.organisationId,
                },
                { title: t("status"), key: "status", render: (_, p) => stage(p.status) },
                moneyColumn<ProjectRow>(t("grant"), (p) => p.grantFen, "grant"),
                moneyColumn<ProjectRow>(t("rdInvestment"), (p) => p.rdInvestmentFen, "rd"),
              ]}
            />
          )}
        </>
      ) : null}
    </Card>
  );
}

export default function ProgrammesPage() {
  const { t } = useWords();
  const loaded = useLoad(loadOverview, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("programmes")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(overviews) =>
          overviews.length === 0 ? (
            <Empty description={t("noProgrammes")} />
          ) : (
            <Space orientation="vertical" size="large" style={{ width: "100%" }}>
              {overviews.map((o) => (
                <ProgrammeCard key={o.programme.id} overview={o} />
              ))}
            </Space>
          )
        }
      </Show>
    </section>
  );
}
