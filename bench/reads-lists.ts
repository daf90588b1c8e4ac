// Benchmark (bench/): the workbench pages' list routes at 10k and 100k records — the bureau's demands by status, the
// enterprise's projects of a programme, the finance payment queue (eligible tranches) and the expert's review
// assignments — each seeded with as many records of its kind as the table grows by, the measured person's own share
// fixed, so a route that reads by its key costs the same at 10k as at 100k.
import { randomUUID } from "node:crypto";
import { challengeKind } from "../functions/challenges/model.ts";
import type { RecordKind, VersionedRecord } from "../functions/platform/ports/records.ts";
import { programmeKind } from "../functions/programmes/model.ts";
import { projectKind, trancheKind } from "../functions/projects/model.ts";
import { assignmentKind } from "../functions/review/model.ts";
import type { Runtime } from "../local/runtime.ts";
import { type Figure, round } from "./support.ts";

/** A record as the record store writes it (functions/platform/dynamodb/record-store.ts): its keys and index keys. */
export function itemOf<T extends VersionedRecord>(kind: RecordKind<T>, record: T) {
  return {
    pk: `${kind.name}#${record.id}`,
    sk: kind.name,
    kind: kind.name,
    ...kind.indexKeys?.(record),
    data: record,
  };
}

export interface Meter {
  /** Zeroes the counters. */
  reset(): void;
  /** Read capacity, Scans and Queries since the last reset. */
  read(): { consumed: number; scans: number; queries: number };
}

interface ListRoute {
  readonly name: string;
  readonly path: string;
  readonly token: string;
}

const programmeId = "prg-bench";
const challengeId = "chl-bench";
/** The measured expert's and finance's fixed share: what the page shows does not grow with the table. */
const ownShare = 30;
/** The measured expert: a local token's subject is `local-<user>` (local/auth.ts). */
const expertUser = "x-bench";
const expertId = `local-${expertUser}`;

/**
 * The list routes' seeding and measurement. `send` writes one batch of at most 25 items (retrying the unprocessed
 * ones); `at` is the runtime clock's ISO time.
 */
