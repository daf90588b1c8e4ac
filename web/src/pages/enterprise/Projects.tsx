// Workbench (enterprise): its projects (我的项目) across programmes — the challenge's title, the solver, the status, the
// grant and the money received so far (tranches paid), each project's tranches when opened; a project's page from here.
import { Empty, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";
import { loadProgrammeList } from "./Demands.tsx";

type Listed = Answer<"/v1/projects">["items"][number];
type View = Answer<"/v1/projects/{projectId}">;
type Tranche = View["tranches"][number];
interface Row {
  listed: Listed;
  tranches: Tranche[];
  receivedFen: number;
}

async function loadProjects(): Promise<Row[]> {
  const programmes = await loadProgrammeList();
  const listed = (
    await Promise.all(
      programmes.map(
        (p) =>
          allPages((cursor) =>
            body(
              client.GET("/v1/projects", {
                params: { query: { programmeId: p.id, limit: 100, ...(cursor ? { cursor } : {}) } },
              }),
            ),
          ) as Promise<Listed[]>,
      ),
    )
  ).flat();
  return Promise.all(
    listed.map(async (l) => {
      const view = await body(
        client.GET("/v1/projects/{projectId}", { params: { path: { projectId: l.id } } }),
      );
      const tranches = [...view.tranches].sort((a, b) => a.index - b.index);
      const receivedFen = tranches.filter((x) => x.status === "paid").reduce((s, x) => s + x.amountFen, 0);
      return { listed: l, tranches, receivedFen };
    }),
  );
}

export default function ProjectsPage() {
  const { t, tf, stage, named, condition } = useWords();
  const loaded = useLoad(loadProjects, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("myProjects")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty description={t("noOwnProjects")} />
          ) : (
            <DataTable<Row>
              testid="my-projects"
              size="small"
              pagination={false}
              rowKey={(r) => r.listed.id}
              dataSource={rows}
              onRow={(r) => ({ "data-project": r.listed.id }) as React.HTMLAttributes<HTMLElement>}
              expandable={{
                expandedRowRender: (r) => (
                  <DataTable<Tranche>
                    testid={`tranches-${r.listed.id}`}
                    size="small"
                    pagination={false}
                    rowKey="id"
                    dataSource={r.tranches}
                    columns={[
                      { title: t("tranche"), key: "n", render: (_, x) => tf("trancheN", { n: x.index }) },
                      {
                        title: t("condition"),
                        key: "condition",
                        render: (_, x) => condition(x.conditionToken),
                      },
                      {
                        title: t("status"),
                        key: "status",
                        render: (_, x) => (
                          <Tag className={`status status-${x.status}`}>{stage(x.status)}</Tag>
                        ),
                      },
                      {
                        title: t("paidAt"),
                        key: "paidAt",
                        render: (_, x) => day(x.payment?.paidAt),
                      },
                      moneyColumn<Tranche>(t("amount"), (x) => x.amountFen, "amount"),
                    ]}
                  />
                ),
              }}
              columns={[
                {
                  title: t("project"),
                  key: "title",
                  render: (_, r) => (
                    <>
                      <Link to={`/projects/${encodeURIComponent(r.listed.id)}`}>
                        {r.listed.title ?? r.listed.challengeId}
                      </Link>
                      <div className="muted">{r.listed.id}</div>
                    </>
                  ),
                },
                {
                  title: t("programme"),
                  key: "programme",
                  render: (_, r) => named(r.listed.programmeName, r.listed.programmeNameZh),
                },
                { title: t("solverLead"), key: "solver", render: (_, r) => r.listed.solverLead.name },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, r) => (
                    <Tag className={`status status-${r.listed.status}`}>{stage(r.listed.status)}</Tag>
                  ),
                },
                moneyColumn<Row>(t("grant"), (r) => r.listed.grantFen, "grant"),
                moneyColumn<Row>(t("moneyReceived"), (r) => r.receivedFen, "received"),
              ]}
              summary={(all) => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={5}>
                    {t("total")} ({all.length})
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} className="money">
                    {yuan(all.reduce((s, r) => s + r.listed.grantFen, 0))}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} className="money">
                    <span data-testid="received-total">
                      {yuan(all.reduce((s, r) => s + r.receivedFen, 0))}
                    </span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          )
        }
      </Show>
    </section>
  );
}
