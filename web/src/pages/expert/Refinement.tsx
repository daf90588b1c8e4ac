// Workbench: the expert's demands to refine (榜单凝练) — each demand by its title with the opinion's status and a link
// to give it (GET /v1/refinement/assignments, each demand read for its title).
import { Empty, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

type Assignment = Answer<"/v1/refinement/assignments">["items"][number];
type Row = Assignment & { title: string };

async function load(): Promise<Row[]> {
  const items = (await allPages((cursor) =>
    body(
      client.GET("/v1/refinement/assignments", {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  )) as Assignment[];
  const titles = new Map(
    await Promise.all(
      [...new Set(items.map((a) => a.demandId))].map(async (demandId) => {
        const demand = await body(
          client.GET("/v1/demands/{demandId}", { params: { path: { demandId } } }),
        ).catch(() => undefined);
        return [demandId, demand?.content.title ?? ""] as const;
      }),
    ),
  );
  return items.map((a) => ({ ...a, title: titles.get(a.demandId) ?? "" }));
}

export default function RefinementPage() {
  const { t } = useWords();
  const loaded = useLoad(load, []);
  return (
    <section data-testid="refinement">
      <Typography.Title level={1} className="page-title">
        {t("refinementAssignments")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty description={t("noRefinement")} />
          ) : (
            <DataTable<Row>
              testid="refinement-list"
              size="middle"
              pagination={false}
              rowKey="id"
              dataSource={rows}
              columns={[
                {
                  title: t("refDemand"),
                  key: "demand",
                  render: (_, r) => (
                    <>
                      <Link to={`/demands/${r.demandId}/opinion`}>{r.title || r.demandId}</Link>
                      <div className="muted">{r.demandId}</div>
                    </>
                  ),
                },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, r) => (
                    <Tag className={`status status-${r.status}`}>
                      {t(`refinement-${r.status}` as WordKey)}
                    </Tag>
                  ),
                },
                { title: t("taskSince"), key: "since", render: (_, r) => when(r.assignedAt) },
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
