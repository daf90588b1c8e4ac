// Workbench: finance's charts (资金图表) — public money committed, disbursed and recovered over time (running totals,
// one step line each) and leverage by programme (social R&D investment ÷ public money, its definition stated), drawn
// with ECharts, with the figures in a table below and each challenge's leverage and road-show interest in another.

import { Empty, Space, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { Chart } from "../../components/Chart.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadProgrammes, moneyColumn, ProgrammeSelect, useProgrammeName } from "../common.tsx";

/** An axis tick in fen as a short yuan label: ¥1,200万 or ¥3,500. */
function fenTick(fen: number): string {
  const y = fen / 100;
  if (Math.abs(y) >= 10_000)
    return `¥${(y / 10_000).toLocaleString("zh-CN", { maximumFractionDigits: 1 })}万`;
  return `¥${y.toLocaleString("zh-CN", { maximumFractionDigits: 0 })}`;
}

type ProgrammeFigures = Answer<"/v1/finance/series">["programmes"][number];
type ChallengeFigures = ProgrammeFigures["challenges"][number] & { readonly programmeName: string };

const lines = [
  { key: "committedFen", word: "committed", color: "#1f5fbf" },
  { key: "disbursedFen", word: "disbursed", color: "#2f7d4f" },
  { key: "recoveredFen", word: "recovered", color: "#b4232a" },
] as const;

export default function FinanceChartsPage() {
  const { t } = useWords();
  const name = useProgrammeName();
  const [params, setParams] = useSearchParams();
  const programmeId = params.get("programmeId") ?? "";
  const loaded = useLoad(async () => {
    const [programmes, data] = await Promise.all([
      loadProgrammes(),
      body(client.GET("/v1/finance/series", { params: { query: programmeId ? { programmeId } : {} } })),
    ]);
    return { programmes, data };
  }, [programmeId]);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("charts")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ programmes, data }) => {
          const { series, totals } = data;
          const perProgramme = data.programmes;
          const withLeverage = perProgramme.filter(
            (p): p is ProgrammeFigures & { leverage: string } => p.leverage !== null,
          );
          return (
            <>
              <Space style={{ marginBottom: 16 }}>
                {t("programme")}
                <ProgrammeSelect
                  programmes={programmes}
                  value={programmeId}
                  allowAll
                  onChange={(id) => setParams(id ? { programmeId: id } : {})}
                />
                <span className="muted">
                  {t("asOf")} {when(data.asOf)}
                </span>
              </Space>
              <Typography.Title level={2}>{t("fundsOverTime")}</Typography.Title>
              {series.length === 0 ? (
                <Empty description={t("noSeries")} />
              ) : (
                <Chart
                  data-testid="funds-chart"
                  data-points={series.length}
                  data-recovered-first={series[0]?.recoveredFen ?? 0}
                  data-recovered-last={series.at(-1)?.recoveredFen ?? 0}
                  label={t("fundsOverTime")}
                  height={340}
                  option={{
                    grid: { left: 16, right: 32, top: 40, bottom: 16, containLabel: true },
                    legend: { top: 0, data: lines.map((l) => t(l.word)) },
                    tooltip: { trigger: "axis", valueFormatter: (v: unknown) => yuan(Number(v)) },
                    xAxis: { type: "time", axisLabel: { formatter: "{yyyy}-{MM}-{dd}", hideOverlap: true } },
                    yAxis: { type: "value", axisLabel: { formatter: fenTick } },
                    series: lines.map((l) => ({
                      name: t(l.word),
                      type: "line",
                      step: "end",
                      symbolSize: 7,
                      color: l.color,
                      data: series.map((p) => [p.date, p[l.key]]),
                    })),
                  }}
                />
              )}
              <Typography.Paragraph className="muted" data-testid="totals">
                {t("committed")} {yuan(totals.committedFen)} · {t("disbursed")} {yuan(totals.disbursedFen)} ·{" "}
                {t("recovered")} {yuan(totals.recoveredFen)} · {t("cityLeverage")}{" "}
                {totals.leverage !== null ? `${totals.leverage} : 1` : "—"} · {t("roadShowInterest")}{" "}
                {yuan(totals.roadShowInterestFen)}
              </Typography.Paragraph>
              <Typography.Title level={2}>{t("leverageByProgramme")}</Typography.Title>
              <Typography.Paragraph className="muted" data-testid="leverage-definition">
                {t("leverageDefinition")}
              </Typography.Paragraph>
              {withLeverage.length === 0 ? (
                <Empty description={t("noSeries")} />
              ) : (
                <Chart
                  data-testid="leverage-chart"
                  data-bars={withLeverage.length}
                  data-labels={withLeverage.map((p) => `${p.leverage} : 1`).join("|")}
                  label={t("leverageByProgramme")}
                  height={Math.max(140, 56 * withLeverage.length + 40)}
                  option={{
                    grid: { left: 16, right: 80, top: 8, bottom: 8, containLabel: true },
                    tooltip: {},
                    xAxis: { type: "value" },
                    yAxis: {
                      type: "category",
                      inverse: true,
                      data: withLeverage.map((p) => name(p)),
                      axisLabel: { width: 260, overflow: "break" },
                    },
                    series: [
                      {
                        type: "bar",
                        barMaxWidth: 28,
                        color: "#1f5fbf",
                        // Display only: the API's exact decimal string read as a number to size the bar.
                        data: withLeverage.map((p) => Number(p.leverage)),
                        label: {
                          show: true,
                          position: "right",
                          formatter: ({ dataIndex }: { dataIndex: number }) =>
                            `${withLeverage[dataIndex]?.leverage ?? ""} : 1`,
                        },
                      },
                    ],
                  }}
                />
              )}
              <DataTable<ProgrammeFigures>
                testid="programme-figures"
                size="small"
                pagination={false}
                style={{ marginTop: 16 }}
                rowKey={(p) => p.programmeId}
                dataSource={perProgramme}
                onRow={(p) => ({ "data-programme": p.programmeId }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  {
                    title: t("programme"),
                    key: "name",
                    render: (_, p) => (
                      <Link to={`/finance/ledger?${new URLSearchParams({ programmeId: p.programmeId })}`}>
                        {name(p)}
                      </Link>
                    ),
                  },
                  {
                    title: t("projects"),
                    key: "projects",
                    align: "right",
                    render: (_, p) => p.projects,
                  },
                  moneyColumn<ProgrammeFigures>(t("committed"), (p) => p.committedFen, "c"),
                  moneyColumn<ProgrammeFigures>(t("disbursed"), (p) => p.disbursedFen, "d"),
                  moneyColumn<ProgrammeFigures>(t("recovered"), (p) => p.recoveredFen, "r"),
                  moneyColumn<ProgrammeFigures>(t("socialInvestment"), (p) => p.socialInvestmentFen, "rd"),
                  {
                    title: t("leverage"),
                    key: "leverage",
                    align: "right",
                    render: (_, p) => (p.leverage !== null ? `${p.leverage} : 1` : "—"),
                  },
                ]}
              />
              <Typography.Title level={2}>{t("leverageByChallenge")}</Typography.Title>
              <DataTable<ChallengeFigures>
                testid="challenge-figures"
                size="small"
                pagination={false}
                rowKey={(c) => c.challengeId}
                dataSource={perProgramme.flatMap((p) =>
                  p.challenges.map((c) => ({ ...c, programmeName: name(p) })),
                )}
                onRow={(c) => ({ "data-challenge": c.challengeId }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t("programme"), key: "programme", render: (_, c) => c.programmeName },
                  { title: t("challenge"), key: "title", render: (_, c) => c.title ?? c.challengeId },
                  moneyColumn<ChallengeFigures>(t("socialInvestment"), (c) => c.socialInvestmentFen, "rd"),
                  moneyColumn<ChallengeFigures>(t("leveragePublic"), (c) => c.leveragePublicFen, "pub"),
                  {
                    title: t("leverage"),
                    key: "leverage",
                    align: "right",
                    render: (_, c) => (c.leverage !== null ? `${c.leverage} : 1` : "—"),
                  },
                  moneyColumn<ChallengeFigures>(t("roadShowInterest"), (c) => c.roadShowInterestFen, "rs"),
                ]}
              />
            </>
          );
        }}
      </Show>
    </section>
  );
}
