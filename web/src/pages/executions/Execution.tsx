// Workbench: one execution — its state machine and status, the current state, the path taken, the human tasks it
// waits on, its graph (current state highlighted), the steps with their input and output and the event history as
// formatted JSON (token-like values masked), and links to the audit trail of the records it is about, which outlives
// the execution's 90 days.

import { Alert, Card, Collapse, Descriptions, Empty, Typography } from "antd";
import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { ExecutionControls, Interventions } from "./Control.tsx";
import { StatusTag } from "./Executions.tsx";
import { StateGraph } from "./Graph.tsx";
import { JsonBlock } from "./json.tsx";

type ExecutionAnswer = Answer<"/v1/admin/executions/{executionArn}">;
type PendingTask = ExecutionAnswer["pendingTasks"][number];
type Step = ExecutionAnswer["steps"][number];
type HistoryEvent = ExecutionAnswer["events"][number];

/**
 * The graph's scrolling box, opened on the state the execution stands in (or failed in): a project's machine has some
 * fifty states, wider and taller than the page, and the step it waits at is what the reader came for.
 */
function GraphBox({ label, children }: { label: string; children: React.ReactNode }) {
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    const frame = box.current;
    const state = frame?.querySelector<SVGGElement>('[data-mark="current"], [data-mark="failed"]');
    if (!frame || !state) return;
    const at = state.getBoundingClientRect();
    const within = frame.getBoundingClientRect();
    frame.scrollLeft += at.left + at.width / 2 - (within.left + within.width / 2);
    frame.scrollTop += at.top + at.height / 2 - (within.top + within.height / 2);
  }, []);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the graph scrolls; keyboard users reach it (WCAG 2.1.1)
    <section className="graph-box" data-testid="graph" tabIndex={0} aria-label={label} ref={box}>
      {children}
    </section>
  );
}

