// Use case (pure): what the operators' console shows of a workflow execution (执行查看) — the graph of a state
// machine's ASL definition with a layered layout, and from an execution's event history the path taken, the current
// state, each step's input and output, and the human tasks (人工环节) waited on. No AWS imports: the admin HTTP
// adapter feeds it DescribeStateMachine's definition and GetExecutionHistory's events.

/** One history event, normalised by the adapter: `details` is the event's single `…EventDetails` object. */
export interface InspectedEvent {
  readonly id: number;
  readonly previousEventId?: number;
  readonly type: string;
  /** ISO 8601 instant. */
  readonly timestamp: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type EdgeKind = "next" | "choice" | "default" | "catch" | "retry";

export interface GraphNode {
  readonly name: string;
  readonly type: string;
  /** Distance from StartAt in transitions (shortest); unreachable states go below the last layer. */
  readonly layer: number;
  /** Position within its layer, left to right. */
  readonly order: number;
  readonly end: boolean;
  /** Callback task (…waitForTaskToken): a person is waited on here. */
  readonly waitsForPerson: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Catch: the errors caught; choice: a short rendering of the rule. */
  readonly label?: string;
}

export interface WorkflowGraph {
  readonly startAt: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly layers: number;
}

interface AslState {
  Type?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Resource?: string;
  Choices?: { Next?: string; Variable?: string; [rule: string]: unknown }[];
  Catch?: { Next?: string; ErrorEquals?: string[] }[];
}

/** Parses an ASL definition (JSON text or object) into the nodes and edges of its top-level states. */
export function workflowGraph(definition: string | Record<string, unknown>): WorkflowGraph {
  const asl = (typeof definition === "string" ? JSON.parse(definition) : definition) as {
    StartAt?: string;
    States?: Record<string, AslState>;
  };
  const states = asl.States ?? {};
  const startAt = asl.StartAt ?? Object.keys(states)[0] ?? "";
  const edges: GraphEdge[] = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Next) edges.push({ from: name, to: state.Next, kind: "next" });
    for (const choice of state.Choices ?? []) {
      if (choice.Next)
        edges.push({ from: name, to: choice.Next, kind: "choice", label: choiceLabel(choice) });
    }
    if (state.Default) edges.push({ from: name, to: state.Default, kind: "default", label: "Default" });
    for (const c of state.Catch ?? []) {
      if (c.Next)
        edges.push({ from: name, to: c.Next, kind: "catch", label: (c.ErrorEquals ?? []).join(", ") });
    }
  }

  // Layers by breadth-first distance from StartAt; each layer keeps the order states are first reached in.
  const layerOf = new Map<string, number>([[startAt, 0]]);
  const queue = [startAt];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const edge of edges.filter((e) => e.from === current)) {
      if (!layerOf.has(edge.to) && edge.to in states) {
        layerOf.set(edge.to, layerOf.get(current)! + 1);
        queue.push(edge.to);
      }
    }
  }
  const reachedLayers = Math.max(0, ...layerOf.values()) + 1;
  for (const name of Object.keys(states)) if (!layerOf.has(name)) layerOf.set(name, reachedLayers);
  const byLayer = new Map<number, string[]>();
  for (const [name, layer] of layerOf) byLayer.set(layer, [...(byLayer.get(layer) ?? []), name]);

  const nodes: GraphNode[] = Object.entries(states).map(([name, state]) => {
    const layer = layerOf.get(name)!;
    return {
      name,
      type: state.Type ?? "Unknown",
      layer,
      order: byLayer.get(layer)!.indexOf(name),
      end: state.End === true || state.Type === "Succeed" || state.Type === "Fail",
      waitsForPerson: (state.Resource ?? "").endsWith(".waitForTaskToken"),
    };
  });
  return { startAt, nodes, edges, layers: Math.max(...nodes.map((n) => n.layer + 1), 0) };
}

function choiceLabel(choice: Record<string, unknown>): string {
  const variable = typeof choice["Variable"] === "string" ? choice["Variable"] : "";
  const comparison = Object.entries(choice).find(([k]) => k !== "Variable" && k !== "Next");
  if (!comparison) return variable;
  const [operator, value] = comparison;
  const shown = typeof value === "object" ? "…" : String(value);
  return `${variable} ${operator} ${shown}`.trim().slice(0, 60);
}

