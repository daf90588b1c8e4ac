// Use case (operations): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";

export const graphNodeSchema = lazySchema("GraphNode", () =>
  z.object({
    name: z.string(),
    type: z.string(),
    layer: z.number(),
    order: z.number(),
    end: z.boolean(),
    waitsForPerson: z.boolean(),
  }),
);
export const graphEdgeSchema = lazySchema("GraphEdge", () =>
  z.object({
    from: z.string(),
    to: z.string(),
    kind: z.enum(["default", "catch", "next", "choice", "retry"]),
    label: z.optional(z.string()),
  }),
);
export const workflowGraphSchema = lazySchema("WorkflowGraph", () =>
  z.object({
    startAt: z.string(),
    nodes: z.array(graphNodeSchema()),
    edges: z.array(graphEdgeSchema()),
    layers: z.number(),
  }),
);
export const getAdminStateMachines200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        name: z.string(),
        stateMachineArn: z.string(),
        deployedName: z.optional(z.string()),
        status: z.string(),
        type: z.optional(z.string()),
        description: z.string(),
        graph: workflowGraphSchema(),
      }),
    ),
  }),
);
export const getAdminExecutions200Schema = lazySchema(() =>
  z.object({
    next: z.optional(z.string()),
    items: z.array(
      z.object({
        stateMachine: z.string(),
        executionArn: z.string(),
        name: z.string(),
        status: z.string(),
        startDate: z.optional(z.string()),
        stopDate: z.optional(z.string()),
      }),
    ),
  }),
);
export const stuckExecutionSchema = lazySchema("StuckExecution", () =>
  z.object({
    stateMachine: z.string(),
    executionArn: z.string(),
    name: z.string(),
    startDate: z.string(),
    correlationId: z.optional(z.string()),
    reason: z.enum(["task-in-flight", "no-progress", "callback-overdue", "timer-overdue", "retry-overdue"]),
    stateName: z.optional(z.string()),
    since: z.string(),
    stuckForMs: z.number(),
    message: z.string(),
    messageZh: z.string(),
  }),
);
export const sweepResultSchema = lazySchema("SweepResult", () =>
  z.object({
    checkedAt: z.string(),
    thresholdMs: z.number(),
    running: z.record(z.string(), z.number()),
    runningTotal: z.number(),
    stuck: z.array(stuckExecutionSchema()),
  }),
);
export const inspectedEventSchema = lazySchema("InspectedEvent", () =>
  z.object({
    id: z.number(),
    previousEventId: z.optional(z.number()),
    type: z.string(),
    timestamp: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
);
export const executionStepSchema = lazySchema("ExecutionStep", () =>
  z.object({
    name: z.string(),
    type: z.string(),
    status: z.enum(["failed", "succeeded", "running"]),
    enteredAt: z.string(),
    exitedAt: z.optional(z.string()),
    input: z.optional(z.unknown()),
    output: z.optional(z.unknown()),
    error: z.optional(z.string()),
    cause: z.optional(z.string()),
  }),
);
export const waitedOnSchema = lazySchema("WaitedOn", () =>
  z.object({ role: z.string(), what: z.string(), whatZh: z.string() }),
);
export const pendingHumanTaskSchema = lazySchema("PendingHumanTask", () =>
  z.object({
    state: z.string(),
    waitedOn: waitedOnSchema(),
    since: z.string(),
    deadline: z.optional(z.string()),
    timeoutSeconds: z.optional(z.number()),
    subject: z.record(z.string(), z.unknown()),
  }),
);
export const getAdminExecutionsExecutionArn200Schema = lazySchema(() =>
  z.object({
    events: z.array(inspectedEventSchema()),
    path: z.array(z.string()),
    currentState: z.optional(z.string()),
    marks: z.record(z.string(), z.enum(["visited", "current", "failed"])),
    steps: z.array(executionStepSchema()),
    pendingTasks: z.array(pendingHumanTaskSchema()),
    execution: z.object({
      cause: z.optional(z.string()),
      error: z.optional(z.string()),
      output: z.optional(z.unknown()),
      input: z.unknown(),
      stopDate: z.optional(z.string()),
      executionArn: z.string(),
      stateMachine: z.string(),
      stateMachineArn: z.optional(z.string()),
      name: z.string(),
      status: z.string(),
      startDate: z.optional(z.string()),
    }),
    graph: workflowGraphSchema(),
  }),
);
export const organisationRefSchema = lazySchema("OrganisationRef", () =>
  z.object({ organisationId: z.string(), name: z.string() }),
);
export const getProjects200Schema = lazySchema(() =>
  z.object({
    next: z.optional(z.string()),
    items: z.array(
      z.object({
        id: z.string(),
        programmeId: z.string(),
        programmeName: z.string(),
        programmeNameZh: z.string(),
        challengeId: z.string(),
        /** The project's title: its challenge's (榜单名称). */
        title: z.optional(z.string()),
        enterprise: organisationRefSchema(),
        solverLead: organisationRefSchema(),
        rdInvestmentFen: z.number(),
        grantFen: z.number(),
        status: z.enum([
          "accepted",
          "awaiting-task-book",
          "in-progress",
          "extended",
          "under-acceptance",
          "not-accepted",
          "terminated",
        ]),
        awardedAt: z.string(),
      }),
    ),
  }),
);
export const getProjectsProjectIdAuditTrail200Schema = lazySchema(() =>
  z.object({
    projectId: z.string(),
    ok: z.boolean(),
    records: z.array(
      z.union([
        z.object({
          ok: z.boolean(),
          brokenAt: z.number(),
          reason: z.enum([
            "content-changed",
            "link-broken",
            "missing-event",
            "unchained",
            "reordered",
            "truncated",
            "head-mismatch",
            "rolled-back",
            "record-missing",
            "deleted-after-anchoring",
            "rewritten-after-anchoring",
          ]),
          events: z.number(),
          version: z.optional(z.number()),
          recordKind: z.string(),
          recordId: z.string(),
        }),
        z.object({
          ok: z.boolean(),
          events: z.number(),
          version: z.optional(z.number()),
          recordKind: z.string(),
          recordId: z.string(),
        }),
      ]),
    ),
    events: z.array(
      z.object({
        hash: z.optional(z.string()),
        prevHash: z.optional(z.string()),
        afterHash: z.string(),
        beforeHash: z.optional(z.string()),
        detail: z.optional(z.record(z.string(), z.unknown())),
        at: z.string(),
        recordKind: z.string(),
        recordId: z.string(),
        version: z.number(),
        actor: z.string(),
        role: z.string(),
        action: z.string(),
      }),
    ),
  }),
);
export const ledgerEntrySchema = lazySchema("LedgerEntry", () =>
  z.object({ account: z.string(), debitFen: z.number(), creditFen: z.number() }),
);
export const getProgrammesProgrammeIdLedgerEntries200Schema = lazySchema(() =>
  z.object({
    next: z.optional(z.string()),
    items: z.array(
      z.object({
        amountFen: z.number(),
        entries: z.array(
          z.object({
            ...ledgerEntrySchema().shape,
            /** The account in words: "Project <title> · committed". */
            accountName: z.string(),
            /** 科目名称: "项目 <title> · 已承诺". */
            accountNameZh: z.string(),
          }),
        ),
        overRecovery: z.optional(z.boolean()),
        paymentId: z.optional(z.string()),
        projectId: z.optional(z.string()),
        /** The project's title, when the transaction is a project's. */
        projectTitle: z.optional(z.string()),
        id: z.string(),
        kind: z.enum(["fund", "commit", "release", "payable", "pay", "assess", "recover"]),
        postedAt: z.string(),
      }),
    ),
  }),
);
export const getFinanceSeries200Schema = lazySchema(() =>
  z.object({
    asOf: z.string(),
    programmes: z.array(
      z.object({
        programmeId: z.string(),
        name: z.string(),
        nameZh: z.string(),
        year: z.number(),
        budgetFen: z.number(),
        projects: z.number(),
        committedFen: z.number(),
        disbursedFen: z.number(),
        recoveredFen: z.number(),
        recoverableFen: z.number(),
        enterpriseInvestmentFen: z.number(),
        socialInvestmentFen: z.number(),
        leveragePublicFen: z.number(),
        roadShowInterestFen: z.number(),
        leverage: z.nullable(z.string()),
        challenges: z.array(
          z.object({
            challengeId: z.string(),
            title: z.optional(z.string()),
            socialInvestmentFen: z.number(),
            leveragePublicFen: z.number(),
            roadShowInterestFen: z.number(),
            leverage: z.nullable(z.string()),
          }),
        ),
      }),
    ),
    totals: z.object({
      committedFen: z.number(),
      disbursedFen: z.number(),
      recoveredFen: z.number(),
      socialInvestmentFen: z.number(),
      leveragePublicFen: z.number(),
      roadShowInterestFen: z.number(),
      leverage: z.nullable(z.string()),
    }),
    series: z.array(
      z.object({
        date: z.string(),
        committedFen: z.number(),
        disbursedFen: z.number(),
        recoveredFen: z.number(),
      }),
    ),
  }),
);
export const partReportSchema = lazySchema("PartReport", () =>
  z.object({
    ok: z.boolean(),
    latencyMs: z.number(),
    detail: z.optional(z.record(z.string(), z.unknown())),
    error: z.optional(z.string()),
  }),
);
export const getHealth200Schema = lazySchema(() =>
  z.object({
    status: z.string(),
    parts: z.object({
      data: partReportSchema(),
      storage: partReportSchema(),
      workflows: partReportSchema(),
      clock: partReportSchema(),
    }),
  }),
);
export const getHealth503Schema = lazySchema(() =>
  z.object({
    status: z.string(),
    parts: z.object({
      data: partReportSchema(),
      storage: partReportSchema(),
      workflows: partReportSchema(),
      clock: partReportSchema(),
    }),
  }),
);

/** This API's OpenAPI 3.1 document (described by itself: the version, the info, the paths). */
export const openApiDocumentSchema = lazySchema("OpenApiDocument", () =>
  z.looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  }),
);
export const interventionSchema = lazySchema("ExecutionIntervention", () =>
  z.object({
    action: z.enum(["stop", "redrive"]),
    actorId: z.string(),
    actorName: z.optional(z.string()),
    reason: z.string(),
    at: z.string(),
    statusBefore: z.string(),
  }),
);
export const postAdminExecutionsExecutionArnStop200Schema = lazySchema("ExecutionControlResult", () =>
  z.object({
    executionArn: z.string(),
    status: z.string(),
    at: z.string(),
    intervention: interventionSchema(),
  }),
);
export const getAdminExecutionsExecutionArnInterventions200Schema = lazySchema(() =>
  z.object({ items: z.array(interventionSchema()) }),
);
