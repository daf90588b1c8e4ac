// Workbench (bureau): the queue of demands (需求征集) — submitted ones waiting for the bureau's decision first, by
// title with the programme's name, the enterprise, when it was submitted and since when it waits; a status filter.
import { Select, Space, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { loadProgrammes, Named } from "../common.tsx";
import { type Programme, useProgrammeName } from "./parts.tsx";

type Demand = Answer<"/v1/demands">["items"][number];
const statuses = ["submitted", "accepted", "returned", "merged", "lapsed"] as const;

export default function DemandsPage() {
  const { t } = useWords();
  const programmeName = useProgrammeName();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "submitted") as (typeof statuses)[number];
  const loaded = useLoad(async () => {
    const [programmes, demands] = await Promise.all([
      loadProgrammes(),
      body(client.GET("/v1/demands", { params: { query: { status, limit: 100 } } })),
    ]);
    return { programmes: programmes as unknown as Programme[], items: demands.items };
  }, [status]);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("buDemandQueue")}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="demand-status">{t("status")}</label>
        <Select
          id="demand-status"
          data-testid="demand-status"
          style={{ minWidth: 160 }}
          value={status}
          onChange={(v) => setParams({ status: v })}
          options={statuses.map((s) => ({ value: s, label: t(`buStatus_${s}` as WordKey) }))}
        />
      </Space>
      <Show loaded={loaded}>
        {({ programmes, items }) => {
          const names = new Map(programmes.map((p) => [p.id, programmeName(p)]));
          return (
            <DataTable<Demand>
              testid="demand-queue"
              size="small"
              rowKey={(d) => d.id}
              dataSource={items}
              pagination={false}
              locale={{ emptyText: t("buNoDemands") }}
              columns={[
                {
                  title: t("title"),
                  key: "title",
                  render: (_, d) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/demands/${d.id}/decision`}>{d.content.title}</Link>
                      <span className="muted" data-secondary>
                        {d.id}
                      </span>
                    </Space>
                  ),
                },
                {
                  title: t("programme"),
                  key: "programme",
                  render: (_, d) => names.get(d.programmeId) ?? d.programmeId,
                },
                {
                  title: t("enterprise"),
                  key: "org",
                  render: (_, d) => <Named name={d.organisationName} id={d.organisationId} />,
                },
                { title: t("buSubmittedAt"), key: "at", render: (_, d) => when(d.submittedAt) },
                {
                  title: t("waitingFor"),
                  key: "wait",
                  render: (_, d) =>
                    d.waitingFor
                      ? `${d.waitingFor.kind === "decision" ? t("buWaitsDecision") : t("buWaitsResubmission")} · ${when(d.waitingFor.since)}`
                      : "—",
                },
              ]}
            />
          );
        }}
      </Show>
    </section>
  );
}
