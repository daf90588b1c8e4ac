// Workbench (enterprise): its demands (技术需求) — every demand of the signed-in enterprise with its programme, status
// and attachments, newest first; a new demand from here.
import { Button, Empty, Space, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { demandStatusWord } from "./words.ts";

type Demand = Answer<"/v1/demands/{demandId}">;
type Programme = Answer<"/v1/programmes">["items"][number];

export async function loadProgrammeList(): Promise<Programme[]> {
  return (await allPages((cursor) =>
    body(client.GET("/v1/programmes", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  )) as Programme[];
}

export default function DemandsPage() {
  const { t, named } = useWords();
  const navigate = useNavigate();
  const loaded = useLoad(async () => {
    const [demands, programmes] = await Promise.all([
      allPages((cursor) =>
        body(client.GET("/v1/demands", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
      ) as Promise<Demand[]>,
      loadProgrammeList(),
    ]);
    return { demands, programmes };
  }, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("myDemands")}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" data-testid="new-demand" onClick={() => navigate("/demands/new")}>
          {t("newDemand")}
        </Button>
      </Space>
      <Show loaded={loaded}>
        {({ demands, programmes }) => {
          const names = new Map(programmes.map((p) => [p.id, named(p.name, p.nameZh)]));
          const sorted = [...demands].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
          return sorted.length === 0 ? (
            <Empty description={t("noDemands")} />
          ) : (
            <DataTable<Demand>
              testid="demands"
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={sorted}
              onRow={(d) => ({ "data-demand": d.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("title"),
                  key: "title",
                  render: (_, d) => (
                    <>
                      <Link to={`/demands/${encodeURIComponent(d.id)}`}>{d.content.title}</Link>
                      <div className="muted">{d.id}</div>
                    </>
                  ),
                },
                {
                  title: t("programme"),
                  key: "programme",
                  render: (_, d) => names.get(d.programmeId) ?? d.programmeId,
                },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, d) => (
                    <Tag className={`status status-${d.status}`}>{t(demandStatusWord(d.status))}</Tag>
                  ),
                },
                {
                  title: t("attachments"),
                  key: "attachments",
                  align: "right",
                  render: (_, d) => d.attachments.length,
                },
                { title: t("updatedAt"), key: "updated", render: (_, d) => when(d.updatedAt) },
              ]}
            />
          );
        }}
      </Show>
    </section>
  );
}
