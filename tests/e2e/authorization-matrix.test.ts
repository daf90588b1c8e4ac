// End-to-end authorisation matrix, generated from the route catalog: every route × every role (and no token) ×
// (own record, another organisation's record, no record). Role answers come from the catalog's declared roles (an IAM
// route refuses every token: only a SigV4-signed machine caller gets in, tests/e2e/payments.test.ts);
// record answers from the owner organisation of the record. Asserts 0 cross-organisation reads or writes, and prints
// the matrix's size.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouteDefinition, routes } from "../../functions/catalog.ts";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { type Role, roles } from "../../functions/kernel/roles.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { localNames } from "../../infra/resources.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, completeDemand, createProgramme } from "../support/api.ts";

let runtime: Runtime;
let dataDir: string;
let db: DynamoDBClient;
const api = apiClient(() => runtime.info.apiUrl);

/** Records under test and the organisation that owns each, per role that is scoped to its organisation. */
const own = { enterprise: "ent-own", solver: "uni-own" } as const;
const other = { enterprise: "ent-other", solver: "uni-other" } as const;
const ids: Record<string, string> = {};
/** Roles whose access to a record depends on their organisation (the others are programme staff). */
const organisationScoped: readonly Role[] = ["enterprise", "solver", "expert"];

async function itemCount(): Promise<number> {
  await runtime.stepFunctions.whenIdle();
  return (await db.send(new ScanCommand({ TableName: localNames.table, Select: "COUNT" }))).Count ?? 0;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-authz-"));
  runtime = await startRuntime({ dataDir });
  db = new DynamoDBClient({
    endpoint: runtime.info.dynamodbEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const bureau = await runtime.identity.issue({ user: "b1", org: "stb", roles: ["bureau"] });
  ids["programmeId"] = await createProgramme(api, bureau);
  const enterprise = await runtime.identity.issue({
    user: "e-own",
    org: own.enterprise,
    roles: ["enterprise"],
  });
  ids["demandId"] = (
    await api.post<{ id: string }>("/v1/demands", enterprise, completeDemand("权限矩阵", ids["programmeId"]))
  ).body.id;

  // An open challenge of ent-own and a draft application of uni-own to it.
  const now = runtime.clock.now();
  const at = new Date(now).toISOString();
  const challenge: ChallengeRecord = {
    id: `chl-${randomUUID()}`,
    version: 1,
    programmeId: ids["programmeId"],
    demandIds: [ids["demandId"]],
    enterpriseOrganisationIds: [own.enterprise],
    field: "高端装备制造",
    title: "权限矩阵榜单",
    description: "matrix",
    keyTechnologies: [{ name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] }],
    fundingCapFen: 3_000_000_00,
    rdInvestmentFen: 10_000_000_00,
    periodMonths: 36,
    solverRequirements: "中试条件",
    horseRace: { allowed: false, maxWinners: 1 },
    window: {
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    },
    status: "open",
    round: 1,
    publishedAt: new Date(now - 86_400_000).toISOString(),
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
  };
  await recordStore().write(
    [created(challengeKind, challenge, { actor: "b1", role: "bureau", action: "test.seeded" })],
    at,
  );
  ids["challengeId"] = challenge.id;
  const solver = await runtime.identity.issue({ user: "s-own", org: own.solver, roles: ["solver"] });
  const applied = await api.post<{ id: string }>(`/v1/challenges/${challenge.id}/applications`, solver, {
    memberOrganisationIds: [],
    team: [
      {
        personId: "p1",
        name: "王工",
        organisationId: own.solver,
        role: "项目负责人",
        birthDate: "1992-05-01",
        isLead: true,
        isKey: false,
      },
      {
        personId: "p2",
        name: "李博士",
        organisationId: own.solver,
        role: "技术总师",
        birthDate: "1975-02-01",
        isLead: false,
        isKey: true,
      },
    ],
    chiefEngineerId: "p2",
    technicalPlan: "定向凝固温度场闭环控制。",
    budget: [{ item: "设备费", amountFen: 10_000_000_00 }],
    rdInvestmentFen: 10_000_000_00,
    requestedFen: 3_000_000_00,
    periodMonths: 24,
    milestones: [
      { name: "验收", monthsAfterStart: 24, indicators: [{ name: "良品率", target: ">= 92", unit: "%" }] },
    ],
  });
  expect(applied.status).toBe(201);
  ids["applicationId"] = applied.body.id;
});

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Who owns the record a route addresses, for organisation-scoped roles; undefined when the route has no such record. */
function ownerOrganisation(route: RouteDefinition, role: Role): string | undefined {
  if (route.path.includes("{demandId}")) return role === "enterprise" ? own.enterprise : undefined;
  if (route.path.includes("{applicationId}"))
    return role === "solver" ? own.solver : role === "enterprise" ? own.enterprise : undefined;
  return undefined;
}

