// Benchmark (bench/): application submissions (create + amend) through the HTTP gateway at concurrency 1, 16 and 64,
// against the least DynamoDB work such a request needs (one TransactWriteItems of the record and its audit event, twice)
// sent to the same DynamoDB Local; and the deadline rush: 1,000 applications in the last minute before close.
//
// Like with like: the baseline of the goal (`bare-record`) goes through the same path as a submission but for the
// platform's own work — the load client's HTTP request to the same gateway (loopback, body read, JSON, the response
// written: ≈ 1.2 ms a response on a quiet machine, which API Gateway, not this code, costs in AWS), on the main thread
// beside the handlers, each transaction sent by a DynamoDB client configured as the platform's; the gateway's route for it
// (/local/bench/transact) exists only in this bench's runtime. What the ratio measures is then the handler's part:
// the frame's middlewares, validation, the use case's reads and its larger transaction. Until this version the
// baseline went straight from the load client's thread to DynamoDB Local, skipping the gateway that every submission
// passes; that figure is still reported (`bare-record-direct`, "without the gateway"), beside the first baseline.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { type ChallengeRecord, challengeKind } from "../functions/challenges/model.ts";
import { recordStore } from "../functions/platform/deps.ts";
import { created } from "../functions/platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../functions/programmes/model.ts";
import { getPolicyPreset } from "../functions/programmes/rules/policy.ts";
import { localNames } from "../infra/resources.ts";
import { type Runtime, startRuntime } from "../local/runtime.ts";
import { askConsumedCapacity, countDynamoDb } from "./capacity.ts";
import { applicationBody, bareTransactRoute, load, type Side, startLoadClient } from "./load-client.ts";
import { type Figure, httpClient, loadSuiteRuntime, median, percentile, round } from "./support.ts";

const day = 86_400_000;
const seededBy = { actor: "bench", role: "bureau", action: "bench.seeded" };

export async function openChallenge(
  runtime: Runtime,
  programmeId: string,
  closesInMs: number,
): Promise<ChallengeRecord> {
  const now = runtime.clock.now();
  const at = new Date(now).toISOString();
  const challenge: ChallengeRecord = {
    id: `chl-${randomUUID()}`,
    version: 1,
    programmeId,
    demandIds: ["dmd-bench"],
    enterpriseOrganisationIds: ["ent-bench"],
    field: "高端装备制造",
    title: "基准测试榜单",
    description: "bench",
    keyTechnologies: [{ name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] }],
    fundingCapFen: 5_000_000_00,
    rdInvestmentFen: 20_000_000_00,
    periodMonths: 36,
    solverRequirements: "中试条件",
    horseRace: { allowed: false, maxWinners: 1 },
    window: {
      opensAt: new Date(now - day).toISOString(),
      closesAt: new Date(now + closesInMs).toISOString(),
    },
    status: "open",
    round: 1,
    publishedAt: new Date(now - day).toISOString(),
    createdBy: "bench",
    createdAt: at,
    updatedAt: at,
  };
  await recordStore().write([created(challengeKind, challenge, seededBy)], at);
  return challenge;
}

