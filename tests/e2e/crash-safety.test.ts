// End-to-end crash safety: lifecycle scripts run against the platform in a child process, which is killed with SIGKILL
// at seeded random points (mid-request, mid-step) and restarted each time. The scripts: demands through intake, and
// money — a project's tranche payment run (trigger, four-eyes approval, treasury confirmation) and, after a
// termination, a recovery receipt. Afterwards no accepted (2xx) request is lost, no execution is stuck without a
// pending human task or timer, no tranche is paid twice, each ledger balances (rebuilt = stored), and
// `npm run -s cli -- audit verify` passes. The seed is printed; rerun one with CRASH_SEED=<seed>. Bounded in
// `npm test` (one run of CRASH_KILLS=8 kills); CRASH_RUNS=<n> repeats the whole scenario n times for a longer soak.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { persistedDisbursements } from "../../functions/payments/adapters/simulated-treasury.ts";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { recoveryId } from "../../functions/recoveries/model.ts";
import { localNames } from "../../infra/resources.ts";
import { verifyAuditTable } from "../../local/cli/audit.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import {
  apiClient,
  completeDemand,
  createProgramme,
  draftChallengeDecision,
  sha256Hex,
} from "../support/api.ts";
import { type PlatformProcess, startPlatform } from "../support/platform.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";

