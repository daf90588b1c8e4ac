// Workbench: recoveries (追回) — each receivable with its reason, payer, decision date, the date it is due back, how
// many days it is overdue (Beijing calendar days, while money is still to come back) and whether it was escalated;
// the amount, what came back and what is still to be recovered (待追回).

import { Empty, Select, Space, Tag, Typography } from "antd";
import { useSearchParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { at, bool, type Json, list, num, optStr, str } from "../../api/read.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, daysSince, when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { moneyColumn, ProjectLink } from "../common.tsx";

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
      list(
        await body(client.GET("/v1/recoveries", { params: { query: status ? { status } : {} } })),
        "items",
      ),
    [status],
  );
  const now = new Date().toISOString();
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
            <DataTable<Json>
              testid="recoveries"
              size="small"
              pagination={false}
              scroll={{ x: "max-content" }}
              rowKey={(r) => str(r, "id")}
              dataSource={items}
              onRow={(r) => ({ "data-recovery": str(r, "id") }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("project"),
                  key: "project",
                  render: (_, r) => <ProjectLink id={str(r, "projectId")} />,
                },
                { title: t("reason"), key: "reason", render: (_, r) => label(str(r, "reason")) },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, r) => (
                    <Tag className={`status status-${str(r, "status")}`}>{stage(str(r, "status"))}</Tag>
                  ),
                },
                { title: t("payer"), key: "payer", render: (_, r) => str(r, "payerOrganisationId") },
                { title: t("decidedOn"), key: "decided", render: (_, r) => day(str(r, "decidedOn")) },
                {
                  title: t("dueDate"),
                  key: "due",
                  render: (_, r) => <span data-testid="due-on">{day(str(r, "dueOn"))}</span>,
                },
                {
                  title: t("daysOverdue"),
                  key: "overdue",
                  align: "right",
                  render: (_, r) => {
                    const due = optStr(r, "dueOn");
                    const days = due && num(r, "outstandingFen") > 0 ? daysSince(due, now) : undefined;
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
                    bool(r, "escalated") ? (
                      <Tag className="status status-FAILED" data-testid="escalated">
                        {t("escalated")} {day(when(optStr(at(r, "escalation"), "at")).slice(0, 10))}
                      </Tag>
                    ) : (
                      "—"
                    ),
                },
                moneyColumn<Json>(t("amount"), (r) => num(r, "amountFen"), "amount"),
                moneyColumn<Json>(t("received"), (r) => num(r, "receivedFen"), "received"),
                moneyColumn<Json>(t("toRecover"), (r) => num(r, "outstandingFen"), "outstanding"),
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