/** A string field of a value of unknown shape (a step's input, a task's subject), or undefined. */
function textAt(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The records an execution is about, from the pending tasks' subjects and the first step's input. */
function subjects(data: ExecutionAnswer): [string, string][] {
  const found = new Map<string, string>();
  const keys = ["projectId", "challengeId", "demandId", "applicationId", "paymentId", "recoveryId"];
  const sources: unknown[] = [...data.pendingTasks.map((p) => p.subject), data.steps[0]?.input];
  for (const s of sources) {
    for (const k of keys) {
      const id = textAt(s, k);
      if (id && !found.has(k)) found.set(k, id);
    }
  }
  return [...found.entries()];
}

function ExecutionView({ data, reload }: { data: ExecutionAnswer; reload: () => void }) {
  const { t, role, label, lang } = useWords();
  const { execution, path } = data;
  const records = subjects(data);
  return (
    <>
      <Typography.Paragraph>
        <Link to={`/executions?${new URLSearchParams({ sm: execution.stateMachine })}`}>← {t("back")}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} className="page-title" style={{ fontSize: 22, wordBreak: "break-all" }}>
        {t("execution")} {execution.name}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t("stateMachine")}>{execution.stateMachine}</Descriptions.Item>
          <Descriptions.Item label={t("status")}>
            <span data-testid="execution-status">
              <StatusTag status={execution.status} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t("started")}>{when(execution.startDate)}</Descriptions.Item>
          <Descriptions.Item label={t("stopped")}>{when(execution.stopDate) || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("currentState")}>
            <span data-testid="current-state">{data.currentState ?? "—"}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("pathTaken")}>{path.join(" → ")}</Descriptions.Item>
          <Descriptions.Item label={t("recordAudit")} span={2}>
            <span data-testid="record-links">
              {records.length === 0
                ? "—"
                : records.map(([k, id]) =>
                    k === "projectId" ? (
                      <Link
                        key={k}
                        to={`/projects/${encodeURIComponent(id)}#audit-trail`}
                        style={{ marginRight: 12 }}
                      >
                        {t("project")} {id}
                      </Link>
                    ) : (
                      <span key={k} style={{ marginRight: 12 }}>
                        {k.replace(/Id$/, "")} <code>{id}</code>{" "}
                        <span className="muted">(npm run cli -- audit trail)</span>
                      </span>
                    ),
                  )}
            </span>
          </Descriptions.Item>
        </Descriptions>
        {execution.error ? (
          <Alert type="error" showIcon title={`${execution.error}: ${execution.cause ?? ""}`} />
        ) : null}
      </Card>
      <Alert type="info" showIcon title={t("expiresNote")} style={{ marginBottom: 16 }} />
      <ExecutionControls
        key={`${execution.status}#${data.events.length}`}
        executionArn={execution.executionArn}
        status={execution.status}
        reload={reload}
      />

      <Typography.Title level={2}>{t("pendingTasks")}</Typography.Title>
      {data.pendingTasks.length === 0 ? (
        <Empty description={t("noPendingTasks")} />
      ) : (
        <DataTable<PendingTask>
          testid="pending-tasks"
          size="small"
          pagination={false}
          rowKey={(p) => p.state}
          dataSource={data.pendingTasks}
          columns={[
            { title: t("currentState"), key: "state", render: (_, p) => p.state },
            {
              title: t("waitedOn"),
              key: "who",
              render: (_, p) => {
                const who = role(p.waitedOn.role);
                const what = lang === "en" ? p.waitedOn.what : p.waitedOn.whatZh;
                const text = !what
                  ? who
                  : what.toLowerCase().startsWith(who.toLowerCase())
                    ? what
                    : `${who} · ${what}`;
                return <span data-testid="waited-on">{text}</span>;
              },
            },
            { title: t("since"), key: "since", render: (_, p) => when(p.since) },
            { title: t("deadline"), key: "deadline", render: (_, p) => when(p.deadline) },
            {
              title: t("subject"),
              key: "subject",
              render: (_, p) =>
                Object.entries(p.subject)
                  .map(([k, v]) => `${k}: ${String(v)}`)
                  .join(", "),
            },
          ]}
        />
      )}

      <Typography.Title level={2}>{t("graph")}</Typography.Title>
      <Typography.Paragraph className="muted">{t("legend")}</Typography.Paragraph>
      <GraphBox label={t("graph")}>
        <StateGraph graph={data.graph} marks={data.marks} path={path} legend={t("graph")} />
      </GraphBox>

      <Typography.Title level={2}>{t("steps")}</Typography.Title>
      <DataTable<Step>
        testid="steps"
        size="small"
        tableLayout="fixed"
        pagination={false}
        rowKey={(s) => `${s.name}#${s.enteredAt}`}
        dataSource={data.steps}
        onRow={(s) => ({ "data-step": s.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t("name"),
            key: "name",
            width: 220,
            render: (_, s) => (
              <>
                {s.name}
                <div className="muted">{s.type}</div>
              </>
            ),
          },
          {
            title: t("status"),
            key: "status",
            width: 96,
            render: (_, s) => (
              <>
                {label(`step-${s.status}`)}
                {s.error ? <div className="bad">{s.error}</div> : null}
              </>
            ),
          },
          {
            title: t("time"),
            key: "time",
            width: 180,
            render: (_, s) => (
              <>
                {when(s.enteredAt)}
                {s.exitedAt ? <div className="muted">{when(s.exitedAt)}</div> : null}
              </>
            ),
          },
          {
            title: t("input"),
            key: "in",
            render: (_, s) => <JsonBlock value={s.input} label={`${s.name} · ${t("input")}`} />,
          },
          {
            title: t("output"),
            key: "out",
            render: (_, s) => <JsonBlock value={s.output} label={`${s.name} · ${t("output")}`} />,
          },
        ]}
      />

      <Interventions
        executionArn={execution.executionArn}
        version={`${execution.status}#${data.events.length}`}
      />

      <Typography.Title level={2}>{t("history")}</Typography.Title>
      <Collapse
        items={[
          {
            key: "history",
            label: `${t("history")} (${data.events.length})`,
            children: (
              <DataTable<HistoryEvent>
                testid="history"
                size="small"
                tableLayout="fixed"
                pagination={false}
                rowKey={(e) => String(e.id)}
                dataSource={data.events}
                columns={[
                  { title: "#", key: "id", width: 50, render: (_, e) => e.id },
                  { title: t("type"), key: "type", width: 220, render: (_, e) => e.type },
                  { title: t("time"), key: "time", width: 170, render: (_, e) => when(e.timestamp) },
                  {
                    title: t("details"),
                    key: "details",
                    render: (_, e) => <JsonBlock value={e.details} label={`#${e.id} ${e.type}`} />,
                  },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}

export default function ExecutionPage() {
  const [params] = useSearchParams();
  const arn = params.get("arn") ?? "";
  // A project's page links its execution by machine and name (?sm=…&name=…): the ARN is the machine's, named.
  const sm = params.get("sm") ?? "";
  const name = params.get("name") ?? "";
  const loaded = useLoad(async () => {
    let executionArn = arn;
    if (!executionArn && sm && name) {
      const machines = await body(client.GET("/v1/admin/state-machines"));
      const machineArn = machines.items.find((m) => m.name === sm)?.stateMachineArn ?? "";
      executionArn = `${machineArn.split(":").slice(0, 7).join(":").replace(":stateMachine:", ":execution:")}:${name}`;
    }
    return body(client.GET("/v1/admin/executions/{executionArn}", { params: { path: { executionArn } } }));
  }, [arn, sm, name]);
  return (
    <section>
      <Show loaded={loaded}>
        {(data) => (
          <ExecutionView data={data} reload={loaded.state === "ready" ? loaded.reload : () => undefined} />
        )}
      </Show>
    </section>
  );
}
