// The platform's deployable units as data: Lambda functions, their HTTP routes and the state machines.
// Read by the CDK stateless stack, the embedded runtime's gateway and Step Functions service, and the OpenAPI route.
import type { Role } from "./domain/roles.ts";

export type Access = "read" | "readwrite";

/** What a function may touch; CDK turns it into least-privilege grants, the local runtime ignores it. */
export interface FunctionAccess {
  readonly table?: Access;
  readonly evidence?: Access;
  readonly audit?: Access;
  /** State machines this function may start and read (StartExecution, DescribeExecution, GetExecutionHistory). */
  readonly startsWorkflows?: readonly string[];
  /** State machines whose callback tasks this function completes (SendTaskSuccess/Failure/Heartbeat). */
  readonly completesWorkflows?: readonly string[];
  /** Read-only look at state machines and executions (health, console). */
  readonly inspectsWorkflows?: boolean;
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
}

export const functions: readonly FunctionDefinition[] = [
  {
    name: "health",
    entry: "functions/adapters/http/health.ts",
    kind: "http",
    description: "GET /v1/health: reports data, storage, workflows and clock",
    access: { table: "read", evidence: "read", inspectsWorkflows: true },
  },
  {
    name: "openapi",
    entry: "functions/adapters/http/openapi.ts",
    kind: "http",
    description: "GET /v1/openapi.json: the API description generated from the route catalog",
    access: {},
  },
  {
    name: "demands-api",
    entry: "functions/adapters/http/demands.ts",
    kind: "http",
    description: "Enterprise demands (需求征集): drafts, attachments, submission, bureau decisions",
    access: {
      table: "readwrite",
      evidence: "readwrite",
      startsWorkflows: ["demand-intake"],
      completesWorkflows: ["demand-intake"],
    },
  },
  {
    name: "demand-intake-tasks",
    entry: "functions/adapters/tasks/demand-intake.ts",
    kind: "task",
    description:
      "Task states of the demand-intake workflow: park the bureau's task token, apply its decision",
    access: { table: "readwrite" },
  },
  // --- selection: programmes, refinement, challenges, publication (section P) ---
  // --- selection: applications (section A) ---
  // --- selection: review, shortlist, notice, award (section R) ---
];

export type RouteAuth = { readonly public: true } | { readonly roles: readonly Role[] };

export interface RouteDefinition {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** API Gateway resource path with {params}. */
  readonly path: string;
  readonly function: string;
  readonly auth: RouteAuth;
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
    auth: { roles: ["enterprise", "bureau", "admin", "auditor"] },
    summary: "Read a demand",
  },
  {
    method: "PATCH",
    path: "/v1/demands/{demandId}",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    summary: "Edit a draft demand",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/attachments",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    summary: "Reserve an attachment and get a presigned upload URL",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/submit",
    function: "demands-api",
    auth: { roles: ["enterprise"] },
    summary: "Submit a draft demand; starts its intake workflow",
  },
  {
    method: "POST",
    path: "/v1/demands/{demandId}/decision",
    function: "demands-api",
    auth: { roles: ["bureau"] },
    summary: "The bureau accepts a submitted demand or returns it for changes",
  },
  // --- selection: programmes, refinement, challenges, publication (section P) ---
  // --- selection: applications (section A) ---
  // --- selection: review, shortlist, notice, award (section R) ---
];

export interface StateMachineDefinition {
  /** Short name; "<stack>-<name>" in AWS, "jiebang-<name>" locally. */
  readonly name: string;
  /** ASL file under workflows/. */
  readonly file: string;
  /** `${Placeholder}` in the ASL -> function name whose ARN replaces it. */
  readonly functionSubstitutions: Readonly<Record<string, string>>;
  readonly description: string;
}

export const stateMachines: readonly StateMachineDefinition[] = [
  {
    name: "demand-intake",
    file: "workflows/demand-intake.asl.json",
    functionSubstitutions: { DemandIntakeTasksFunctionArn: "demand-intake-tasks" },
    description: "A submitted demand waits for the bureau's decision (accept or return for changes)",
  },
  // --- selection: challenge publication (section P) ---
  // --- selection: challenge award (section R) ---
];

/** Environment variable that tells functions a state machine's ARN, e.g. STATE_MACHINE_DEMAND_INTAKE_ARN. */
export function stateMachineArnEnvVar(name: string): string {
  return `STATE_MACHINE_${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_ARN`;
}

export function functionByName(name: string): FunctionDefinition {
  const found = functions.find((f) => f.name === name);
  if (!found) throw new Error(`unknown function ${name}`);
  return found;
}

export function routesOf(functionName: string): RouteDefinition[] {
  return routes.filter((r) => r.function === functionName);
}