/** CPU time (ms) DynamoDB Local's process has used so far, from /proc (Linux; 0 elsewhere). */
function dynamoDbLocalCpuMs(dataDir: string): number {
  try {
    const pid = readFileSync(join(dataDir, "dynamodb.pid"), "utf8").trim();
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime (fields 14 and 15 of stat; 12 and 13 after the command), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * The bench's embedded runtime in `dataDir`, with the bare baseline's gateway route (bench/load-client.ts
 * bareTransactRoute); `close` ends the baseline's client.
 */
export async function startBenchRuntime(dataDir: string): Promise<{ runtime: Runtime; close: () => void }> {
  // The bare baseline's client on the gateway's side: configured as the platform's (functions/platform/clients.ts:
  // endpoint from the runtime's AWS_ENDPOINT_URL_DYNAMODB, a logger without `info`), but its own, so that the
  // per-submission tally of DynamoDB calls (bench/capacity.ts, on the platform's client) counts the platform's only.
  const quiet = { debug: () => undefined, warn: () => undefined, error: () => undefined };
  let bareDb: DynamoDBDocumentClient | undefined;
  const runtime = await startRuntime({
    dataDir,
    ...loadSuiteRuntime,
    localRoutes: {
      // The bare baseline's transaction, sent as given; the record is the answer, about the size of a submission's.
      [`POST ${bareTransactRoute}`]: async ({ body }) => {
        const input = body as ConstructorParameters<typeof TransactWriteCommand>[0];
        bareDb ??= DynamoDBDocumentClient.from(new DynamoDBClient({ logger: quiet as never }), {
          marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
        });
        await bareDb.send(new TransactWriteCommand(input));
        return { status: 200, body: (input.TransactItems?.[0]?.Put?.Item as { data?: unknown })?.data };
      },
    },
  });
  return { runtime, close: () => bareDb?.destroy() };
}

/** A programme open for submissions, with the Taiyuan policy. */
export async function openProgramme(runtime: Runtime): Promise<ProgrammeRecord> {
  const at = new Date(runtime.clock.now()).toISOString();
  const programme: ProgrammeRecord = {
    id: `prg-${randomUUID()}`,
    version: 1,
    name: "bench",
    nameZh: "基准",
    year: 2026,
    fields: ["高端装备制造"],
    policyId: "taiyuan-2023",
    policy: getPolicyPreset("taiyuan-2023"),
    budgetFen: 1_000_000_000_00,
    status: "open",
    createdBy: "bench",
    createdAt: at,
    updatedAt: at,
  };
  await recordStore().write([created(programmeKind, programme, seededBy)], at);
  return programme;
}

export async function apiFigures(runs: number): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-api-"));
  const { runtime, close: closeBare } = await startBenchRuntime(dataDir);
  const figures: Figure[] = [];
  const http = httpClient(64);
  // Submissions and their bare equivalent come from a client in its own thread (bench/load-client.ts).
  const client = startLoadClient({
    apiUrl: runtime.info.apiUrl,
    dynamodbEndpoint: runtime.info.dynamodbEndpoint,
    table: localNames.table,
  });
  try {
    const programme = await openProgramme(runtime);

    let orgCounter = 0;
    const tokenFor = async () => {
      const org = `uni-${++orgCounter}`;
      return { org, token: await runtime.identity.issue({ user: `s-${org}`, org, roles: ["solver"] }) };
    };

    const counts = countDynamoDb();
    // BENCH_API_CONCURRENCY=16 (say) measures one level only while developing.
    const levels = (process.env["BENCH_API_CONCURRENCY"] ?? "1,16,64").split(",").map(Number);
    for (const [level, concurrency] of levels.entries()) {
      // Submissions per side and run: enough that a run's median is steady (16 per caller; 100 one at a time).
      const perRun = Number(process.env["BENCH_API_PER_RUN"] ?? (concurrency === 1 ? 100 : concurrency * 16));
      // Per side and run: p50, p99, throughput, Node CPU and DynamoDB Local CPU per submission.
      const sides = ["platform", "bare-record", "bare-record-direct", "bare-placeholder"] as const;
      const perSide = Object.fromEntries(
        sides.map((side) => [
          side,
          {
            p50: [] as number[],
            p99: [] as number[],
            rate: [] as number[],
            nodeCpu: [] as number[],
            dbCpu: [] as number[],
          },
        ]),
      ) as Record<Side, { p50: number[]; p99: number[]; rate: number[]; nodeCpu: number[]; dbCpu: number[] }>;
      let perSubmission: Record<string, number> = {};
      let units = { read: 0, write: 0 };
      let dbWaitMs: Record<string, number> = {};
      // One unrecorded warm-up run first (before the first level BENCH_API_WARMUP submissions a side, 1,000 by default;
      // then one run's worth): the JVM of DynamoDB Local compiles its hot paths over the first thousand or so requests
      // (half its CPU went to the compiler in a 15-second run), and Node's too; the figures are meant for steady state.
      for (let r = -1; r < runs; r++) {
        const n = r >= 0 ? perRun : level === 0 ? Number(process.env["BENCH_API_WARMUP"] ?? 1000) : perRun;
        const challenge = await openChallenge(runtime, programme.id, 30 * day);
        const callers = await Promise.all(Array.from({ length: n }, tokenFor));
        const jobs = callers.map(({ org, token }) => ({ org, token, challengeId: challenge.id }));
        // The sides run in turn, chunk by chunk, starting each round with the next side (platform, record, direct,
        // placeholder; record, direct, placeholder, platform; …), so that other load on the machine weighs on all alike.
        const chunk = Math.max(concurrency * 2, 10);
        const ran = Object.fromEntries(
          sides.map((side) => [side, { latencies: [] as number[], seconds: 0 }]),
        ) as Record<Side, { latencies: number[]; seconds: number }>;
        // Node CPU time of the whole process (gateway, handlers, SDK, and the load generator's thread; DynamoDB Local is
        // another process), and DynamoDB Local's CPU time: what the database does for a submission, load aside.
        const nodeCpuMicros = {
          platform: 0,
          "bare-record": 0,
          "bare-record-direct": 0,
          "bare-placeholder": 0,
        };
        const dbCpuMs = { platform: 0, "bare-record": 0, "bare-record-direct": 0, "bare-placeholder": 0 };
        // Capacity units are counted in the untimed warm-up only (asking for them costs DynamoDB Local work).
        askConsumedCapacity(r < 0);
        counts();
        for (let from = 0, k = 0; from < n; from += chunk, k++) {
          const size = Math.min(chunk, n - from);
          for (let j = 0; j < sides.length; j++) {
            const side = sides[(k + j) % sides.length]!;
            const cpu = process.cpuUsage();
            const dbCpu = dynamoDbLocalCpuMs(dataDir);
            const result = await client.run(side, jobs.slice(from, from + size), concurrency);
            dbCpuMs[side] += dynamoDbLocalCpuMs(dataDir) - dbCpu;
            const used = process.cpuUsage(cpu);
            nodeCpuMicros[side] += used.user + used.system;
            ran[side].latencies.push(...result.latencies);
            ran[side].seconds += result.seconds;
          }
        }
        // The bare sides use the load generator's own client: the tally counts the platform's calls only.
        const tally = counts();
        if (r < 0) {
          units = { read: tally.readUnits / n, write: tally.writeUnits / n };
          continue;
        }
        perSubmission = Object.fromEntries(
          Object.entries(tally.calls).map(([name, calls]) => [name, round(calls / n, 2)]),
        );
        dbWaitMs = Object.fromEntries(Object.entries(tally.ms).map(([name, ms]) => [name, ms / n]));
        for (const side of sides) {
          perSide[side].p50.push(median(ran[side].latencies));
          perSide[side].p99.push(percentile(ran[side].latencies, 99));
          perSide[side].rate.push(n / ran[side].seconds);
          perSide[side].nodeCpu.push(nodeCpuMicros[side] / 1000 / n);
          perSide[side].dbCpu.push(dbCpuMs[side] / n);
        }
      }
      const platformP50 = perSide.platform.p50;
      const bareP50 = perSide["bare-record"].p50;
      const directP50 = perSide["bare-record-direct"].p50;
      const placeholderP50 = perSide["bare-placeholder"].p50;
      const ratio = median(platformP50) / median(bareP50);
      const directRatio = median(platformP50) / median(directP50);
      const placeholderRatio = median(platformP50) / median(placeholderP50);
      const cpu = (side: Side) => ({
        nodeCpuMs: round(median(perSide[side].nodeCpu), 2),
        dynamoDbLocalCpuMs: round(median(perSide[side].dbCpu), 2),
      });
      figures.push(
        {
          name: `submissions c=${concurrency}: throughput`,
          value: round(median(perSide.platform.rate), 1),
          unit: "submissions/s",
          runs,
        },
        {
          name: `submissions c=${concurrency}: p50`,
          value: round(median(platformP50), 1),
          unit: "ms",
          runs,
          detail: {
            dynamoDbCallsPerSubmission: perSubmission,
            dynamoDbMsPerSubmission: round(
              Object.values(dbWaitMs).reduce((a, b) => a + b, 0),
              1,
            ),
            capacityUnitsPerSubmission: { read: round(units.read, 2), write: round(units.write, 2) },
            cpuPerSubmission: cpu("platform"),
            cpuPerBareRecordSubmission: cpu("bare-record"),
            cpuPerBareRecordDirectSubmission: cpu("bare-record-direct"),
            cpuPerPlaceholderSubmission: cpu("bare-placeholder"),
          },
        },
        {
          name: `submissions c=${concurrency}: p99`,
          value: round(median(perSide.platform.p99), 1),
          unit: "ms",
          runs,
        },
        {
          name: `bare DynamoDB through the gateway (the record and its audit event) c=${concurrency}: p50`,
          value: round(median(bareP50), 1),
          unit: "ms",
          runs,
        },
        {
          name: `submissions c=${concurrency}: p50 overhead ratio`,
          value: round(ratio),
          unit: "×",
          runs,
          ...(concurrency === 16 ? { goal: "<= 1.3", met: ratio <= 1.3 } : {}),
        },
        {
          name: `bare DynamoDB without the gateway (the baseline until this version) c=${concurrency}: p50`,
          value: round(median(directP50), 1),
          unit: "ms",
          runs,
        },
        {
          name: `submissions c=${concurrency}: p50 ratio to bare DynamoDB without the gateway`,
          value: round(directRatio),
          unit: "×",
          runs,
        },
        {
          name: `bare placeholder writes (first baseline) c=${concurrency}: p50`,
          value: round(median(placeholderP50), 1),
          unit: "ms",
          runs,
        },
        {
          name: `submissions c=${concurrency}: p50 ratio to placeholder writes`,
          value: round(placeholderRatio),
          unit: "×",
          runs,
        },
      );
    }

    askConsumedCapacity(true);
    if (process.env["BENCH_API_RUSH"] === "0") return figures;
    // Deadline rush: 1,000 applications in the last minute; the clock passes the close half-way through.
    const rush = await openChallenge(runtime, programme.id, 60_000);
    const callers = await Promise.all(Array.from({ length: 1000 }, tokenFor));
    let accepted = 0;
    let refusedAfterClose = 0;
    let other = 0;
    let closedAt = 0;
    const rushed = await load(1000, 64, async (i) => {
      if (i === 500) {
        await runtime.advanceClock(61_000);
        closedAt = runtime.clock.now();
      }
      const { org, token } = callers[i]!;
      const response = await http.send(
        "POST",
        `${runtime.info.apiUrl}/v1/challenges/${rush.id}/applications`,
        { authorization: `Bearer ${token}`, "content-type": "application/json" },
        JSON.stringify(applicationBody(org)),
      );
      const body = response.json() as { code?: string };
      if (response.status === 201) accepted++;
      else if (body.code === "APPLICATION_WINDOW_CLOSED") refusedAfterClose++;
      else other++;
    });
    const listed = await fetch(`${runtime.info.apiUrl}/v1/challenges/${rush.id}/applications?limit=100`, {
      headers: {
        authorization: `Bearer ${await runtime.identity.issue({ user: "b", org: "stb", roles: ["bureau"] })}`,
      },
    });
    let stored = 0;
    let page = (await listed.json()) as { items: { createdAt: string }[]; next?: string };
    const bureau = await runtime.identity.issue({ user: "b", org: "stb", roles: ["bureau"] });
    const lateStored: string[] = [];
    for (;;) {
      stored += page.items.length;
      lateStored.push(
        ...page.items.filter((a) => Date.parse(a.createdAt) >= closedAt).map((a) => a.createdAt),
      );
      if (!page.next) break;
      page = (await (
        await fetch(
          `${runtime.info.apiUrl}/v1/challenges/${rush.id}/applications?limit=100&cursor=${encodeURIComponent(page.next)}`,
          {
            headers: { authorization: `Bearer ${bureau}` },
          },
        )
      ).json()) as typeof page;
    }
    figures.push(
      {
        name: "deadline rush: 1,000 applications, clock passes the close half-way",
        value: accepted,
        unit: "accepted",
        runs: 1,
        goal: "accepted = stored, none after close, no other error",
        met:
          accepted === stored &&
          lateStored.length === 0 &&
          other === 0 &&
          accepted + refusedAfterClose === 1000,
        detail: { accepted, refusedAfterClose, other, stored, storedAfterClose: lateStored.length },
      },
      { name: "deadline rush: p99", value: round(percentile(rushed.latencies, 99), 1), unit: "ms", runs: 1 },
      {
        name: "deadline rush: throughput",
        value: round(1000 / rushed.seconds, 1),
        unit: "applications/s",
        runs: 1,
      },
    );
  } finally {
    closeBare();
    await client.close();
    http.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
