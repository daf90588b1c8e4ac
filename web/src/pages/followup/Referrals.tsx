// Workbench (finance, auditors, bureau): every project referred to a judicial organ (移交司法机关), with the recovery's
// amount, what came back and the organ's latest outcome — the recovery view's companion for frauds.
import { Empty, Space, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { moneyColumn } from "../common.tsx";

type Item = Answer<"/v1/judicial-referrals">["items"][number];

export default function ReferralsPage() {
  const { t } = useWords();
  const loaded = useLoad(async () => (await body(client.GET("/v1/judicial-referrals"))).items, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("fuReferrals")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t("fuNoReferrals")} />
          ) : (
            <DataTable<Item>
              testid="judicial-referrals"
              size="small"
              pagination={false}
              scroll={{ x: "max-content" }}
              rowKey={(r) => r.id}
              dataSource={items}
              columns={[
                {
                  title: t("project"),
                  key: "project",
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/projects/${encodeURIComponent(r.projectId)}`}>
                        {r.projectTitle ?? r.projectId}
                      </Link>
                      {r.projectTitle ? <span className="muted">{r.projectId}</span> : null}
                    </Space>
                  ),
                },
                { title: t("fuOrgan"), key: "organ", render: (_, r) => r.organ },
                { title: t("fuReferredOn"), key: "on", render: (_, r) => day(r.referredOn) },
                { title: t("fuReference"), key: "ref", render: (_, r) => r.reference },
                moneyColumn(t("fuRecover"), (r: Item) => r.recovery?.amountFen ?? r.recoverFen, "recover"),
                moneyColumn(t("fuReceived"), (r: Item) => r.recovery?.receivedFen ?? 0, "received"),
                {
                  title: t("fuLatestOutcome"),
                  key: "outcome",
                  render: (_, r) => {
                    const last = r.outcomes.at(-1);
                    return last
                      ? `${day(last.decidedOn)} ${t(`fuOutcome_${last.outcome}` as WordKey)}`
                      : t("fuNone");
                  },
                },
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
