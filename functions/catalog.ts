// The platform's deployable units as data: Lambda functions, their HTTP routes and the state machines.
// Read by the CDK stateless stack, the embedded runtime's gateway and Step Functions service, and the OpenAPI route.
import type { RecordPolicyRef } from "./kernel/record-access.ts";
import { roles as allRoles, type Role } from "./kernel/roles.ts";

export type Access = "read" | "readwrite";

/** What a function may touch; CDK turns it into least-privilege grants, the local runtime ignores it. */
export interface FunctionAccess {
  readonly table?: Access;
  readonly evidence?: Access;
  readonly audit?: Access;
  /**
   * Seals verified uploads (a write-once copy under `sealed/`, functions/platform/ports/sealing.ts): milestone evidence and
   * demand attachments. Every other function with evidence write access is denied writes under `sealed/`, so no
   * presigned URL it signs reaches them; the sealers never presign a `sealed/` key (the S3 adapter refuses to).
   */
  readonly sealsEvidence?: boolean;
  /** State machines this function may start and read (StartExecution, DescribeExecution, GetExecutionHistory). */
  readonly startsWorkflows?: readonly string[];
  /** State machines whose callback tasks this function completes (SendTaskSuccess/Failure/Heartbeat). */
  readonly completesWorkflows?: readonly string[];
  /** Read-only look at state machines and executions (health, console). */
  readonly inspectsWorkflows?: boolean;
  /** Stops and redrives executions of every machine (the operators' console: StopExecution, RedriveExecution). */
  readonly controlsWorkflows?: boolean;
  /** Signs audit digests with the audit digest key (KMS Sign and GetPublicKey on that key only). */
  readonly signsAuditDigests?: boolean;
  /** Puts domain events on the platform's EventBridge custom bus (events:PutEvents on that bus only). */
  readonly publishesEvents?: boolean;
  /**
   * Writes open data's daily file to the public files path: read and write of `open-data/360giving/*` in the console's
   * site bucket, which its CloudFront distribution serves to anyone (docs/open-data.md "Daily file").
   */
  readonly writesOpenDataFiles?: boolean;
}

/** A task function run on a schedule in AWS (an EventBridge rule, infra/constructs/schedules.ts). */
export interface FunctionSchedule {
  /** Every this many minutes (one of everyMinutes and dailyAtUtc). */
  readonly everyMinutes?: number;
  /** Once a day at this UTC time (China keeps no daylight saving: 16:00 UTC is 00:00 Asia/Shanghai all year). */
  readonly dailyAtUtc?: { readonly hour: number; readonly minute: number };
  /** What a run does (the rule's description). */
  readonly description: string;
}

export interface FunctionDefinition {
  /** Short name; the deployed function is "<stack>-<name>" in AWS and "jiebang-<name>" locally. */
  readonly name: string;
  /** Module path from the project root; it exports `handler`. */
  readonly entry: string;
  readonly kind: "http" | "task";
  readonly description: string;
  readonly access: FunctionAccess;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Task functions only: run on this schedule in AWS (not by a state machine). */
  readonly schedule?: FunctionSchedule;
  /**
   * Stream functions only: invoked with the records table's stream (NEW_IMAGE) by an event source mapping in AWS
   * (infra), by the embedded runtime's stream poller locally (local/streams.ts).
   */
  readonly stream?: { readonly batchSize: number; readonly maxAttempts: number };
  /** Deployed only with this identity mode (infra/config.ts `jiebang:identity`); always loaded locally. */
  readonly identity?: "oidc";
}

/** The functions a deployment with this identity mode has. */
export const deployedFunctions = (
  all: readonly FunctionDefinition[],
  identity: "cognito" | "oidc",
): FunctionDefinition[] => all.filter((f) => f.identity === undefined || f.identity === identity);

/** The Lambda authorizer's catalog name (infra/constructs/api.ts wires it when identity=oidc). */
export const identityAuthorizerFunction = "identity-authorizer";

/** The project lifecycle's machines: every function that hands a project's event to its parked callback completes them. */
const projectMachines = [
  "project-phase",
  "project-start",
  "project-milestone",
  "project-anniversary",
  "project-acceptance",
] as const;

