// Workbench: the executions inspector (流程执行) — the stuck-executions sweep on demand (停滞流程巡检), then a state
// machine's executions by status, newest first, page by page; each links to its own view. Closed executions expire
// after 90 days, as in AWS; the records' audit trails do not.

import { Alert, Button, Card, Empty, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useErrorText, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";

const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as const;
type Status = (typeof statuses)[number];
type Machine =
  | "demand-intake"
  | "challenge-publication"
  | "challenge-award"
  | "project-phase"
  | "payment"
  | "recovery-escalation";

type Stuck = Answer<"/v1/admin/stuck-executions">["stuck"][number];
type ExecutionRow = Answer<"/v1/admin/executions">["items"][number];

export const executionLink = (arn: string) => `/executions/view?${new URLSearchParams({ arn })}`;

export function StatusTag({ status }: { status: string }) {
  const { stage } = useWords();
  return <Tag className={`status status-${status}`}>{stage(status)}</Tag>;
}

function StuckPanel() {
  const { t, tf, label, lang } = useWords();
  const loaded = useLoad(() => body(client.GET("/v1/admin/stuck-executions")), []);
  return (
    <Card
      data-testid="stuck-executions"
      title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("stuckExecutions")}</h2>}
      style={{ marginBottom: 16 }}
    >
      <Show loaded={loaded}>
        {(result) => {
          const stuck = result.stuck;
          const checked = (
            <p className="muted" data-testid="stuck-checked">
              {tf("stuckChecked", {
                at: when(result.checkedAt),
                running: result.runningTotal,
                minutes: Math.round(result.thresholdMs / 60_000),
              })}
            </p>
          );
          if (stuck.length === 0) {
            return (
              <>
                <p data-testid="no-stuck">{t("noStuck")}</p>
                {checked}
              </>
            );
          }
          return (
            <>
              <Table<Stuck>
                size="small"
                pagination={false}
                rowKey={(s) => s.executionArn}
                dataSource={stuck}
                onRow={(s) =>
                  ({
                    "data-execution": s.name,
                    "data-reason": s.reason,
                  }) as React.HTMLAttributes<HTMLElement>
                }
                columns={[
                  { title: t("stateMachine"), key: "sm", render: (_, s) => s.stateMachine },
                  {
                    title: t("execution"),
                    key: "name",
                    render: (_, s) => <Link to={executionLink(s.executionArn)}>{s.name}</Link>,
                  },
                  { title: t("currentState"), key: "state", render: (_, s) => s.stateName },
                  {
                    title: t("reason"),
                    key: "reason",
                    render: (_, s) => (
                      <div data-testid="stuck-reason">
                        <strong>{label(`stuck-${s.reason}`)}</strong>
                        <br />
                        <small className="muted">{lang === "en" ? s.message : s.messageZh}</small>
                      </div>
                    ),
                  },
                  { title: t("stuckSince"), key: "since", render: (_, s) => when(s.since) },
                  {
                    title: t("correlationId"),
                    key: "corr",
                    render: (_, s) => <code>{s.correlationId}</code>,
                  },
                ]}
              />
              {checked}
            </>
          );
        }}
      </Show>
    </Card>
  );
}

function ExecutionList({ machine, status }: { machine: Machine; status: Status | undefined }) {
  const { t } = useWords();
  const errorText = useErrorText();
  const [pages, setPages] = useState<{ items: ExecutionRow[]; next?: string }>({ items: [] });
  const [error, setError] = useState("");
  const fetchPage = (cursor?: string) =>
    body(
      client.GET("/v1/admin/executions", {
        params: {
          query: { stateMachine: machine, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    );
  const loaded = useLoad(async () => {
    const first = await fetchPage();
    setPages({ items: first.items, ...(first.next ? { next: first.next } : {}) });
    return true;
  }, [machine, status]);
  const more = () =>
    fetchPage(pages.next).then(
      (page) =>
        setPages((p) => ({
          items: [...p.items, ...page.items],
          ...(page.next ? { next: page.next } : {}),
        })),
      (e: unknown) => setError(errorText(e)),
    );
  return (
    <Show loaded={loaded}>
      {() =>
        pages.items.length === 0 ? (
          <Empty description={t("noExecutions")} />
        ) : (
          <>
            <DataTable<ExecutionRow>
              testid="executions"
              size="small"
              pagination={false}
              rowKey={(e) => e.executionArn}
              dataSource={pages.items}
              onRow={(e) => ({ "data-execution": e.name }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("name"),
                  key: "name",
                  render: (_, e) => <Link to={executionLink(e.executionArn)}>{e.name}</Link>,
                },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, e) => <StatusTag status={e.status} />,
                },
                { title: t("started"), key: "start", render: (_, e) => when(e.startDate) },
                { title: t("stopped"), key: "stop", render: (_, e) => when(e.stopDate) },
              ]}
            />
            {pages.next ? (
              <Button onClick={more} style={{ marginTop: 8 }}>
                {t("more")}
              </Button>
            ) : null}
            {error ? <Alert type="error" title={error} /> : null}
          </>
        )
      }
    </Show>
  );
}

export default function ExecutionsPage() {
  const { t, stage } = useWords();
  const [params, setParams] = useSearchParams();
  const machines = useLoad(async () => (await body(client.GET("/v1/admin/state-machines"))).items, []);
  const rawStatus = params.get("status");
  const status = statuses.includes(rawStatus as Status) ? (rawStatus as Status) : undefined;
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("executions")}
      </Typography.Title>
      <StuckPanel />
      <Alert
        type="info"
        showIcon
        title={t("expiresNote")}
        style={{ marginBottom: 16 }}
        data-testid="expiry-note"
      />
      <Show loaded={machines}>
        {(items) => {
          const machine = (params.get("sm") ?? items[0]?.name ?? "") as Machine;
          const set = (next: Record<string, string>) => {
            const q = new URLSearchParams({ sm: machine, ...(status ? { status } : {}), ...next });
            if (!q.get("status")) q.delete("status");
            setParams(q);
          };
          return (
            <>
              <Space style={{ marginBottom: 12 }} wrap>
                {t("stateMachine")}
                <Select
                  data-testid="state-machine"
                  aria-label={t("stateMachine")}
                  style={{ width: 240 }}
                  value={machine}
                  onChange={(v: string) => set({ sm: v })}
                  options={items.map((m) => ({ value: m.name, label: m.name }))}
                />
                {t("status")}
                <Select
                  data-testid="status"
                  aria-label={t("status")}
                  style={{ width: 160 }}
                  value={status ?? ""}
                  onChange={(v: string) => set({ status: v })}
                  options={[
                    { value: "", label: t("allStatuses") },
                    ...statuses.map((s) => ({ value: s, label: stage(s) })),
                  ]}
                />
              </Space>
              <Typography.Paragraph className="muted">
                {items.find((m) => m.name === machine)?.description ?? ""}
              </Typography.Paragraph>
              <ExecutionList machine={machine} status={status} />
            </>
          );
        }}
      </Show>
    </section>
  );
}