function pathFor(route: RouteDefinition, scope: "own" | "none"): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    scope === "own" && ids[name]
      ? ids[name]
      : name === "demandId"
        ? `dmd-${randomUUID()}`
        : `x-${randomUUID()}`,
  );
}

/** A body that passes validation where the route takes one, so the request reaches the record check. */
function bodyFor(route: RouteDefinition): unknown {
  if (route.method === "GET") return undefined;
  if (route.path.endsWith("/opinion")) return { recommendation: "return", comment: "意见" };
  if (route.path.endsWith("/attachments"))
    return { fileName: "a.pdf", contentType: "application/pdf", sizeBytes: 10, sha256: "a".repeat(64) };
  if (route.method === "PATCH" && route.path.includes("{demandId}")) return { background: "改" };
  if (route.method === "PATCH" && route.path.includes("{applicationId}")) return { technicalPlan: "改" };
  return undefined;
}

describe("authorisation matrix", () => {
  it("answers every route × role × (own, another organisation's, no record) as declared, with no cross-organisation access", async () => {
    let cells = 0;
    const failures: string[] = [];
    for (const route of routes) {
      for (const role of [...roles, undefined]) {
        for (const scope of ["own", "other", "none"] as const) {
          const owner = role ? ownerOrganisation(route, role) : undefined;
          if (scope === "other" && !owner) continue; // no organisation-scoped record here
          cells++;
          const org =
            role === undefined
              ? "anon"
              : scope === "other"
                ? ((other as Record<string, string>)[role] ?? "org-other")
                : (owner ?? `org-${role}`);
          const token = role
            ? await runtime.identity.issue({ user: `${role}-${scope}`, org, roles: [role] })
            : undefined;
          const body = bodyFor(route);
          const before = await itemCount();
          const response = await api.call<{ code?: string }>(
            route.method,
            pathFor(route, scope === "none" ? "none" : "own"),
            {
              ...(token ? { token } : {}),
              ...(body !== undefined ? { body } : {}),
              headers: route.method === "PATCH" ? { "if-match": '"1"' } : {},
            },
          );
          const cell = `${route.method} ${route.path} as ${role ?? "anonymous"} (${scope}): ${response.status} ${response.body.code ?? ""}`;
          const isPublic = "public" in route.auth;
          const allowedRole =
            isPublic || (role !== undefined && "roles" in route.auth && route.auth.roles.includes(role));
          // An IAM route (the treasury's machine caller) takes no person's token: 403 at the gateway for everyone.
          if ("iam" in route.auth) {
            if (response.status !== 403 || response.body.code !== "SIGNATURE_REQUIRED")
              failures.push(`expected 403 SIGNATURE_REQUIRED: ${cell}`);
          } else if (response.status >= 500) failures.push(`5xx: ${cell}`);
          else if (!isPublic && role === undefined && response.status !== 401)
            failures.push(`expected 401: ${cell}`);
          else if (
            role !== undefined &&
            !allowedRole &&
            !(response.status === 403 && response.body.code === "FORBIDDEN_ROLE")
          )
            failures.push(`expected 403 FORBIDDEN_ROLE: ${cell}`);
          else if (
            allowedRole &&
            role !== undefined &&
            (response.status === 401 || response.body.code === "FORBIDDEN_ROLE")
          )
            failures.push(`expected the role to be let in: ${cell}`);
          else if (scope === "other" && organisationScoped.includes(role!) && response.status < 300)
            failures.push(`cross-organisation access: ${cell}`);
          if (scope === "other" && response.status >= 300 && (await itemCount()) !== before)
            failures.push(`refused but wrote: ${cell}`);
        }
      }
    }
    console.log(
      `authorisation matrix: ${cells} cells (${routes.length} routes × ${roles.length + 1} callers × own/other/no record)`,
    );
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(routes.length * (roles.length + 1) * 2);
  }, 300_000);
});