export type StepStatus = "succeeded" | "failed" | "running";

/** One visit of a state: what went in and out (a state visited twice has two steps). */
export interface ExecutionStep {
  readonly name: string;
  readonly type: string;
  readonly status: StepStatus;
  readonly enteredAt: string;
  readonly exitedAt?: string;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/** Who a callback task waits on, from the task's payload (`task`/`kind`), as the workflows' ASL names them. */
export interface WaitedOn {
  readonly role: string;
  readonly what: string;
  readonly whatZh: string;
}

/** A human task (人工环节) the execution waits on: since when and until when. */
export interface PendingHumanTask {
  readonly state: string;
  readonly waitedOn: WaitedOn;
  readonly since: string;
  readonly deadline?: string;
  readonly timeoutSeconds?: number;
  /** The record the decision is about (demandId, challengeId, round, noticeId). */
  readonly subject: Readonly<Record<string, unknown>>;
}

export type StateMark = "visited" | "current" | "failed";

export interface ExecutionAnalysis {
  /** States in the order they were entered (repeats kept). */
  readonly path: readonly string[];
  /** The state the execution is in now (running), or where it stopped (failed, timed out, aborted). */
  readonly currentState?: string;
  readonly marks: Readonly<Record<string, StateMark>>;
  readonly steps: readonly ExecutionStep[];
  readonly pendingTasks: readonly PendingHumanTask[];
}

const byKind: Record<string, WaitedOn> = {
  "bureau-sign-off": { role: "bureau", what: "bureau sign-off (审核)", whatZh: "科技局审核" },
  "approver-sign-off": { role: "approver", what: "approver sign-off (审定)", whatZh: "审定领导审定" },
  "sign-off-resubmission": {
    role: "bureau",
    what: "resubmission after a send-back",
    whatZh: "退回后重新提交",
  },
  scores: { role: "expert", what: "expert scores (专家评审)", whatZh: "专家评分" },
  shortlist: { role: "enterprise", what: "shortlist and horse race", whatZh: "出题企业确定入围及赛马" },
  "bureau-confirmation": { role: "bureau", what: "bureau confirmation", whatZh: "科技局确认" },
  "approver-confirmation": { role: "approver", what: "approver confirmation", whatZh: "审定领导确认" },
};
const byTask: Record<string, WaitedOn> = {
  parkDecisionToken: { role: "bureau", what: "refinement decision", whatZh: "科技局凝练决定" },
  parkResubmissionToken: { role: "enterprise", what: "demand resubmission", whatZh: "企业重新提交需求" },
  parkRulingToken: { role: "bureau", what: "ruling on an objection (异议)", whatZh: "科技局异议裁定" },
  park: {
    role: "project",
    what: "the project's next event (signature, report, review, opinion)",
    whatZh: "项目下一事件（签署、报告、评审、拨付意见）",
  },
  parkApproval: { role: "finance", what: "four-eyes approval of a payment", whatZh: "拨付复核（双人审批）" },
  requestDisbursement: {
    role: "treasury",
    what: "the treasury's confirmation (国库集中支付)",
    whatZh: "国库支付中心回执",
  },
};

export function waitedOnFor(payload: Readonly<Record<string, unknown>>): WaitedOn {
  const kind = typeof payload["kind"] === "string" ? payload["kind"] : "";
  const task = typeof payload["task"] === "string" ? payload["task"] : "";
  return (
    byKind[kind] ??
    byTask[task] ?? { role: "unknown", what: kind || task || "callback", whatZh: kind || task || "回调" }
  );
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const subjectKeys = ["demandId", "challengeId", "round", "noticeId", "projectId", "applicationId"];

/**
 * Reads an execution's history (oldest first): the steps with their input and output, the path, the current state
 * and the callback tasks still waited on. `status` is DescribeExecution's (RUNNING, SUCCEEDED, FAILED, …).
 */
export function analyseExecution(
  events: readonly InspectedEvent[],
  status: string,
  graph?: WorkflowGraph,
): ExecutionAnalysis {
  const typeOf = new Map(graph?.nodes.map((n) => [n.name, n.type]));
  const steps: {
    name: string;
    type: string;
    status: StepStatus;
    enteredAt: string;
    exitedAt?: string;
    input?: unknown;
    output?: unknown;
    error?: string;
    cause?: string;
  }[] = [];
  const open = new Map<string, number>();
  let pending: { state: string; scheduled: InspectedEvent } | undefined;
  let lastFailure: { error?: string; cause?: string } | undefined;

  for (const event of events) {
    const d = event.details ?? {};
    if (event.type.endsWith("StateEntered")) {
      const name = String(d["name"]);
      open.set(name, steps.length);
      steps.push({
        name,
        type: typeOf.get(name) ?? event.type.replace(/StateEntered$/, ""),
        status: "running",
        enteredAt: event.timestamp,
        input: parseJson(d["input"]),
      });
      pending = undefined;
    } else if (event.type.endsWith("StateExited")) {
      const index = open.get(String(d["name"]));
      if (index !== undefined) {
        Object.assign(steps[index]!, {
          status: "succeeded",
          exitedAt: event.timestamp,
          output: parseJson(d["output"]),
        });
        open.delete(String(d["name"]));
      }
      pending = undefined;
    } else if (event.type === "TaskScheduled") {
      const resource = String(d["resource"] ?? "");
      const current = steps.at(-1);
      if (resource.endsWith(".waitForTaskToken") && current)
        pending = { state: current.name, scheduled: event };
    } else if (["TaskSucceeded", "TaskFailed", "TaskTimedOut"].includes(event.type)) {
      pending = undefined;
      if (event.type !== "TaskSucceeded") lastFailure = failureOf(d);
    } else if (/^(Execution(Failed|TimedOut|Aborted)|LambdaFunctionFailed)$/.test(event.type)) {
      lastFailure = failureOf(d);
      // A redrive (ExecutionRedriven) enters the failed state again as a new step: the attempt it closed failed.
      if (event.type.startsWith("Execution")) {
        for (const index of open.values()) {
          const step = steps[index]!;
          if (step.status !== "running") continue;
          step.status = "failed";
          if (lastFailure?.error) step.error = lastFailure.error;
          if (lastFailure?.cause) step.cause = lastFailure.cause;
        }
        open.clear();
        pending = undefined;
      }
    }
  }

  const last = steps.at(-1);
  const stopped = status !== "RUNNING" && status !== "SUCCEEDED";
  if (stopped && last && last.status === "running") {
    last.status = "failed";
    if (lastFailure?.error) last.error = lastFailure.error;
    if (lastFailure?.cause) last.cause = lastFailure.cause;
  }

  const marks: Record<string, StateMark> = {};
  for (const step of steps) marks[step.name] = "visited";
  let currentState: string | undefined;
  if (last && (status === "RUNNING" ? last.status === "running" : last.status === "failed")) {
    currentState = last.name;
    marks[last.name] = status === "RUNNING" ? "current" : "failed";
  }

  const pendingTasks: PendingHumanTask[] = [];
  if (status === "RUNNING" && pending) {
    const d = pending.scheduled.details ?? {};
    const payload = (parseJson(d["parameters"]) as { Payload?: Record<string, unknown> } | undefined)
      ?.Payload;
    const timeoutSeconds = typeof d["timeoutInSeconds"] === "number" ? d["timeoutInSeconds"] : undefined;
    const since = pending.scheduled.timestamp;
    pendingTasks.push({
      state: pending.state,
      waitedOn: waitedOnFor(payload ?? {}),
      since,
      ...(timeoutSeconds !== undefined
        ? {
            timeoutSeconds,
            deadline: new Date(Date.parse(since) + timeoutSeconds * 1000).toISOString(),
          }
        : {}),
      subject: Object.fromEntries(
        subjectKeys.filter((k) => payload?.[k] !== undefined).map((k) => [k, payload![k]]),
      ),
    });
  }

  return {
    path: steps.map((s) => s.name),
    ...(currentState ? { currentState } : {}),
    marks,
    steps,
    pendingTasks,
  };
}

function failureOf(d: Readonly<Record<string, unknown>>): { error?: string; cause?: string } {
  return {
    ...(typeof d["error"] === "string" ? { error: d["error"] } : {}),
    ...(typeof d["cause"] === "string" ? { cause: d["cause"].slice(0, 2000) } : {}),
  };
}
