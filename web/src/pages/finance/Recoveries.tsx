// Workbench: recoveries (追回) — each receivable with its reason, payer, decision date, the date it is due back, how
// many days it is overdue (Beijing calendar days, while money is still to come back) and whether it was escalated;
// the amount, what came back and what is still to be recovered (待追回); each opens its page to record a receipt.

import { Empty, Select, Space, Tag, Typography } from "antd";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, daysSince, when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";

type RecoveryItem = Answer<"/v1/recoveries">["items"][number];

const statuses = ["assessed", "recovered", "waived"] as const;
type Status = (typeof statuses)[number];
const isStatus = (s: string | null): s is Status => statuses.includes(s as Status);

export default function RecoveriesPage() {
  const { t, stage, label } = useWords();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = isStatus(raw) ? raw : undefined;
  const loaded = useLoad(
    async () =>
      (await body(client.GET("/v1/recoveries", { params: { query: status ? { status } : {} } }))).items,
    [status],
  );
  const now = new Date().toISOString();
  const canReceive = hasRole(who(), "finance");
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("recoveries")}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        {t("status")}
        <Select
          data-testid="recovery-status"
          aria-label={t("status")}
          style={{ width: 160 }}
          value={status ?? ""}
          onChange={(v: string) => setParams(v ? { status: v } : {})}
          options={[
            { value: "", label: t("allStatuses") },
            ...statuses.map((s) => ({ value: s, label: stage(s) })),
          ]}
        />
      </Space>
      <Show loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t("noRecoveries")} />
          ) : (
            <DataTable<RecoveryItem>
              testid="recoveries"
              size="small"
              pagination={false}
              scroll={{ x: "max-content" }}
              rowKey={(r) => r.id}
              dataSource={items}
              onRow={(r) => ({ "data-recovery": r.id }) as React.HTMLAttributes<HTMLElement>}
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
                { title: t("reason"), key: "reason", render: (_, r) => label(r.reason) },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, r) => <Tag className={`status status-${r.status}`}>{stage(r.status)}</Tag>,
                },
                {
                  title: t("payer"),
                  key: "payer",
                  render: (_, r) =>
                    r.payerName && r.payerName !== r.payerOrganisationId ? (
                      <Space orientation="vertical" size={0}>
                        {r.payerName}
                        <span className="muted">{r.payerOrganisationId}</span>
                      </Space>
                    ) : (
                      r.payerOrganisationId
                    ),
                },
                { title: t("decidedOn"), key: "decided", render: (_, r) => day(r.decidedOn) },
                {
                  title: t("dueDate"),
                  key: "due",
                  render: (_, r) => <span data-testid="due-on">{day(r.dueOn)}</span>,
                },
                {
                  title: t("daysOverdue"),
                  key: "overdue",
                  align: "right",
                  render: (_, r) => {
                    const days = r.outstandingFen > 0 ? daysSince(r.dueOn, now) : undefined;
                    return (
                      <span data-testid="days-overdue">
                        {days === undefined ? "—" : days > 0 ? days : t("notDue")}
                      </span>
                    );
                  },
                },
                {
                  title: t("escalation"),
                  key: "escalation",
                  render: (_, r) =>
                    r.escalated ? (
                      <Tag className="status status-FAILED" data-testid="escalated">
                        {t("escalated")} {day(when(r.escalation?.at).slice(0, 10))}
                      </Tag>
                    ) : (
                      "—"
                    ),
                },
                moneyColumn<RecoveryItem>(t("amount"), (r) => r.amountFen, "amount"),
                moneyColumn<RecoveryItem>(t("received"), (r) => r.receivedFen, "received"),
                moneyColumn<RecoveryItem>(t("toRecover"), (r) => r.outstandingFen, "outstanding"),
                {
                  title: "",
                  key: "open",
                  render: (_, r) => (
                    <Link to={`/finance/recoveries/${encodeURIComponent(r.id)}`} data-testid="open-recovery">
                      {r.outstandingFen > 0 && canReceive ? t("recordReceipt") : t("openRecovery")}
                    </Link>
                  ),
                },
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