export async function listRoutes(
  runtime: Runtime,
  send: (items: Record<string, unknown>[]) => Promise<void>,
  meter: Meter,
  pageSize: number,
) {
  const at = new Date(runtime.clock.now()).toISOString();
  const put = (items: Record<string, unknown>[]) => send(items.map((Item) => ({ PutRequest: { Item } })));
  const programme = {
    id: programmeId,
    version: 1,
    name: "Bench programme",
    nameZh: "基准批次",
    year: 2025,
    fields: [],
    policyId: "anshan-2025",
    budgetFen: 0,
    status: "open",
    createdBy: "bench",
    createdAt: at,
    updatedAt: at,
  };
  const challenge = {
    id: challengeId,
    version: 1,
    programmeId,
    title: "基准榜单",
    status: "published",
    createdAt: at,
  };
  await put([itemOf(programmeKind, programme as never), itemOf(challengeKind, challenge as never)]);

  const ref = (organisationId: string) => ({ organisationId, name: `${organisationId} 有限公司` });
  const project = (i: number) => {
    const enterprise = i % 2 === 0 ? "ent-big" : `ent-${i % 97}`;
    return {
      id: `prj-${randomUUID()}`,
      version: 1,
      programmeId,
      challengeId,
      applicationId: `app-${i}`,
      enterprise: ref(enterprise),
      enterpriseOrganisationIds: [enterprise],
      solverLead: ref(`uni-${i % 89}`),
      solverMembers: [],
      chiefEngineerId: "u-bench",
      rdInvestmentFen: 100_000_000,
      grantFen: 50_000_000,
      status: "in-progress",
      noticeId: "ntc-bench",
      awardedAt: at,
      createdAt: at,
      updatedAt: at,
    };
  };
  const tranche = (i: number, status: "eligible" | "paid") => {
    const projectId = `prj-t${i}`;
    return {
      id: `trn-${projectId}-1`,
      version: 1,
      projectId,
      programmeId,
      index: 1,
      condition: { kind: "task-book-signed" },
      conditionToken: "task-book-signed",
      amountFen: 10_000_000,
      payeeOrganisationId: `ent-${i % 97}`,
      status,
      eligible: { at, by: "system", reason: "任务书已签署" },
      createdAt: at,
      updatedAt: at,
    };
  };
  const assignment = (i: number, expertId: string) => ({
    id: `asg-${randomUUID()}`,
    version: 1,
    challengeId,
    programmeId,
    round: 1,
    expertId,
    expertOrganisationId: "org-experts",
    expertise: "technical",
    applicationIds: [`app-${i}`],
    status: "assigned",
    createdAt: at,
    updatedAt: at,
  });
  // The fixed shares: finance's eligible tranches and the measured expert's own assignments.
  await put(
    Array.from({ length: ownShare / 2 }, (_, i) => itemOf(trancheKind, tranche(-i - 1, "eligible") as never)),
  );
  await put(
    Array.from({ length: ownShare / 2 }, (_, i) =>
      itemOf(trancheKind, tranche(-i - 16, "eligible") as never),
    ),
  );
  await put(Array.from({ length: 15 }, (_, i) => itemOf(assignmentKind, assignment(-i, expertId) as never)));
  await put(
    Array.from({ length: 15 }, (_, i) => itemOf(assignmentKind, assignment(-i - 15, expertId) as never)),
  );

  const issue = (user: string, org: string, role: "bureau" | "enterprise" | "finance" | "expert") =>
    runtime.identity.issue({ user, org, roles: [role] });
  const routes: ListRoute[] = [
    {
      name: "the bureau's demands (GET /v1/demands?status=returned)",
      path: `/v1/demands?status=returned&limit=${pageSize}`,
      token: await issue("b1", "taiyuan-stb", "bureau"),
    },
    {
      name: "the enterprise's projects (GET /v1/projects?programmeId=)",
      path: `/v1/projects?programmeId=${programmeId}&limit=${pageSize}`,
      token: await issue("e1", "ent-big", "enterprise"),
    },
    {
      name: "the finance payment queue (GET /v1/payments/queue)",
      path: "/v1/payments/queue",
      token: await issue("f1", "taiyuan-finance", "finance"),
    },
    {
      name: "the expert's review assignments (GET /v1/reviews)",
      path: "/v1/reviews",
      token: await issue(expertUser, "org-experts", "expert"),
    },
  ];
  const measured = new Map<string, Figure[]>(routes.map((r) => [r.name, []]));

  return {
    /**
     * 25 records of each kind from `base` on: projects of the programme (half the measured enterprise's), paid
     * tranches (not in the queue), other experts' assignments.
     */
    async grow(base: number): Promise<void> {
      const ids = Array.from({ length: 25 }, (_, i) => base + i);
      await put(ids.map((i) => itemOf(projectKind, project(i) as never)));
      await put(ids.map((i) => itemOf(trancheKind, tranche(i, "paid") as never)));
      await put(ids.map((i) => itemOf(assignmentKind, assignment(i, `x-${i % 211}`) as never)));
    },
    /** One request of each route with `target` records of each kind in the table. */
    async measure(target: number): Promise<void> {
      for (const route of routes) {
        meter.reset();
        const started = performance.now();
        const response = await fetch(`${runtime.info.apiUrl}${route.path}`, {
          headers: { authorization: `Bearer ${route.token}` },
        });
        const answer = (await response.json()) as { items?: unknown[] };
        const ms = performance.now() - started;
        const { consumed, scans, queries } = meter.read();
        measured.get(route.name)!.push({
          name: `${route.name}: one page with ${target.toLocaleString("en")} records of its kind in the table`,
          value: round(consumed, 1),
          unit: "read capacity units",
          runs: 1,
          goal: "same at 10k and 100k; no Scan",
          detail: {
            status: response.status,
            items: answer.items?.length ?? 0,
            scans,
            queries,
            ms: round(ms, 1),
          },
        });
      }
    },
    /** Each route's two figures and their ratio (met: equal capacity, no Scan, a 200 with items). */
    figures(): Figure[] {
      return routes.flatMap((route) => {
        const [small, large] = measured.get(route.name)!;
        if (!small || !large) return [];
        const detail = (f: Figure) => f.detail as { status: number; items: number; scans: number };
        return [
          small,
          large,
          {
            name: `${route.name}: page cost at 100k / at 10k records`,
            value: round(large.value / Math.max(small.value, 0.5), 2),
            unit: "×",
            runs: 1,
            goal: "1 (equal read capacity: O(page), not O(table))",
            met:
              large.value === small.value &&
              detail(large).scans === 0 &&
              detail(large).status === 200 &&
              detail(large).items > 0,
          },
        ];
      });
    },
  };
}