export const functions: readonly FunctionDefinition[] = [
  {
    name: "health",
    entry: "functions/operations/adapters/health-http.ts",
    kind: "http",
    description: "GET /v1/health: reports data, storage, workflows and clock",
    access: { table: "read", evidence: "read", inspectsWorkflows: true },
  },
  {
    name: "openapi",
    entry: "functions/operations/adapters/openapi-http.ts",
    kind: "http",
    description: "GET /v1/openapi.json: the API description generated from the route catalog",
    access: {},
  },
  {
    name: "demands-api",
    entry: "functions/demands/adapters/http.ts",
    kind: "http",
    description:
      "Enterprise demands (需求征集) under a programme: drafts, attachments, submission; refinement (榜单凝练): experts, opinions, bureau decisions",
    // Submission verifies each attachment and seals it (a write-once copy to sealed/…, platform/ports/sealing.ts).
    access: {
      table: "readwrite",
      evidence: "readwrite",
      sealsEvidence: true,
      startsWorkflows: ["demand-intake"],
      completesWorkflows: ["demand-intake"],
    },
  },
  {
    name: "demand-intake-tasks",
    entry: "functions/demands/adapters/tasks.ts",
    kind: "task",
    description:
      "Task states of the demand-intake workflow: park the bureau's task token, apply its decision (return, merge, draft a challenge)",
    access: { table: "readwrite" },
  },
  // --- selection: programmes, refinement (榜单凝练), challenges, publication (张榜发布) ---
  {
    name: "programmes-api",
    entry: "functions/programmes/adapters/http.ts",
    kind: "http",
    description: "Programmes (批次): the bureau creates one from a policy preset or a custom policy; reads",
    access: { table: "readwrite" },
  },
  {
    name: "organisations-api",
    entry: "functions/organisations/adapters/http.ts",
    kind: "http",
    description:
      "Organisation registry (机构名录): registered names and unified social credit codes (GB 32100-2015); reads",
    access: { table: "readwrite" },
  },
  {
    name: "overlap-api",
    entry: "functions/overlap/adapters/http.ts",
    kind: "http",
    description:
      "就高不重复: overlap checks of applications by unified social credit code, the bureau's decisions (a withdrawal ends the lower project), external grants",
    access: {
      table: "readwrite",
      evidence: "read",
      // Each decision in the audit reports of the projects it concerns (overlap/reports.ts).
      audit: "readwrite",
      // draftTaskBook starts the chain at project-<id>-start-r1 (project-start); project-phase only for a project still
      // on it whose draft is asked for again.
      startsWorkflows: ["project-phase", "project-start", "recovery-escalation"],
      completesWorkflows: ["project-phase"],
    },
  },
  {
    name: "challenges-api",
    entry: "functions/challenges/adapters/http.ts",
    kind: "http",
    description:
      "Challenges (榜单): reads, draft edits, submission for sign-off, bureau and approver sign-off, republication",
    access: {
      table: "readwrite",
      startsWorkflows: ["challenge-publication"],
      completesWorkflows: ["challenge-publication"],
    },
  },
  {
    name: "public-challenges-api",
    entry: "functions/challenges/adapters/public-http.ts",
    kind: "http",
    description: "Public, no login: published challenges and programmes (public views only)",
    access: { table: "read" },
  },
  {
    name: "open-data-api",
    entry: "functions/opendata/adapters/http.ts",
    kind: "http",
    description:
      "Public, no login: open data (公开数据) of awards and disbursements in the 360Giving Data Standard, JSON and CSV",
    access: { table: "read" },
    memoryMb: 512,
  },
  {
    name: "open-data-daily",
    entry: "functions/opendata/adapters/daily-task.ts",
    kind: "task",
    description:
      "Open data's daily file: the day's 360Giving package (JSON) and CSV of every award and its disbursements, written to open-data/360giving/<date>.* and latest.* on the console's distribution",
    access: { table: "read", writesOpenDataFiles: true },
    timeoutSeconds: 300,
    memoryMb: 1024,
    schedule: {
      dailyAtUtc: { hour: 16, minute: 0 },
      description: "jiebang: daily at 00:00 Asia/Shanghai, publish the day's open-data file (360Giving)",
    },
  },
  {
    name: "challenge-publication-tasks",
    entry: "functions/challenges/adapters/tasks.ts",
    kind: "task",
    description:
      "Task states of the challenge-publication workflow: sign-off tokens, publication, window open and close",
    // CloseWindow starts award-<challengeId>-r<round> with {challengeId, round} when the window closes.
    access: { table: "readwrite", startsWorkflows: ["challenge-award"] },
  },
  // --- the workbench: what waits for the signed-in person (待办) ---
  {
    name: "workbench-api",
    entry: "functions/operations/adapters/workbench-http.ts",
    kind: "http",
    description: "The signed-in person's to-dos (待办): a page most urgent first, and a count for the badge",
    access: { table: "read" },
  },
  // --- notifications: the outbox delivered from the table's stream (docs/notifications.md) ---
  {
    name: "notifications-api",
    entry: "functions/notifications/adapters/http.ts",
    kind: "http",
    description:
      "The signed-in person's inbox (站内信): a page newest first, the unread count, mark read; preferences; failed sends (admin)",
    access: { table: "readwrite" },
  },
  {
    name: "notifications-stream",
    entry: "functions/notifications/adapters/stream.ts",
    kind: "task",
    description:
      "Delivers notifications from the records table's stream: each new to-do and notifying audit event to its recipients' inboxes, e-mail, SMS and WeChat",
    access: { table: "readwrite" },
    timeoutSeconds: 60,
    stream: { batchSize: 100, maxAttempts: 10 },
  },
  // --- domain events for integrators: CloudEvents from the same stream (docs/events.md) ---
  {
    name: "domain-events-stream",
    entry: "functions/events/adapters/stream.ts",
    kind: "task",
    description:
      "Publishes domain events from the records table's stream: each catalogued audit event as a CloudEvent on the EventBridge custom bus",
    access: { publishesEvents: true },
    timeoutSeconds: 60,
    stream: { batchSize: 100, maxAttempts: 10 },
  },
  {
    name: "notification-sweep",
    entry: "functions/notifications/adapters/sweep-task.ts",
    kind: "task",
    description:
      "Notification sweep: sends whose retry (backoff) or quiet hours are over; out of attempts, failed (listed for admins)",
    access: { table: "readwrite" },
    timeoutSeconds: 60,
    schedule: {
      everyMinutes: 1,
      description: "jiebang: every minute, send the notifications due for a retry",
    },
  },
  // --- selection: applications (揭榜) ---
  {
    name: "applications-api",
    entry: "functions/applications/adapters/http.ts",
    kind: "http",
    description:
      "Applications (揭榜): apply alone or as a consortium, amend, withdraw, 揭榜 agreement, submit; credit records",
    access: { table: "readwrite" },
  },
  // --- selection: review (专家评审), shortlist, notice (公示), award (立项) ---
  {
    name: "reviews-api",
    entry: "functions/review/adapters/http.ts",
    kind: "http",
    description:
      "Expert pool and conflicts, expert review (专家评审) and scoring, shortlist and horse race, confirmations",
    access: { table: "readwrite", completesWorkflows: ["challenge-award"] },
  },
  {
    name: "notices-api",
    entry: "functions/award/adapters/notices-http.ts",
    kind: "http",
    description:
      "Public notices of winners (公示), objections (异议) and the bureau's rulings; an objection upheld against a replacement's notice (递补公示) ends that replacement and offers the next candidate",
    // An upheld objection ends a replacement whose task book is drafted as a termination does (its project-start
    // execution is handed the event), as performance-api's replacement does.
    access: {
      table: "readwrite",
      evidence: "read",
      startsWorkflows: ["project-phase", "recovery-escalation"],
      // (spelled out: a spread here would keep the catalog in every bundle, tests/unit/platform/route-table.test.ts)
      completesWorkflows: [
        "challenge-award",
        "project-phase",
        "project-start",
        "project-milestone",
        "project-anniversary",
        "project-acceptance",
      ],
    },
  },
  {
    name: "challenge-award-tasks",
    entry: "functions/award/adapters/tasks.ts",
    kind: "task",
    description:
      "Task states of the challenge-award workflow: assign experts, park tokens, rank, shortlist, notice, award",
    access: { table: "readwrite", completesWorkflows: ["challenge-award"] },
  },
  // --- the audit trail's anchors (审计锚定) ---
  {
    name: "audit-api",
    entry: "functions/audit/adapters/http.ts",
    kind: "http",
    description:
      "Audit digests on demand (admin, auditor): sign the audit trail's changed chain heads now and write the digest to the audit bucket; list the latest digests",
    access: { table: "read", audit: "readwrite", signsAuditDigests: true },
    // A digest reads the whole table: up to API Gateway's 29-second integration limit.
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  {
    name: "audit-digest",
    entry: "functions/audit/adapters/tasks.ts",
    kind: "task",
    description:
      "The hourly audit digest: the audit trail's chain heads changed since the previous digest, signed with the audit digest key and chained to the previous digest, written to the Object-Locked audit bucket",
    access: { table: "read", audit: "readwrite", signsAuditDigests: true },
    timeoutSeconds: 600,
    memoryMb: 1024,
    schedule: {
      everyMinutes: 60,
      description: "jiebang: every hour, anchor the audit trail's changed chain heads in a signed digest",
    },
  },
  // --- operators' console: admin reads ---
  {
    name: "admin-api",
    entry: "functions/operations/adapters/admin-http.ts",
    kind: "http",
    description:
      "Operators' console (admin, auditor): state machines, executions by status, one execution's graph, history, path and pending human tasks; the stuck-execution sweep on demand; an admin's stop or redrive of an execution (audited)",
    // Writes only the interventions' records (stop, redrive) with their audit events.
    access: { table: "readwrite", inspectsWorkflows: true, controlsWorkflows: true },
    // The sweep reads every RUNNING execution: up to API Gateway's 29-second integration limit.
    timeoutSeconds: 29,
  },
  {
    name: "stuck-execution-sweep",
    entry: "functions/operations/adapters/stuck-executions-task.ts",
    kind: "task",
    description:
      "Stuck-execution sweep (停滞流程巡检): classifies every RUNNING execution (waiting on a person, a timer or a retry, or stuck), logs each stuck one and emits the StuckExecutions metric the alarm watches",
    access: { inspectsWorkflows: true },
    timeoutSeconds: 300,
    schedule: {
      everyMinutes: 15,
      description: "jiebang: every 15 minutes, sweep the RUNNING executions for stuck ones",
    },
  },
  {
    name: "console-api",
    entry: "functions/operations/adapters/console-http.ts",
    kind: "http",
    description:
      "Operators' console reads: a programme's projects, a project's audit trail with its hash chains checked, a programme's ledger transactions, funds committed/disbursed/recovered over time and leverage by programme",
    access: { table: "read" },
  },
  // --- project lifecycle (立项 → 结题验收) ---
  {
    name: "projects-api",
    entry: "functions/projects/adapters/http.ts",
    kind: "http",
    description:
      "Projects (项目): task book (任务书) drafting, amendment and the three signatures; milestone evidence uploads and reports; reads",
    access: {
      table: "readwrite",
      evidence: "readwrite",
      // project-start: the draft puts the project on the chain; project-phase: a second draft's restart of a project
      // still on it (until the migration moves it).
      startsWorkflows: ["project-start", "project-phase", "recovery-escalation"],
      // project-start, -milestone, -acceptance: the use cases' events are handed to their parked callbacks (inbox.ts).
      completesWorkflows: projectMachines,
    },
  },
  {
    name: "project-reviews-api",
    entry: "functions/projects/adapters/reviews-http.ts",
    kind: "http",
    description:
      "The reviews of a running project: a milestone report's review panel, the experts' verdicts and the payment opinion (拨付意见); final acceptance (结题验收): request, plan, verdicts with performance scores, the final payment opinion",
    access: {
      table: "readwrite",
      // The project's ports name the evidence bucket; a review reads no file (the evidence links are projects-api's).
      evidence: "read",
      // A verdict or an opinion is an event handed to the project's parked callback (inbox.ts); it starts nothing.
      completesWorkflows: projectMachines,
    },
  },
  {
    name: "project-decisions-api",
    entry: "functions/projects/adapters/decisions-http.ts",
    kind: "http",
    description:
      "Decisions on a running project: extension (延期) asked and decided, termination (终止) proposed, decided or ordered with the recovery hand-over, fraud (弄虚作假), the horse race's (赛马) narrowing; an admin's resume of a project's chain of executions (audited)",
    // A termination or fraud posts the receivable and starts its overdue timer (recovery-escalation).
    access: {
      table: "readwrite",
      // The project's ports name the evidence bucket; these decisions read no file (an extension's evidence ids are
      // checked against the project's record).
      evidence: "read",
      // project-start, -milestone, -acceptance: an admin's resume reads the chain's execution and starts the stage's
      // next round by the chain's hand-over (lifecycle-resume.ts).
      startsWorkflows: [
        "project-phase",
        "project-start",
        "project-milestone",
        "project-acceptance",
        "recovery-escalation",
      ],
      completesWorkflows: projectMachines,
    },
  },
  {
    name: "followup-api",
    entry: "functions/followup/adapters/http.ts",
    kind: "http",
    description:
      "A project's follow-up (《太原市…行动方案》四（五）、四（七）2、四（七）4): judicial referral of a fraud finding and its outcomes, the investment road-show with declared interest, the task book's budget reallocations and personnel changes",
    // The fraud decision's audit report with the referral, one version per change (followup/referral-reports.ts).
    access: { table: "readwrite", audit: "readwrite" },
  },
  {
    name: "performance-api",
    entry: "functions/followup/adapters/performance-http.ts",
    kind: "http",
    description:
      "A project's performance evaluation (《太原市…行动方案》五（二）; 泰安《实施意见》第24条): opened by the bureau, scored by the named experts, decided — continued support, exit or replacement (递补) — and the dynamic adjustment of targets signed again by the three parties",
    // An exit or a replacement ends the project as a termination: the receivable is posted with its overdue timer
    // (recovery-escalation) and the project's executions are handed the event.
    access: {
      table: "readwrite",
      evidence: "read",
      startsWorkflows: ["project-phase", "recovery-escalation"],
      completesWorkflows: projectMachines,
    },
  },
  {
    name: "project-tasks",
    entry: "functions/projects/adapters/tasks.ts",
    kind: "task",
    description:
      "Task states of the project-phase, project-start, project-milestone and project-acceptance workflows: timers (reminders, escalations, rectification deadlines, anniversaries), token parking and event delivery, evidence validation, audit reports (JSON + HTML) to the audit bucket, phase and milestone hand-overs",
    // Validation reads the evidence objects and seals each verified one (a write-once copy to sealed/…); the hand-over
    // starts project-<id>-p<n+1>; park completes its own token on a race.
    access: {
      table: "readwrite",
      evidence: "readwrite",
      sealsEvidence: true,
      audit: "readwrite",
      // project-start, project-milestone: their parks and hand-overs (StartFirstMilestone, HandOverStart,
      // StartNextMilestone, HandOverMilestone) on the chain of executions.
      startsWorkflows: [
        "project-phase",
        "project-start",
        "project-milestone",
        "project-anniversary",
        "project-acceptance",
      ],
      completesWorkflows: projectMachines,
    },
  },
  // --- working-day calendar ---
  {
    name: "calendar-api",
    entry: "functions/calendar/adapters/http.ts",
    kind: "http",
    description:
      "The working-day calendar: the years loaded, and an administrator loading a new year's arrangement",
    access: { table: "readwrite" },
  },
  // --- payments (拨付) ---
  {
    name: "payments-api",
    entry: "functions/payments/adapters/http.ts",
    kind: "http",
    description:
      "Payments (拨付): the payment queue, payment runs with an Idempotency-Key, four-eyes approval, the programme ledger (复式记账) with its rebuild check, the treasury's confirmations (国库集中支付); recoveries (追回) with receipts and the finance report",
    access: { table: "readwrite", startsWorkflows: ["payment"], completesWorkflows: ["payment"] },
  },
  {
    name: "payment-tasks",
    entry: "functions/payments/adapters/tasks.ts",
    kind: "task",
    description:
      "Task states of the payment workflow: park the approval and treasury tokens, re-check payability, submit the treasury instruction, pay the tranche with its ledger entries in one transaction, rejection and cancellation",
    // The simulated treasury (embedded runtime) answers in the same invocation: it completes its own token. The
    // payment audit report goes to the audit bucket. A payment after a termination reassesses the recovery, which
    // starts its overdue timer; the timer's check (recovery-escalation) runs here too.
    access: {
      table: "readwrite",
      audit: "readwrite",
      startsWorkflows: ["recovery-escalation"],
      completesWorkflows: ["payment"],
    },
  },
  // --- identity ---
  {
    name: identityAuthorizerFunction,
    entry: "functions/platform/identity/authorizer.ts",
    kind: "task",
    description:
      "API Gateway TOKEN authorizer for an OpenID Connect issuer (JIEBANG_OIDC): verifies the bearer token against the issuer's JWKS and passes the caller in context; deployed only with identity=oidc",
    access: {},
    memoryMb: 256,
    timeoutSeconds: 10,
    identity: "oidc",
  },
];

/**
 * Who may call a route: anyone (`public`), signed-in people of these Cognito groups (`roles`), or a machine caller
 * signing with AWS credentials (`iam`: API Gateway's AWS_IAM authorisation, SigV4; in AWS only the role the catalog
 * names may invoke it, locally the gateway verifies the signature against fixed machine credentials, local/sigv4.ts).
 */
export type RouteAuth =
  | { readonly public: true }
  | { readonly roles: readonly Role[] }
  | { readonly iam: { readonly caller: MachineCaller } };

/** Machine callers of IAM routes; infra/constructs/api.ts makes one IAM role each, scoped to its routes. */
export const machineCallers = ["treasury"] as const;
export type MachineCaller = (typeof machineCallers)[number];

/** The roles a route lets in ([] for public and IAM routes). */
export const routeRoles = (auth: RouteAuth): readonly Role[] => ("roles" in auth ? auth.roles : []);

export interface RouteDefinition {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway resource path with {params}. */
  readonly path: string;
  readonly function: string;
  readonly auth: RouteAuth;
  /**
   * The record rule the route's use case applies (functions/kernel/record-access.ts): required on every route whose
   * path names a record; public routes name a `public` rule.
   */
  readonly record?: RecordPolicyRef;
  readonly summary: string;
}

export const routes: readonly RouteDefinition[] = [
  {
    method: "GET",
    path: "/v1/health",
    function: "health",
    auth: { public: true },
    summary: "Health of each part",
  },
  {
    method: "GET",
    path: "/v1/openapi.json",
    function: "openapi",
    auth: { public: true },
    summary: "OpenAPI description",
  },
  {
    method: "GET",
    path: "/v1/me/tasks",
    function: "workbench-api",
    auth: { roles: allRoles },
    summary:
      "The caller's to-dos (待办), most urgent first: overdue, then nearest deadline, then oldest without one",
  },
  {
    method: "GET",
    path: "/v1/me/projects",
    function: "workbench-api",
    auth: { roles: ["solver"] },
    summary:
      "The calling solver's projects (揭榜方的项目): those its organisation leads or is a consortium member of, newest first, paged",
  },
  {
    method: "GET",
    path: "/v1/me/tasks/count",
    function: "workbench-api",
    auth: { roles: allRoles },
    summary: "How many to-dos the caller has, for a badge: exact up to 99, else capped (99+)",
  },
  {
    method: "GET",
    path: "/v1/me/notifications",
    function: "notifications-api",
    auth: { roles: allRoles },
    summary: "The caller's inbox (站内信), newest first: one Query per key the token gives, O(page)",
  },
  {
    method: "GET",
    path: "/v1/me/notifications/unread-count",
    function: "notifications-api",
    auth: { roles: allRoles },
    summary:
      "How many of the caller's notifications are unread, for the bell: exact up to 99, else capped (99+)",
  },
  {
    method: "POST",
    path: "/v1/me/notifications/read",
    function: "notifications-api",
    auth: { roles: allRoles },
    summary: "Marks notifications of the caller's inbox read (ids in the body; the caller's own only)",
  },
  {
    method: "GET",
    path: "/v1/me/notification-preferences",
    function: "notifications-api",
    auth: { roles: allRoles },
    summary: "The caller's notification channels, addresses and quiet hours",
  },
  {
    method: "PUT",
    path: "/v1/me/notification-preferences",
    function: "notifications-api",
    auth: { roles: allRoles },
    summary:
      "Sets the caller's notification channels (inbox always; e-mail, SMS, WeChat), addresses and quiet hours",
  },
  {
    method: "GET",
    path: "/v1/admin/notification-failures",
    function: "notifications-api",
    // Read-only and without addresses (person, channel, attempts, error): the auditor reads it as every other page.
    auth: { roles: ["admin", "auditor"] },
    summary: "Notification sends that failed after their retries, newest first",
  },
  {
    method: "POST",
    path: "/v1/admin/notification-failures/retry",
    function: "notifications-api",
    // Admin only: the auditor reads the failures but does not act on them.
    auth: { roles: ["admin"] },
    summary: "Sends a failed notification send back for one more attempt (the sweep's next run)",
  },
  {
    method: "POST",
    path: "/v1/demands",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    summary: "Draft a demand",
  },
  {
    method: "GET",
    path: "/v1/demands",
    function: "demands-api",
    auth: { roles: ["enterprise", "bureau", "admin", "auditor"] },
    summary: "List demands (own organisation's for enterprises; by status for the bureau)",
  },
  {
    method: "GET",
    path: "/v1/demands/{demandId}",
    function: "demands-api",
    auth: { roles: ["enterprise", "bureau", "admin", "auditor", "expert"] },
    record: { kind: "demand", action: "read" },
    summary: "Read a demand (experts: only those they are assigned to refine)",
  },
  {
    method: "PATCH",
    path: "/v1/demands/{demandId}",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "demand", action: "write" },
    summary: "Edit a draft demand",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/attachments",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "demand", action: "write" },
    summary: "Reserve an attachment and get a presigned upload URL",
  },
  {
    method: "DELETE",
    path: "/v1/demands/{demandId}/attachments/{attachmentId}",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "demand", action: "write" },
    summary: "Remove an attachment from a draft or returned demand (stored and sealed objects are kept)",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/submit",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "demand", action: "write" },
    summary: "Submit a draft demand; starts its intake workflow",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/decision",
    function: "demands-api",
    auth: { roles: ["bureau"] },
    record: { kind: "demand", action: "decide" },
    summary:
      "The bureau's refinement decision: return for changes, merge into another demand, or draft a challenge",
  },
  // --- selection: programmes, refinement (榜单凝练), challenges, publication (张榜发布) ---
  {
    method: "POST",
    path: "/v1/programmes",
    function: "programmes-api",
    auth: { roles: ["bureau"] },
    summary: "Create a programme (批次) from a policy preset or a custom policy",
  },
  {
    method: "GET",
    path: "/v1/programmes",
    function: "programmes-api",
    auth: { roles: allRoles },
    summary: "List programmes, newest first",
  },
  {
    method: "GET",
    path: "/v1/policy-presets",
    function: "programmes-api",
    auth: { roles: ["bureau", "admin", "auditor"] },
    summary: "The funding policy presets a programme can be created from, with their limits",
  },
  {
    method: "GET",
    path: "/v1/programmes/{programmeId}",
    function: "programmes-api",
    auth: { roles: allRoles },
    record: { kind: "programme", action: "read" },
    summary: "Read a programme with its policy",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/experts",
    function: "demands-api",
    auth: { roles: ["bureau"] },
    record: { kind: "demand", action: "decide" },
    summary: "Assign experts to refine a submitted demand (榜单凝练)",
  },
  {
    method: "GET",
    path: "/v1/demands/{demandId}/refinement",
    function: "demands-api",
    auth: { roles: ["bureau", "admin", "auditor", "expert"] },
    record: { kind: "refinement", action: "read" },
    summary: "A demand's refinement assignments and opinions (an expert: only their own)",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/opinion",
    function: "demands-api",
    auth: { roles: ["expert"] },
    record: { kind: "refinement", action: "write" },
    summary: "An assigned expert gives an opinion on a demand",
  },
  {
    method: "GET",
    path: "/v1/refinement/assignments",
    function: "demands-api",
    auth: { roles: ["expert"] },
    summary: "The calling expert's refinement assignments",
  },
  {
    method: "GET",
    path: "/v1/challenges",
    function: "challenges-api",
    auth: { roles: ["bureau", "approver", "admin", "auditor", "enterprise"] },
    summary: "List a programme's challenges (an enterprise: those it posted)",
  },
  {
    method: "GET",
    path: "/v1/challenges/{challengeId}",
    function: "challenges-api",
    auth: { roles: ["bureau", "approver", "admin", "auditor", "enterprise"] },
    record: { kind: "challenge", action: "read" },
    summary: "Read a challenge (staff, the posting enterprise)",
  },
  {
    method: "PATCH",
    path: "/v1/challenges/{challengeId}",
    function: "challenges-api",
    auth: { roles: ["bureau"] },
    record: { kind: "challenge", action: "write" },
    summary: "Edit a draft challenge (If-Match)",
  },
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/submit",
    function: "challenges-api",
    auth: { roles: ["bureau"] },
    record: { kind: "challenge", action: "write" },
    summary: "Submit a draft challenge for sign-off; starts or resumes its publication workflow",
  },
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/sign-off",
    function: "challenges-api",
    auth: { roles: ["bureau"] },
    record: { kind: "challenge", action: "write" },
    summary: "The bureau's sign-off (审核): approve or send back",
  },
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/approval",
    function: "challenges-api",
    auth: { roles: ["approver"] },
    record: { kind: "challenge", action: "approve" },
    summary: "The approver's sign-off (审定): approve (publishes) or send back",
  },
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/republish",
    function: "challenges-api",
    auth: { roles: ["bureau"] },
    record: { kind: "challenge", action: "write" },
    summary: "Republish an unsolved challenge (流榜) with a new window",
  },
  {
    method: "GET",
    path: "/v1/public/challenges",
    function: "public-challenges-api",
    auth: { public: true },
    record: { kind: "challenge", action: "public" },
    summary: "Published challenges, no login",
  },
  {
    method: "GET",
    path: "/v1/public/challenges/{challengeId}",
    function: "public-challenges-api",
    auth: { public: true },
    record: { kind: "challenge", action: "public" },
    summary: "A published challenge, no login",
  },
  {
    method: "GET",
    path: "/v1/public/programmes",
    function: "public-challenges-api",
    auth: { public: true },
    record: { kind: "programme", action: "public" },
    summary: "Programmes, no login",
  },
  {
    method: "GET",
    path: "/v1/public/open-data/grants.json",
    function: "open-data-api",
    auth: { public: true },
    summary: "Open data: every award and its disbursements as a 360Giving Data Standard package, no login",
  },
  {
    method: "GET",
    path: "/v1/public/open-data/grants.csv",
    function: "open-data-api",
    auth: { public: true },
    summary: "Open data: every award and its disbursements as 360Giving CSV, no login",
  },
  // --- selection: applications (揭榜) ---
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/applications",
    function: "applications-api",
    auth: { roles: ["solver"] },
    record: { kind: "challenge", action: "apply" },
    summary: "Apply to an open challenge (揭榜) as lead, alone or with consortium members: a draft",
  },
  {
    method: "GET",
    path: "/v1/challenges/{challengeId}/applications",
    function: "applications-api",
    auth: { roles: ["enterprise", "bureau", "admin", "auditor"] },
    record: { kind: "challenge", action: "list-applications" },
    summary: "List a challenge's applications (its enterprise, the bureau)",
  },
  {
    method: "GET",
    path: "/v1/applications",
    function: "applications-api",
    auth: { roles: ["solver"] },
    summary: "List the caller's organisation's applications, as lead or member",
  },
  {
    method: "GET",
    path: "/v1/applications/{applicationId}",
    function: "applications-api",
    auth: { roles: ["solver", "enterprise", "bureau", "admin", "auditor"] },
    record: { kind: "application", action: "read" },
    summary: "Read an application (its parties, the challenge's enterprise, the bureau)",
  },
  {
    method: "PATCH",
    path: "/v1/applications/{applicationId}",
    function: "applications-api",
    auth: { roles: ["solver"] },
    record: { kind: "application", action: "write" },
    summary: "Amend an application until the window closes (If-Match); voids signatures",
  },
  {
    method: "POST",
    path: "/v1/applications/{applicationId}/withdraw",
    function: "applications-api",
    auth: { roles: ["solver"] },
    record: { kind: "application", action: "write" },
    summary: "Withdraw an application before the window closes",
  },
  {
    method: "POST",
    path: "/v1/applications/{applicationId}/agreement/sign",
    function: "applications-api",
    auth: { roles: ["enterprise", "solver"] },
    record: { kind: "application", action: "sign" },
    summary: "Sign the 揭榜 agreement (the challenge's enterprise or the lead solver; If-Match)",
  },
  {
    method: "POST",
    path: "/v1/applications/{applicationId}/submit",
    function: "applications-api",
    auth: { roles: ["solver"] },
    record: { kind: "application", action: "write" },
    summary: "Submit an application both sides have signed, before the window closes",
  },
  {
    method: "POST",
    path: "/v1/credit-records",
    function: "applications-api",
    auth: { roles: ["bureau", "admin"] },
    summary: "Record a credit entry (失信) that bars an organisation from applying",
  },
  {
    method: "GET",
    path: "/v1/credit-records",
    function: "applications-api",
    auth: { roles: ["bureau", "admin", "auditor"] },
    summary: "List an organisation's credit records",
  },
  // --- organisation registry (机构名录) ---
  {
    method: "POST",
    path: "/v1/organisations",
    function: "organisations-api",
    auth: { roles: ["bureau", "admin"] },
    summary:
      "Register an organisation: its registered name and unified social credit code (统一社会信用代码)",
  },
  {
    method: "GET",
    path: "/v1/organisations",
    function: "organisations-api",
    auth: { roles: allRoles },
    summary: "List registered organisations, newest first, or find the one holding a code (?uscc=)",
  },
  {
    method: "GET",
    path: "/v1/organisations/{organisationId}",
    function: "organisations-api",
    auth: { roles: allRoles },
    record: { kind: "organisation", action: "read" },
    summary: "Read a registered organisation",
  },
  {
    method: "PATCH",
    path: "/v1/organisations/{organisationId}",
    function: "organisations-api",
    auth: { roles: ["bureau", "admin"] },
    record: { kind: "organisation", action: "change" },
    summary: "Rename an organisation (更名) or correct its type; the code stays",
  },
  // --- 就高不重复 (overlap of supported content, 《太原市…行动方案》六（一）) ---
  {
    method: "POST",
    path: "/v1/overlap/external-grants",
    function: "overlap-api",
    auth: { roles: ["bureau", "admin"] },
    summary:
      "Declare a grant of another policy (organisation code, title, amount, policy, period) the check sees",
  },
  {
    method: "GET",
    path: "/v1/overlap/external-grants",
    function: "overlap-api",
    auth: { roles: ["bureau", "approver", "admin", "auditor"] },
    record: { kind: "overlap", action: "read" },
    summary: "List the declared grants of other policies",
  },
  {
    method: "GET",
    path: "/v1/overlap/checks",
    function: "overlap-api",
    auth: { roles: ["bureau", "approver", "admin", "auditor"] },
    record: { kind: "overlap", action: "read" },
    summary: "List overlap checks (就高不重复), newest first",
  },
  {
    method: "POST",
    path: "/v1/applications/{applicationId}/overlap-check",
    function: "overlap-api",
    auth: { roles: ["bureau"] },
    record: { kind: "overlap", action: "decide" },
    summary: "Run an application's overlap check: other supported items of its organisations by code",
  },
  {
    method: "GET",
    path: "/v1/applications/{applicationId}/overlap-check",
    function: "overlap-api",
    auth: { roles: ["bureau", "approver", "admin", "auditor"] },
    record: { kind: "overlap", action: "read" },
    summary: "Read an application's overlap check with its findings and decisions",
  },
  {
    method: "POST",
    path: "/v1/applications/{applicationId}/overlap-check/decisions",
    function: "overlap-api",
    auth: { roles: ["bureau"] },
    record: { kind: "overlap", action: "decide" },
    summary:
      "Decide a finding: not the same content, or fund at the higher amount (the lower withdrawn or reduced)",
  },
  // --- selection: review (专家评审), shortlist, notice (公示), award (立项) ---
  {
    method: "POST",
    path: "/v1/experts",
    function: "reviews-api",
    auth: { roles: ["bureau", "admin"] },
    summary: "Register an expert in the pool (technical, management or finance)",
  },
  {
    method: "GET",
    path: "/v1/experts",
    function: "reviews-api",
    auth: { roles: ["bureau", "admin", "auditor"] },
    summary: "List the expert pool",
  },
  {
    method: "POST",
    path: "/v1/experts/me/conflicts",
    function: "reviews-api",
    auth: { roles: ["expert"] },
    summary: "Declare a conflict of interest with an organisation (回避)",
  },
  {
    method: "GET",
    path: "/v1/reviews",
    function: "reviews-api",
    auth: { roles: ["expert", "bureau", "admin", "auditor"] },
    summary: "Review assignments: an expert's own; a challenge's for the bureau",
  },
  {
    method: "GET",
    path: "/v1/reviews/{assignmentId}",
    function: "reviews-api",
    auth: { roles: ["expert", "bureau", "admin", "auditor"] },
    record: { kind: "review-assignment", action: "read" },
    summary: "An assignment with its applications; others' scores only after one's own",
  },
  {
    method: "POST",
    path: "/v1/reviews/{assignmentId}/score",
    function: "reviews-api",
    auth: { roles: ["expert"] },
    record: { kind: "review-assignment", action: "score" },
    summary: "Score every assigned application on the weighted rubric, once",
  },
  {
    method: "POST",
    path: "/v1/reviews/{assignmentId}/conflict",
    function: "reviews-api",
    auth: { roles: ["expert", "bureau"] },
    record: { kind: "review-assignment", action: "conflict" },
    summary: "Report a conflict found later: withdraw the expert's scores and reassign",
  },
  {
    method: "GET",
    path: "/v1/awards/{challengeId}",
    function: "reviews-api",
    auth: { roles: ["enterprise", "bureau", "approver", "admin", "auditor"] },
    record: { kind: "award", action: "read" },
    summary: "Award state of a challenge: ranking, shortlist, step waited for, notices, projects",
  },
  {
    method: "POST",
    path: "/v1/awards/{challengeId}/shortlist",
    function: "reviews-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "award", action: "shortlist" },
    summary: "The enterprise decides on a horse race and how many winners",
  },
  {
    method: "POST",
    path: "/v1/awards/{challengeId}/confirmation",
    function: "reviews-api",
    auth: { roles: ["bureau", "approver"] },
    record: { kind: "award", action: "confirm" },
    summary: "The bureau, then the approver, confirm the shortlist or send it back",
  },
  {
    method: "POST",
    path: "/v1/awards/{challengeId}/notice-reannouncement",
    function: "reviews-api",
    auth: { roles: ["bureau"] },
    record: { kind: "award", action: "reannounce" },
    summary:
      "The bureau confirms it re-announced a notice's end extended by the official calendar (ends its to-do)",
  },
  {
    method: "GET",
    path: "/v1/public/notices",
    function: "notices-api",
    auth: { public: true },
    record: { kind: "notice", action: "public" },
    summary: "Public notices of winners (公示), newest first",
  },
  {
    method: "GET",
    path: "/v1/public/notices/{noticeId}",
    function: "notices-api",
    auth: { public: true },
    record: { kind: "notice", action: "public" },
    summary: "A public notice: challenge title, winning organisations, period",
  },
  {
    method: "POST",
    path: "/v1/public/notices/{noticeId}/objections",
    function: "notices-api",
    auth: { public: true },
    record: { kind: "notice", action: "public" },
    summary: "Raise an objection (异议) during the notice, without login",
  },
  {
    method: "GET",
    path: "/v1/notices/{noticeId}/objections",
    function: "notices-api",
    auth: { roles: ["bureau", "admin", "auditor"] },
    record: { kind: "notice", action: "read-objections" },
    summary: "The objections to a notice",
  },
  {
    method: "POST",
    path: "/v1/notices/{noticeId}/objections/{objectionId}/ruling",
    function: "notices-api",
    auth: { roles: ["bureau"] },
    record: { kind: "notice", action: "rule" },
    summary:
      "Rule on an objection: upheld (winner removed, 递补) or dismissed; upheld against a replacement's notice (递补公示), the replacement ends and the next candidate is offered",
  },
  // --- operators' console: admin reads ---
  {
    method: "GET",
    path: "/v1/admin/state-machines",
    function: "admin-api",
    auth: { roles: ["admin", "auditor"] },
    summary: "The state machines with their definitions' graphs",
  },
  {
    method: "GET",
    path: "/v1/admin/executions",
    function: "admin-api",
    auth: { roles: ["admin", "auditor"] },
    summary: "A state machine's executions, newest first, by status (ListExecutions), paged",
  },
  {
    method: "GET",
    path: "/v1/admin/executions/{executionArn}",
    function: "admin-api",
    auth: { roles: ["admin", "auditor"] },
    record: { kind: "execution", action: "read" },
    summary:
      "One execution (URL-encoded ARN): its definition's graph, path taken, current state, steps, history, pending human tasks",
  },
  {
    method: "POST",
    path: "/v1/admin/executions/{executionArn}/interventions",
    function: "admin-api",
    auth: { roles: ["admin"] },
    record: { kind: "execution", action: "control" },
    summary:
      "Stop a running execution (action stop: StopExecution, ABORTED) or redrive a FAILED, TIMED_OUT or ABORTED one within 14 days of its stop (action redrive: RedriveExecution, the same ARN, resumed at the state that failed, succeeded steps not re-run), with a reason; audited (execution.stopped / execution.redriven, who and why)",
  },
  {
    method: "GET",
    path: "/v1/admin/executions/{executionArn}/interventions",
    function: "admin-api",
    auth: { roles: ["admin", "auditor"] },
    record: { kind: "execution", action: "read" },
    summary: "The stops and redrives of an execution: who, why, when, oldest first",
  },
  {
    method: "POST",
    path: "/v1/audit/digests",
    function: "audit-api",
    auth: { roles: ["admin", "auditor"] },
    summary:
      "Anchor the audit trail now: a digest of every record's chain head changed since the previous digest, signed with the audit digest key, naming the previous digest, written to the Object-Locked audit bucket",
  },
  {
    method: "GET",
    path: "/v1/audit/digests",
    function: "audit-api",
    auth: { roles: ["admin", "auditor"] },
    summary:
      "The latest audit digests, newest first: sequence, the span they cover, how many chain heads, who asked",
  },
  {
    method: "GET",
    path: "/v1/audit/verification",
    function: "audit-api",
    auth: { roles: ["admin", "auditor"] },
    summary:
      "Verify the whole audit trail now (as `audit verify` does): every record's hash chain intact and at its head, every anchored head still in place, the digests one unbroken, validly signed chain; what is broken, by record",
  },
  {
    method: "GET",
    path: "/v1/admin/stuck-executions",
    function: "admin-api",
    auth: { roles: ["admin", "auditor"] },
    summary:
      "The stuck-execution sweep now: every RUNNING execution checked, the stuck ones with their reason (a task in flight or no progress for longer than the threshold, a callback or timer past due), state and correlation id",
  },
  {
    method: "GET",
    path: "/v1/projects",
    function: "console-api",
    auth: { roles: ["bureau", "approver", "finance", "admin", "auditor", "enterprise"] },
    summary:
      "A programme's projects (?programmeId=), newest first, paged: parties, money, status (an enterprise: those it is the enterprise of)",
  },
  {
    method: "GET",
    path: "/v1/projects/{projectId}/audit-trail",
    function: "console-api",
    auth: { roles: ["bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "project", action: "audit-trail" },
    summary:
      "Every audit event of a project's records (project, task book, phases, tranches, payments, recovery), oldest first, each record's hash chain checked",
  },
  {
    method: "GET",
    path: "/v1/programmes/{programmeId}/ledger/entries",
    function: "console-api",
    auth: { roles: ["finance", "auditor"] },
    record: { kind: "ledger", action: "read" },
    summary:
      "A programme's ledger transactions (记账凭证) with their entries, newest first (?order=oldest), paged",
  },
  {
    method: "GET",
    path: "/v1/finance/series",
    function: "console-api",
    auth: { roles: ["finance", "auditor"] },
    summary:
      "Funds committed, disbursed and recovered per day (running totals) and each programme's figures and leverage (撬动比); ?programmeId= for one",
  },
  // --- project lifecycle (立项 → 结题验收) ---
  {
    method: "GET",
    path: "/v1/projects/{projectId}",
    function: "projects-api",
    auth: { roles: ["enterprise", "solver", "expert", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "project", action: "read" },
    summary: "A project with its task book, milestones and tranches (its parties, panel experts, staff)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/task-book",
    function: "projects-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary:
      "Draft the task book (任务书) from the winning application; starts the project's chain (project-start)",
  },
  {
    method: "PATCH",
    path: "/v1/projects/{projectId}/task-book",
    function: "projects-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary: "Amend the draft task book: a new revision, every signature void",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/task-book/sign",
    function: "projects-api",
    auth: { roles: ["bureau", "enterprise", "solver"] },
    record: { kind: "project", action: "sign" },
    summary: "Sign a revision of the task book (bureau, enterprise, lead solver; any order)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/milestones/{milestone}/evidence",
    function: "projects-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "project", action: "report" },
    summary:
      "Reserve a milestone evidence file (report, evidence, audit report) and get a presigned upload URL",
  },
  {
    method: "GET",
    path: "/v1/projects/{projectId}/milestones/{milestone}/evidence/{fileId}",
    function: "projects-api",
    auth: { roles: ["enterprise", "solver", "expert", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "project", action: "read" },
    summary: "A download link for a milestone evidence file",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/milestones/{milestone}/report",
    function: "projects-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "project", action: "report" },
    summary: "File a milestone report with its uploaded files; the workflow validates them",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/milestones/{milestone}/experts",
    function: "project-reviews-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary:
      "Name the experts who review a milestone; once voting started, replace recused (回避) members only",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/milestones/{milestone}/review",
    function: "project-reviews-api",
    auth: { roles: ["expert"] },
    record: { kind: "milestone", action: "review" },
    summary: "A panel expert's verdict on a milestone report: pass, fail or rectify (once)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/milestones/{milestone}/payment-opinion",
    function: "project-reviews-api",
    auth: { roles: ["approver"] },
    record: { kind: "project", action: "payment-opinion" },
    summary: "Confirm the payment opinion (资金拨付意见) of a passed milestone: its tranche becomes eligible",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/termination",
    function: "project-decisions-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary:
      "Terminate a project (终止): unpaid tranches cancelled, paid-but-unspent money handed to finance to recover",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/lifecycle/resume",
    function: "project-decisions-api",
    auth: { roles: ["admin"] },
    record: { kind: "execution", action: "control" },
    summary:
      "Resume a project's chain of executions (续跑项目流程) whose execution in charge ended without handing over — failed in a Fail state, past the 14 days of a redrive, or succeeded with the project open: a new round of the stage the records say, started once by the chain's hand-over, with a reason; audited (project.execution-resumed, who and why). 409 EXECUTION_RUNNING, PROJECT_CLOSED, NOT_ON_CHAIN, CHAIN_MOVED",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/termination/proposal",
    function: "project-decisions-api",
    auth: { roles: ["bureau", "enterprise", "solver"] },
    record: { kind: "project", action: "sign" },
    summary:
      "Propose to terminate the project (终止申请): any signatory, with reasons and whether with fault",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/termination/decision",
    function: "project-decisions-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary:
      "Decide a termination proposal: approved, the project ends (with fault only after a third-party review); rejected, it goes on",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/fraud",
    function: "project-decisions-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary: "Find fraud (弄虚作假): all paid money to recover, a credit record (失信) for the solvers",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/extension",
    function: "project-decisions-api",
    auth: { roles: ["enterprise", "solver"] },
    record: { kind: "project", action: "request-extension" },
    summary: "Ask for a force-majeure extension (延期) with reasons and evidence",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/extension/decision",
    function: "project-decisions-api",
    auth: { roles: ["bureau"] },
    record: { kind: "project", action: "manage" },
    summary: "Approve (every later due date and timer moves) or reject an extension",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/acceptance",
    function: "project-reviews-api",
    auth: { roles: ["enterprise"] },
    record: { kind: "project", action: "report" },
    summary: "Ask for final acceptance (结题验收) once every milestone has passed",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/acceptance/plan",
    function: "project-reviews-api",
    auth: { roles: ["bureau", "enterprise"] },
    record: { kind: "project", action: "plan" },
    summary: "Fix the acceptance plan and experts (both the bureau and the enterprise post the same plan)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/acceptance/review",
    function: "project-reviews-api",
    auth: { roles: ["expert"] },
    record: { kind: "acceptance", action: "review" },
    summary: "An acceptance expert's verdict and performance score (绩效评价)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/acceptance/payment-opinion",
    function: "project-reviews-api",
    auth: { roles: ["approver"] },
    record: { kind: "project", action: "payment-opinion" },
    summary: "Confirm the final payment opinion: the final tranche becomes eligible and the project closes",
  },
  // --- a project's follow-up (《太原市…行动方案》四（五）、四（七）2、四（七）4) ---
  {
    method: "POST",
    path: "/v1/projects/{projectId}/judicial-referral",
    function: "followup-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Refer a project closed for fraud to a judicial organ (情节严重者移交司法机关处理): organ, date, reference, reasoning, documents",
  },
  {
    method: "GET",
    path: "/v1/projects/{projectId}/judicial-referral",
    function: "followup-api",
    auth: { roles: ["bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "followup", action: "referral-read" },
    summary: "A project's judicial referral with the organ's outcomes",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/judicial-referral/outcomes",
    function: "followup-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary: "Record the judicial organ's later outcome (立案, 起诉, 判决 …) of a referral",
  },
  {
    method: "GET",
    path: "/v1/judicial-referrals",
    function: "followup-api",
    auth: { roles: ["bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "followup", action: "referral-read" },
    summary:
      "Every judicial referral with its project and the recovery's amount, receipts and status (finance, auditors)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/road-show",
    function: "followup-api",
    auth: { roles: ["enterprise", "solver"] },
    record: { kind: "followup", action: "request" },
    summary:
      "Ask of the enterprise's own accord for an investment road-show (投融资路演) with the follow-on funding needed",
  },
  {
    method: "GET",
    path: "/v1/projects/{projectId}/road-show",
    function: "followup-api",
    auth: { roles: ["enterprise", "solver", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "followup", action: "read" },
    summary: "A project's road-show: the request, the decision, the session and the declared interest",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/road-show/decision",
    function: "followup-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Agree to a road-show (its date, venue and invited financial and venture institutions) or decline it",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/road-show/interests",
    function: "followup-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Record an invited institution's declared interest (fen): declared, not committed, social capital",
  },
  {
    method: "GET",
    path: "/v1/projects/{projectId}/budget",
    function: "followup-api",
    auth: { roles: ["enterprise", "solver", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "followup", action: "read" },
    summary:
      "The task book's budget: items as signed and now, each reallocation (revision), personnel changes",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/budget/reallocations",
    function: "followup-api",
    auth: { roles: ["solver"] },
    record: { kind: "followup", action: "reallocate" },
    summary:
      "Reallocate between budget items (预算调剂): equipment by the solver organisation, other costs by the chief engineer; totals and public money unchanged",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/personnel-changes",
    function: "followup-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Change the chief engineer (技术总师) or a sub-project lead (课题负责人) by a bureau decision with a reason; replacing the solver is refused",
  },
  // --- performance evaluation, exit, replacement (泰安《实施意见》第24条) and dynamic adjustment (《太原市…行动方案》五（二）) ---
  {
    method: "GET",
    path: "/v1/projects/{projectId}/performance",
    function: "performance-api",
    auth: { roles: ["enterprise", "solver", "expert", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "followup", action: "performance-read" },
    summary:
      "A project's performance evaluations (scores, result, decision, replacement) and target adjustments; experts only when named on one",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/performance-evaluations",
    function: "performance-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary: "Open a periodic performance evaluation (定期绩效评估): the period and the experts",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/performance-evaluations/{seq}/scores",
    function: "performance-api",
    auth: { roles: ["expert"] },
    record: { kind: "followup", action: "score" },
    summary: "A named expert scores each of the task book's indicators (0–100)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/performance-evaluations/{seq}/decision",
    function: "performance-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Decide on the evaluation: continued support (后续支持), exit (退出) or replacement by the next-ranked application (递补)",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/adjustments",
    function: "performance-api",
    auth: { roles: ["bureau"] },
    record: { kind: "followup", action: "decide" },
    summary:
      "Adjust targets of a running project (动态调整): a task-book revision the three parties sign again",
  },
  {
    method: "POST",
    path: "/v1/projects/{projectId}/adjustments/{seq}/signatures",
    function: "performance-api",
    auth: { roles: ["bureau", "enterprise", "solver"] },
    record: { kind: "followup", action: "sign-adjustment" },
    summary: "Sign an adjusted task book; the third signature puts the new targets in force",
  },
  // --- horse race (赛马制, 《太原市实施“双百攻关行动”工作方案》四（四）) ---
  {
    method: "GET",
    path: "/v1/challenges/{challengeId}/horse-race",
    function: "project-decisions-api",
    auth: { roles: ["enterprise", "bureau", "approver", "finance", "admin", "auditor"] },
    record: { kind: "horse-race", action: "read" },
    summary: "The parallel projects of a challenge (赛马) and the decisions on which continue",
  },
  {
    method: "POST",
    path: "/v1/challenges/{challengeId}/horse-race/decision",
    function: "project-decisions-api",
    auth: { roles: ["bureau", "enterprise"] },
    record: { kind: "horse-race", action: "decide" },
    summary:
      "Choose which projects of a horse race continue at the key milestone (bureau and enterprise); when both agree the others close with settlement",
  },
  // --- working-day calendar ---
  {
    method: "GET",
    path: "/v1/calendar/years",
    function: "calendar-api",
    auth: { roles: ["bureau", "approver", "finance", "admin", "auditor"] },
    summary: "The years the platform can count working days in, and where each year's data comes from",
  },
  {
    method: "PUT",
    path: "/v1/calendar/years/{year}",
    function: "calendar-api",
    auth: { roles: ["admin"] },
    record: { kind: "calendar-year", action: "write" },
    summary:
      "Load or replace a year's statutory holidays and make-up workdays (调休), from the State Council's notice",
  },
  // --- payments (拨付) ---
  {
    method: "GET",
    path: "/v1/payments/queue",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    summary:
      "Eligible tranches (by programme, enterprise, eligible since) with the amount and the evidence that made them eligible",
  },
  {
    method: "POST",
    path: "/v1/payments",
    function: "payments-api",
    auth: { roles: ["finance"] },
    summary:
      "A payment run (Idempotency-Key header): reserves each eligible tranche once and starts its payment workflow; a repeat returns the first result",
  },
  {
    method: "GET",
    path: "/v1/payments/{paymentId}",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    record: { kind: "payment", action: "read" },
    summary: "A payment attempt: approval, treasury submissions and confirmation, status",
  },
  {
    method: "POST",
    path: "/v1/payments/{paymentId}/approval",
    function: "payments-api",
    auth: { roles: ["finance"] },
    record: { kind: "payment", action: "approve" },
    summary:
      "Four eyes: a second finance officer (not the requester, not of a project party) approves or rejects",
  },
  {
    method: "POST",
    path: "/v1/payments/{paymentId}/resolution",
    function: "payments-api",
    auth: { roles: ["finance"] },
    record: { kind: "payment", action: "propose-resolution" },
    summary:
      "A failed disbursement (disbursement-failed): a finance officer, not of a project party, proposes to return the tranche to eligible or to cancel it, with a reason",
  },
  {
    method: "POST",
    path: "/v1/payments/{paymentId}/resolution/confirmation",
    function: "payments-api",
    auth: { roles: ["finance"] },
    record: { kind: "payment", action: "confirm-resolution" },
    summary:
      "Four eyes: a second finance officer (not the proposer, not of a project party) confirms the proposed outcome: the tranche eligible again or cancelled, the commitment released to the budget",
  },
  {
    method: "GET",
    path: "/v1/programmes/{programmeId}/ledger",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    record: { kind: "ledger", action: "read" },
    summary: "A programme's ledger balances, the balances rebuilt from its entries, and whether they agree",
  },
  {
    // Machine caller: the treasury's system (国库支付中心) signs with the credentials of the IAM role CDK makes for it
    // (AWS_IAM authorisation); no person's token is accepted here.
    method: "POST",
    path: "/v1/treasury/confirmations",
    function: "payments-api",
    auth: { iam: { caller: "treasury" } },
    summary: "The treasury confirms (with its reference) or fails a payment instruction (国库集中支付回执)",
  },
  // --- recoveries (收回) and reports ---
  {
    method: "GET",
    path: "/v1/recoveries",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    summary:
      "Recoveries (追回) from terminations and fraud, by status and whether escalated as overdue (?escalated=true), with the amount received and outstanding and the due date",
  },
  {
    method: "GET",
    path: "/v1/recoveries/{recoveryId}",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    record: { kind: "recovery", action: "read" },
    summary: "A recovery: its assessment, the receipts recorded, the amount outstanding",
  },
  {
    method: "POST",
    path: "/v1/recoveries/{recoveryId}/receipts",
    function: "payments-api",
    auth: { roles: ["finance"] },
    record: { kind: "recovery", action: "receive" },
    summary:
      "Money returned on a recovery (Idempotency-Key header), partial or full: a `recover` ledger transaction and an audit event in one write; more than outstanding is refused",
  },
  {
    method: "GET",
    path: "/v1/programmes/{programmeId}/finance-report",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    record: { kind: "ledger", action: "read" },
    summary:
      "A programme's committed, disbursed, recovered, outstanding, budget left and leverage, from the records and from the ledger, with whether they agree (?format=csv)",
  },
  {
    method: "GET",
    path: "/v1/finance-report",
    function: "payments-api",
    auth: { roles: ["finance", "auditor"] },
    summary:
      "The finance report across all programmes: the same figures summed, leverage from the sums, ledger and records agreeing, each programme's report (?format=csv)",
  },
];

export interface StateMachineDefinition {
  /** Short name; "<stack>-<name>" in AWS, "jiebang-<name>" locally. */
  readonly name: string;
  /** ASL file under workflows/. */
  readonly file: string;
  /** `${Placeholder}` in the ASL -> function name whose ARN replaces it. */
  readonly functionSubstitutions: Readonly<Record<string, string>>;
  readonly description: string;
  /**
   * Machines of one group share one failed/timed-out/aborted alarm (`ExecutionsEndedBadly-<group>`, at most three
   * machines: an alarm's metric math takes ten metrics) — the stateless stack is at CloudFormation's 500 resources.
   */
  readonly alarmGroup?: string;
}

export const stateMachines: readonly StateMachineDefinition[] = [
  {
    name: "demand-intake",
    file: "workflows/demand-intake.asl.json",
    functionSubstitutions: { DemandIntakeTasksFunctionArn: "demand-intake-tasks" },
    description: "A submitted demand waits for the bureau's decision (accept or return for changes)",
  },
  // --- selection: challenge publication (张榜发布) ---
  {
    name: "challenge-publication",
    file: "workflows/challenge-publication.asl.json",
    functionSubstitutions: { ChallengePublicationTasksFunctionArn: "challenge-publication-tasks" },
    description:
      "A draft challenge through bureau and approver sign-off (send-backs wait for resubmission), publication, and the application window opening and closing on the workflow clock",
  },
  // --- selection: challenge award (专家评审 → 公示 → 立项) ---
  {
    name: "challenge-award",
    file: "workflows/challenge-award.asl.json",
    functionSubstitutions: { ChallengeAwardTasksFunctionArn: "challenge-award-tasks" },
    description:
      "After close: expert review, ranking, shortlist and horse race, confirmations, public notice with objections, award",
  },
  // --- project lifecycle (立项 → 结题验收) ---
  {
    name: "project-phase",
    file: "workflows/project-phase.asl.json",
    functionSubstitutions: { ProjectTasksFunctionArn: "project-tasks" },
    description:
      "One phase (≤300 days) of a project: task book signatures, milestone reports, validation, review, payment opinions and timers; hands over to project-<id>-p<n+1>",
  },
  {
    name: "project-start",
    file: "workflows/project-start.asl.json",
    functionSubstitutions: { ProjectTasksFunctionArn: "project-tasks" },
    alarmGroup: "project-chain",
    description:
      "The start of a project (project-<id>-start-r<round>): the task book's three signatures with a reminder each term (an amendment starts them again), the first tranche eligible on signing, then milestone 1's execution; interrupts (termination, fraud) routed by kind. Not started by the live flow yet (docs/project-lifecycle.md)",
  },
  {
    name: "project-milestone",
    file: "workflows/project-milestone.asl.json",
    functionSubstitutions: { ProjectTasksFunctionArn: "project-tasks" },
    description:
      "One milestone of a project (project-<id>-m<n>-r<round>): awaiting the report with its reminder and escalation, evidence validation, the panel, the review with one rectification, referral for termination, the payment opinion, the horse race at its key milestone; interrupts (extension, termination, fraud, horse race) routed by kind. Not started by the live flow yet (docs/project-lifecycle.md)",
  },
  {
    name: "project-acceptance",
    file: "workflows/project-acceptance.asl.json",
    functionSubstitutions: { ProjectTasksFunctionArn: "project-tasks" },
    alarmGroup: "project-chain",
    description:
      "Final acceptance of a project (project-<id>-acceptance-r<round>): the enterprise's request, the plan fixed by both parties, the experts' verdicts and scores, the final payment opinion, the final tranche and closure, or not accepted; each wait reminded; interrupts (termination, fraud) routed by kind. Started by project-milestone after the last milestone; not by the live flow yet (docs/project-lifecycle.md)",
  },
  {
    name: "project-anniversary",
    file: "workflows/project-anniversary.asl.json",
    functionSubstitutions: { ProjectTasksFunctionArn: "project-tasks" },
    alarmGroup: "project-chain",
    description:
      "An anniversary tranche of a project (project-<id>-y<years>-r<round>, Anshan: 合同签订满一年后拨付) beside the milestones' chain: awaiting the day (moved by approved extensions), then the tranche eligible; ended by termination, fraud or the horse race. Started by project-start",
  },
  // --- payments (拨付) ---
  {
    name: "payment",
    file: "workflows/payment.asl.json",
    functionSubstitutions: { PaymentTasksFunctionArn: "payment-tasks" },
    description:
      "One payment attempt of a tranche (pay-<trancheId>-a<n>): four-eyes approval, re-check, treasury disbursement by callback with retries, one transaction paying the tranche with its ledger entries",
  },
  {
    name: "recovery-escalation",
    file: "workflows/recovery-escalation.asl.json",
    functionSubstitutions: { PaymentTasksFunctionArn: "payment-tasks" },
    description:
      "The overdue timer of a receivable (escalate-<recoveryId>): waits until its due date has passed, then escalates it if money is still outstanding",
  },
];

/**
 * Environment variable that tells functions a state machine's ARN, e.g. STATE_MACHINE_DEMAND_INTAKE_ARN. Its value is
 * the ARN of the machine's alias `live` (…:stateMachine:<name>:live): executions start through the alias, on the
 * version it points to (docs/deploy.md, "Upgrade and roll-back"); describe and list calls use the unqualified ARN.
 */
export function stateMachineArnEnvVar(name: string): string {
  return `STATE_MACHINE_${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_ARN`;
}

/** The alias executions start through, in AWS and locally. */
export const stateMachineAliasName = "live";

/** A state machine ARN without its version or alias qualifier (arn:…:stateMachine:<name>[:<qualifier>]). */
export function unqualifiedStateMachineArn(arn: string): string {
  const parts = arn.split(":");
  return parts.length > 7 && parts[5] === "stateMachine" ? parts.slice(0, 7).join(":") : arn;
}

/** The ARN of execution `name` of a state machine: execution ARNs name the machine, never its alias or version. */
export const executionArnOf = (stateMachineArn: string, name: string) =>
  `${unqualifiedStateMachineArn(stateMachineArn).replace(":stateMachine:", ":execution:")}:${name}`;

export function functionByName(name: string): FunctionDefinition {
  const found = functions.find((f) => f.name === name);
  if (!found) throw new Error(`unknown function ${name}`);
  return found;
}

export function routesOf(functionName: string): RouteDefinition[] {
  return routes.filter((r) => r.function === functionName);
}