const seed = Number(process.env["CRASH_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
const flows = 4;
/** Money scripts per run: one pays tranche 1; the other also terminates the project and records a recovery receipt. */
const moneyFlows = 2;
const kills = Number(process.env["CRASH_KILLS"] ?? 8);
const runs = Number(process.env["CRASH_RUNS"] ?? 1);
/** The platform's clock starts here (a fresh data directory), as the payment tests do: task books start 2025-07-01. */
const clockStart = "2025-06-02T02:00:00.000Z";
const platformEnv = { JIEBANG_CLOCK_START: clockStart };

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dataDir = mkdtempSync(join(tmpdir(), "jiebang-crash-"));
let platform: PlatformProcess | undefined;

afterAll(async () => {
  if (platform && platform.process.exitCode === null && platform.process.signalCode === null)
    await platform.interrupt();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Flow {
  readonly title: string;
  readonly returnFirst: boolean;
  demandId?: string;
}

interface MoneyFlow {
  readonly name: string;
  readonly recover: boolean;
  readonly project: SeededProject;
  readonly enterprise: string;
  readonly solver: string;
  paymentId?: string;
}

type Json = Record<string, unknown>;

describe(`crash safety (seed ${seed})`, () => {
  it(
    "loses nothing accepted and leaves nothing stuck across repeated SIGKILLs",
    async () => {
      console.log(`crash-safety seed: ${seed} (rerun with CRASH_SEED=${seed})`);
      const random = prng(seed);
      platform = await startPlatform(dataDir, platformEnv);
      const tokenOf = async (user: string, org: string, role: string) => {
        const r = await fetch(`${platform!.info.apiUrl}/local/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ user, org, roles: [role] }),
        });
        return ((await r.json()) as { token: string }).token;
      };
      const enterprise = await tokenOf("e1", "ent-crash", "enterprise");
      const bureau = await tokenOf("b1", "stb", "bureau");
      const programmeId = await createProgramme(
        apiClient(() => platform!.info.apiUrl),
        bureau,
      );

      const call = async (
        method: string,
        path: string,
        token: string,
        body?: unknown,
        headers: Record<string, string> = {},
      ) => {
        const response = await fetch(`${platform!.info.apiUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
      };
      const read = async (flow: Flow) => (await call("GET", `/v1/demands/${flow.demandId}`, bureau)).body;

      // Each step makes the flow's demand reach a state, looking first at where it is, so a step cut short by a crash
      // can simply run again.
      const file = Buffer.from("%PDF-1.7 crash-safety evidence");
      const steps: ((flow: Flow) => Promise<void>)[] = [
        async (flow) => {
          if (!flow.demandId) {
            const mine = await call("GET", "/v1/demands?status=draft&limit=100", enterprise);
            const existing = (mine.body["items"] as Json[]).find(
              (d) => (d["content"] as Json)["title"] === flow.title,
            );
            flow.demandId = existing
              ? String(existing["id"])
              : String(
                  (await call("POST", "/v1/demands", enterprise, completeDemand(flow.title, programmeId)))
                    .body["id"],
                );
          }
        },
        async (flow) => {
          const demand = await read(flow);
          if ((demand["attachments"] as Json[]).length === 0 || demand["status"] === "draft") {
            const reserved = await call("POST", `/v1/demands/${flow.demandId}/attachments`, enterprise, {
              fileName: "说明.pdf",
              contentType: "application/pdf",
              sizeBytes: file.length,
              sha256: sha256Hex(file),
            });
            const upload = reserved.body["upload"] as { url: string; headers: Record<string, string> };
            await fetch(upload.url, { method: "PUT", headers: upload.headers, body: file });
          }
        },
        async (flow) => {
          const demand = await read(flow);
          if (demand["status"] === "draft")
            expect((await call("POST", `/v1/demands/${flow.demandId}/submit`, enterprise)).status).toBe(202);
        },
        async (flow) => {
          await platform!.settle();
          const demand = await read(flow);
          if (demand["status"] === "submitted" && (demand["decisions"] as Json[]).length === 0) {
            const decision = flow.returnFirst
              ? { decision: "return", comment: "补充指标" }
              : draftChallengeDecision(Date.parse(String(demand["updatedAt"])));
            expect(
              (await call("POST", `/v1/demands/${flow.demandId}/decision`, bureau, decision)).status,
            ).toBe(202);
          }
        },
        async (flow) => {
          await platform!.settle();
          const demand = await read(flow);
          if (
            demand["status"] === "returned" &&
            (demand["waitingFor"] as Json | undefined)?.["kind"] === "resubmission"
          ) {
            expect((await call("POST", `/v1/demands/${flow.demandId}/submit`, enterprise)).status).toBe(202);
          }
        },
        async (flow) => {
          await platform!.settle();
          const demand = await read(flow);
          if (demand["status"] === "submitted" && (demand["decisions"] as Json[]).length === 1) {
            const accept = draftChallengeDecision(Date.parse(String(demand["updatedAt"])));
            expect((await call("POST", `/v1/demands/${flow.demandId}/decision`, bureau, accept)).status).toBe(
              202,
            );
          }
        },
      ];

      // ---- money: a project's tranche 1 paid (run, four eyes, treasury), then for some a termination and a receipt ----
      const finance1 = await tokenOf("f1", "taiyuan-czj", "finance");
      const finance2 = await tokenOf("f2", "taiyuan-czj", "finance");
      const admin = await tokenOf("ops", "ops", "admin");
      /** Every request the platform accepted (2xx), with how to see its effect afterwards. */
      const accepted: { what: string; check: () => Promise<boolean> }[] = [];
      const view = async (f: MoneyFlow) => call("GET", `/v1/projects/${f.project.projectId}`, bureau);
      const payment = async (f: MoneyFlow) =>
        (await call("GET", `/v1/payments/${f.paymentId}`, finance1)).body;
      const taskBookOf = async (f: MoneyFlow) =>
        ((await view(f)).body["track"] as Json | undefined)?.["taskBook"] as Json | undefined;
      const advance = async (ms: number) => {
        const r = await fetch(`${platform!.info.apiUrl}/local/clock/advance`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ms }),
        });
        expect(r.status).toBe(200);
      };
      /**
       * Lets a payment execution finish what a crash interrupted: a callback completed on the record but not in the
       * workflow waits for its timeout (approval 7 days, treasury 1 day), after which it looks at the record again.
       */
      const unstick = async (f: MoneyFlow, until: (status: string) => boolean) => {
        for (let i = 0; i < 4; i++) {
          await platform!.settle();
          const p = await payment(f);
          const status = String(p["status"]);
          if (until(status)) return;
          if (status === "awaiting-approval" && p["approval"]) await advance(7 * 86_400_000 + 60_000);
          else if (status === "disbursing") await advance(86_400_000 + 600_000);
          else return;
        }
      };
      const shanghaiToday = async () => {
        const clock = (await (await fetch(`${platform!.info.apiUrl}/local/clock`)).json()) as { now: string };
        return new Date(Date.parse(clock.now) + 8 * 3_600_000).toISOString().slice(0, 10);
      };

      const moneySteps: ((f: MoneyFlow) => Promise<void>)[] = [
        async (f) => {
          if (await taskBookOf(f)) return;
          const r = await call("POST", `/v1/projects/${f.project.projectId}/task-book`, bureau, {
            startDate: "2025-07-01",
            ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
            rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
          });
          expect(r.status, JSON.stringify(r.body)).toBe(201);
          accepted.push({ what: `task book of ${f.name}`, check: async () => Boolean(await taskBookOf(f)) });
        },
        async (f) => {
          for (const [party, token] of [
            ["solver", f.solver],
            ["enterprise", f.enterprise],
            ["bureau", bureau],
          ] as const) {
            const book = (await taskBookOf(f)) as Json;
            const signedBy = (book["signatures"] as Json[]).map((x) => x["party"]);
            if (signedBy.includes(party)) continue;
            const r = await call("POST", `/v1/projects/${f.project.projectId}/task-book/sign`, token, {
              revision: book["revision"],
            });
            expect(r.status, JSON.stringify(r.body)).toBe(200);
            accepted.push({
              what: `${party}'s signature of ${f.name}`,
              check: async () =>
                ((await taskBookOf(f))!["signatures"] as Json[]).some((x) => x["party"] === party),
            });
          }
        },
        async (f) => {
          await platform!.settle();
          // The same Idempotency-Key on every attempt: a repeat after a crash returns (or finishes) the first run.
          const r = await call(
            "POST",
            "/v1/payments",
            finance1,
            { trancheIds: [trancheId(f.project.projectId, 1)] },
            { "idempotency-key": `crash-run-${f.project.projectId}` },
          );
          expect(r.status, JSON.stringify(r.body)).toBe(202);
          const result = (r.body["results"] as Json[])[0] as Json;
          expect(["reserved", "in-progress", "paid"], JSON.stringify(result)).toContain(result["outcome"]);
          f.paymentId = String(result["paymentId"]);
          accepted.push({
            what: `payment run of ${f.name}`,
            check: async () => (await call("GET", `/v1/payments/${f.paymentId}`, finance1)).status === 200,
          });
        },
        async (f) => {
          await platform!.settle();
          const p = await payment(f);
          if (p["status"] !== "awaiting-approval" || p["approval"]) return;
          const r = await call("POST", `/v1/payments/${f.paymentId}/approval`, finance2, {
            decision: "approve",
          });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          accepted.push({
            what: `four-eyes approval of ${f.name}`,
            check: async () =>
              ((await payment(f))["approval"] as Json | undefined)?.["decision"] === "approve",
          });
        },
        async (f) => {
          // Treasury confirmation: the embedded runtime's simulated treasury (国库) answers the instruction inside the
          // payment workflow, remembering across restarts what it disbursed; a confirmation a crash cut off from the
          // workflow is picked up when the callback times out and the instruction is resubmitted.
          await unstick(f, (status) => status === "paid");
          const p = await payment(f);
          expect(p["status"], JSON.stringify(p)).toBe("paid");
          expect((p["treasury"] as Json)["reference"]).toMatch(/^GKZF-/);
        },
        async (f) => {
          if (!f.recover) return;
          await platform!.settle();
          if (((await view(f)).body["project"] as Json)["status"] === "terminated") return;
          const r = await call("POST", `/v1/projects/${f.project.projectId}/termination`, bureau, {
            reason: "技术路线无法实现",
            fault: false,
            proposedBy: "solver",
            verifiedSpendingFen: 100_000_00,
          });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          accepted.push({
            what: `termination of ${f.name}`,
            check: async () => ((await view(f)).body["project"] as Json)["status"] === "terminated",
          });
        },
        async (f) => {
          if (!f.recover) return;
          await platform!.settle();
          const id = recoveryId(f.project.projectId);
          const recovery = await call("GET", `/v1/recoveries/${id}`, finance1);
          expect(recovery.status, JSON.stringify(recovery.body)).toBe(200);
          expect(recovery.body["amountFen"] as number).toBeGreaterThan(0);
          // The whole assessed amount, under one key: a repeat returns the first receipt.
          const r = await call(
            "POST",
            `/v1/recoveries/${id}/receipts`,
            finance1,
            {
              amountFen: recovery.body["amountFen"],
              reference: `FS-${f.name}`,
              receivedOn: await shanghaiToday(),
            },
            { "idempotency-key": `crash-rcpt-${f.project.projectId}` },
          );
          expect(r.status, JSON.stringify(r.body)).toBe(201);
          accepted.push({
            what: `recovery receipt of ${f.name}`,
            check: async () =>
              ((await call("GET", `/v1/recoveries/${id}`, finance1)).body["receipts"] as Json[]).some(
                (x) => x["reference"] === `FS-${f.name}`,
              ),
          });
        },
      ];

      const allDemands: Flow[] = [];
      const allMoney: MoneyFlow[] = [];
      for (let run = 0; run < runs; run++) {
        const demandFlows: Flow[] = Array.from({ length: flows }, (_, i) => ({
          title: `崩溃测试-${seed}-${run}-${i}`,
          returnFirst: i % 2 === 0,
        }));
        // Awarded projects are seeded straight into the table (as the award writes them), before any kill.
        const seedDb = DynamoDBDocumentClient.from(
          new DynamoDBClient({
            endpoint: platform.info.dynamodbEndpoint,
            region: "us-east-1",
            credentials: { accessKeyId: "x", secretAccessKey: "x" },
          }),
          { marshallOptions: { removeUndefinedValues: true } },
        );
        const clockNow = Date.parse(
          ((await (await fetch(`${platform.info.apiUrl}/local/clock`)).json()) as { now: string }).now,
        );
        const money: MoneyFlow[] = [];
        for (let i = 0; i < moneyFlows; i++) {
          const enterpriseOrg = `ent-crash-${run}-${i}`;
          const solverOrg = `uni-crash-${run}-${i}`;
          money.push({
            name: `money-${seed}-${run}-${i}`,
            recover: i % 2 === 1,
            project: await awardedProject(
              { clock: { now: () => clockNow } } as unknown as Parameters<typeof awardedProject>[0],
              {
                records: dynamoRecordStore(seedDb, localNames.table, randomCursorKey()),
                enterpriseOrg,
                solverOrg,
              },
            ),
            enterprise: await tokenOf(`e-${enterpriseOrg}`, enterpriseOrg, "enterprise"),
            solver: await tokenOf(`s-${solverOrg}`, solverOrg, "solver"),
          });
        }
        seedDb.destroy();
        allDemands.push(...demandFlows);
        allMoney.push(...money);

        const scripts = [
          ...demandFlows.map((f) => ({ name: f.title, steps: steps.map((step) => () => step(f)) })),
          // A flow that only pays has no termination or receipt steps.
          ...money.map((f) => ({
            name: f.name,
            money: true,
            steps: moneySteps.slice(0, f.recover ? moneySteps.length : 5).map((step) => () => step(f)),
          })),
        ];
        const depth = Math.max(...scripts.map((x) => x.steps.length));
        // Kill points: half among the money scripts' steps, half among the demands', at seeded positions.
        const positions = { money: [] as string[], demand: [] as string[] };
        for (let s = 0; s < depth; s++)
          for (const script of scripts)
            if (script.steps[s])
              ("money" in script ? positions.money : positions.demand).push(`${s}:${script.name}`);
        const killAt = new Set<string>();
        const wanted = (from: string[], count: number) => {
          const target = killAt.size + Math.min(count, from.length);
          while (killAt.size < target) killAt.add(from[Math.floor(random() * from.length)]!);
        };
        wanted(positions.money, Math.ceil(kills / 2));
        wanted(positions.demand, kills - Math.ceil(kills / 2));

        for (let s = 0; s < depth; s++) {
          for (const script of scripts) {
            const step = script.steps[s];
            if (!step) continue;
            if (killAt.has(`${s}:${script.name}`)) {
              // Crash mid-request: start the step, let it get a seeded number of event-loop turns in, then SIGKILL.
              const inFlight = step().catch(() => undefined);
              const turns = Math.floor(random() * 40);
              for (let t = 0; t < turns; t++) await new Promise((r) => setImmediate(r));
              await platform.kill();
              await inFlight;
              console.log(`crash-safety: run ${run}, killed during step ${s} of ${script.name}`);
              platform = await startPlatform(dataDir, platformEnv);
            }
            await step(); // (again, after a crash)
          }
        }
        await platform.settle();
      }

      // Nothing acknowledged is lost, and every flow reached its end.
      for (const flow of allDemands) {
        const demand = await read(flow);
        expect(demand["status"], flow.title).toBe("accepted");
        expect((demand["decisions"] as Json[]).map((d) => d["decision"])).toEqual(
          flow.returnFirst ? ["return", "draft-challenge"] : ["draft-challenge"],
        );
      }
      const lost: string[] = [];
      for (const a of accepted) if (!(await a.check())) lost.push(a.what);
      expect(lost).toEqual([]);
      // (A request a kill cut off after it committed is not counted as accepted; its effect is checked below anyway.)
      expect(accepted.length).toBeGreaterThanOrEqual(allMoney.length);

      // No tranche paid twice: the treasury disbursed each tranche once, and each project's books show one payment.
      const disbursed = persistedDisbursements(join(dataDir, "treasury-simulator.jsonl"));
      const perTranche = new Map<string, number>();
      for (const d of disbursed) {
        const got = await call("GET", `/v1/payments/${d.instructionId}`, finance1);
        expect(got.status).toBe(200);
        const tranche = String(got.body["trancheId"]);
        perTranche.set(tranche, (perTranche.get(tranche) ?? 0) + 1);
      }
      for (const f of allMoney) {
        const tranche = trancheId(f.project.projectId, 1);
        expect(perTranche.get(tranche), `${f.name}: disbursements of ${tranche}`).toBe(1);
        const p = await payment(f);
        expect(p["status"], f.name).toBe("paid");
        const projectView = (await view(f)).body;
        const tranches = projectView["tranches"] as Json[];
        expect(tranches.find((t) => t["index"] === 1)?.["status"], f.name).toBe("paid");
        // The ledger balances: the stored balances equal those rebuilt from the entries, and tranche 1 is paid once.
        const books = await call("GET", `/v1/programmes/${f.project.programmeId}/ledger`, finance1);
        expect(books.status).toBe(200);
        expect(books.body["agrees"], `${f.name}: ${JSON.stringify(books.body)}`).toBe(true);
        expect(books.body["balances"]).toEqual(books.body["rebuilt"]);
        const balances = books.body["balances"] as Record<string, number>;
        expect(balances[`prj:${f.project.projectId}:paid`], f.name).toBe(p["amountFen"]);
        if (f.recover) {
          expect(projectView["project"] as Json).toMatchObject({ status: "terminated" });
          const recovery = await call("GET", `/v1/recoveries/${recoveryId(f.project.projectId)}`, finance1);
          expect(recovery.body, f.name).toMatchObject({ status: "recovered", outstandingFen: 0 });
          expect(recovery.body["receipts"] as Json[]).toHaveLength(1);
          const report = await call(
            "GET",
            `/v1/programmes/${f.project.programmeId}/finance-report`,
            finance1,
          );
          expect(report.body["agree"], `${f.name}: ${JSON.stringify(report.body)}`).toBe(true);
        }
      }
      expect(disbursed).toHaveLength(allMoney.length);

      // No execution is stuck: each one still running waits on a human task (a parked callback with its timeout) or a
      // timer (a Wait state); none failed. Every intake ended when its demand was accepted.
      const sfn = new SFNClient({
        endpoint: platform.info.stepFunctionsEndpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "x", secretAccessKey: "x" },
      });
      const stuck: string[] = [];
      const statuses: Record<string, string[]> = {};
      for (const machine of [
        "demand-intake",
        "project-phase",
        "payment",
        "challenge-publication",
        "challenge-award",
      ]) {
        const listed = await sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:jiebang-${machine}`,
            maxResults: 1000,
          }),
        );
        statuses[machine] = (listed.executions ?? []).map((e) => String(e.status));
        for (const e of listed.executions ?? []) {
          if (e.status !== "RUNNING") continue;
          const inspected = await call(
            "GET",
            `/v1/admin/executions/${encodeURIComponent(String(e.executionArn))}`,
            admin,
          );
          expect(inspected.status, JSON.stringify(inspected.body)).toBe(200);
          const current = inspected.body["currentState"] as string | undefined;
          const nodes = (inspected.body["graph"] as { nodes: { name: string; type: string }[] }).nodes;
          const waiting =
            (inspected.body["pendingTasks"] as Json[]).length > 0 ||
            nodes.find((node) => node.name === current)?.type === "Wait";
          if (!waiting) stuck.push(`${e.name} in ${current ?? "?"}`);
        }
      }
      sfn.destroy();
      expect(stuck).toEqual([]);
      expect(statuses["demand-intake"]).toEqual(Array(allDemands.length).fill("SUCCEEDED"));
      const failed = Object.entries(statuses).flatMap(([m, xs]) =>
        xs.filter((x) => x === "FAILED" || x === "TIMED_OUT" || x === "ABORTED").map((x) => `${m}: ${x}`),
      );
      expect(failed).toEqual([]);

      // The audit trail still verifies: crashes left no half-written events — in the test and with the operators' CLI.
      const db = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: platform.info.dynamodbEndpoint,
          region: "us-east-1",
          credentials: { accessKeyId: "x", secretAccessKey: "x" },
        }),
      );
      const report = await verifyAuditTable(db, localNames.table);
      db.destroy();
      expect(report.breaks).toEqual([]);
      const cli = execFileSync(
        process.execPath,
        ["--import", "tsx", "local/cli/main.ts", "audit", "verify", "--data-dir", dataDir],
        { cwd: projectRoot, encoding: "utf8" },
      );
      console.log(`crash-safety: audit verify: ${cli.trim().split("\n").at(-1)}`);
    },
    runs * 480_000,
  );
});
