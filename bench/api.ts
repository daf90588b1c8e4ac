// Benchmark (bench/): application submissions (create + amend) through the HTTP gateway at concurrency 1, 16 and 64,
// against the least DynamoDB work such a request needs (one TransactWriteItems of the record and its audit event, twice)
// sent straight to the same DynamoDB Local; and the deadline rush: 1,000 applications in the last minute before close.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { recordStore } from "../functions/adapters/deps.ts";
import { getPolicyPreset } from "../functions/domain/policy.ts";
import { created } from "../functions/ports/records.ts";
import {
  type ChallengeRecord,
  challengeKind,
  type ProgrammeRecord,
  programmeKind,
} from "../functions/use-cases/selection-model.ts";
import { localNames } from "../infra/resources.ts";
import { type Runtime, startRuntime } from "../local/runtime.ts";
import { countDynamoDb } from "./capacity.ts";
import { type Figure, httpClient, median, percentile, round } from "./support.ts";

const day = 86_400_000;
const seededBy = { actor: "bench", role: "bureau", action: "bench.seeded" };

function application(org: string) {
  return {
    memberOrganisationIds: [],
    team: [
      {
        personId: `${org}-1`,
        name: "王工",
        organisationId: org,
        role: "项目负责人",
        birthDate: "1992-05-01",
        isLead: true,
        isKey: false,
      },
      {
        personId: `${org}-2`,
        name: "李博士",
        organisationId: org,
        role: "技术总师",
        birthDate: "1975-02-01",
        isLead: false,
        isKey: true,
      },
    ],
    chiefEngineerId: `${org}-2`,
    technicalPlan: "定向凝固温度场闭环控制。",
    budget: [{ item: "设备费", amountFen: 10_000_000_00 }],
    rdInvestmentFen: 10_000_000_00,
    requestedFen: 3_000_000_00,
    periodMonths: 24,
    milestones: [
      { name: "验收", monthsAfterStart: 24, indicators: [{ name: "良品率", target: ">= 92", unit: "%" }] },
    ],
  };
}

async function openChallenge(
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

/** Runs jobs `from`…`from + count - 1` at `concurrency`, returning each job's latency in ms and the wall time. */
async function load(count: number, concurrency: number, job: (i: number) => Promise<void>, from = 0) {
  const latencies: number[] = [];
  let next = from;
  const end = from + count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const i = next++;
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export async function apiFigures(runs: number): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-api-"));
  const runtime = await startRuntime({ dataDir });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.info.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  const figures: Figure[] = [];
  const http = httpClient(64);
  try {
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

    let orgCounter = 0;
    const tokenFor = async () => {
      const org = `uni-${++orgCounter}`;
      return { org, token: await runtime.identity.issue({ user: `s-${org}`, org, roles: ["solver"] }) };
    };

    const counts = countDynamoDb();
    // BENCH_API_CONCURRENCY=16 (say) measures one level only while developing.
    const levels = (process.env["BENCH_API_CONCURRENCY"] ?? "1,16,64").split(",").map(Number);
    for (const concurrency of levels) {
      const perRun = Number(process.env["BENCH_API_PER_RUN"] ?? (concurrency === 1 ? 60 : concurrency * 6));
      const platformP50: number[] = [];
      const platformP99: number[] = [];
      const platformRate: number[] = [];
      const bareP50: number[] = [];
      const cpuMs: number[] = [];
      const bareCpuMs: number[] = [];
      const dbCpuPlatform: number[] = [];
      const dbCpuBare: number[] = [];
      let perSubmission: Record<string, number> = {};
      let units = { read: 0, write: 0 };
      let dbWaitMs: Record<string, number> = {};
      // One unrecorded warm-up run first (at least 240 submissions a side): both the JVM of DynamoDB Local and Node
      // compile their hot paths during the first few hundred requests, and the figures are meant for steady state.
      for (let r = -1; r < runs; r++) {
        const n = r < 0 ? Math.max(perRun, Number(process.env["BENCH_API_WARMUP"] ?? 240)) : perRun;
        const challenge = await openChallenge(runtime, programme.id, 30 * day);
        const callers = await Promise.all(Array.from({ length: n }, tokenFor));
        const submit = async (i: number) => {
          const { org, token } = callers[i]!;
          const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
          const createdResponse = await http.send(
            "POST",
            `${runtime.info.apiUrl}/v1/challenges/${challenge.id}/applications`,
            headers,
            JSON.stringify(application(org)),
          );
          const body = createdResponse.json() as { id: string; version: number };
          if (createdResponse.status !== 201)
            throw new Error(`create: ${createdResponse.status} ${JSON.stringify(body)}`);
          const amended = await http.send(
            "PATCH",
            `${runtime.info.apiUrl}/v1/applications/${body.id}`,
            { ...headers, "if-match": `"${body.version}"` },
            JSON.stringify({ technicalPlan: "修订：增加在线检测。" }),
          );
          if (amended.status !== 200)
            throw new Error(`amend: ${amended.status} ${JSON.stringify(amended.json())}`);
        };
        // The least the same two requests need: a transaction of record + audit event, twice.
        const bareSubmission = async () => {
          const id = randomUUID();
          for (const version of [1, 2]) {
            await db.send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Put: {
                      TableName: localNames.table,
                      Item: { pk: `BENCH#${id}`, sk: "BENCH", data: { id, version, plan: "x".repeat(800) } },
                    },
                  },
                  {
                    Put: {
                      TableName: localNames.table,
                      Item: { pk: `BENCH#${id}`, sk: `AUDIT#${version}`, action: "bench" },
                    },
                  },
                ],
              }),
            );
          }
        };
        // Platform and bare run in alternating chunks (platform, bare, bare, platform, …) so that other load on the
        // machine weighs on both sides alike; each side still runs n submissions at this concurrency.
        const chunk = Math.max(concurrency * 2, 10);
        const platform = { latencies: [] as number[], seconds: 0 };
        const bare = { latencies: [] as number[], seconds: 0 };
        // Node CPU time (gateway, handlers, SDK, and this client's requests; DynamoDB Local is another process).
        const nodeCpuMicros = { platform: 0, bare: 0 };
        // DynamoDB Local's CPU time for each side: what the database does for a submission, load aside.
        const dbCpuMs = { platform: 0, bare: 0 };
        counts();
        for (let from = 0, k = 0; from < n; from += chunk, k++) {
          const size = Math.min(chunk, n - from);
          const sides = k % 2 === 0 ? (["platform", "bare"] as const) : (["bare", "platform"] as const);
          for (const side of sides) {
            const cpu = process.cpuUsage();
            const dbCpu = dynamoDbLocalCpuMs(dataDir);
            const ran =
              side === "platform"
                ? await load(size, concurrency, submit, from)
                : await load(size, concurrency, bareSubmission);
            dbCpuMs[side] += dynamoDbLocalCpuMs(dataDir) - dbCpu;
            const used = process.cpuUsage(cpu);
            nodeCpuMicros[side] += used.user + used.system;
            const into = side === "platform" ? platform : bare;
            into.latencies.push(...ran.latencies);
            into.seconds += ran.seconds;
          }
        }
        if (r < 0) {
          counts();
          continue;
        }
        // The bare side uses its own client: the tally counts the platform's calls only.
        const tally = counts();
        perSubmission = Object.fromEntries(
          Object.entries(tally.calls).map(([name, calls]) => [name, round(calls / n, 2)]),
        );
        cpuMs.push(nodeCpuMicros.platform / 1000 / n);
        bareCpuMs.push(nodeCpuMicros.bare / 1000 / n);
        units = { read: tally.readUnits / n, write: tally.writeUnits / n };
        dbWaitMs = Object.fromEntries(Object.entries(tally.ms).map(([name, ms]) => [name, ms / n]));
        dbCpuPlatform.push(dbCpuMs.platform / n);
        dbCpuBare.push(dbCpuMs.bare / n);
        platformP50.push(median(platform.latencies));
        platformP99.push(percentile(platform.latencies, 99));
        platformRate.push(n / platform.seconds);
        bareP50.push(median(bare.latencies));
      }
      const ratio = median(platformP50) / median(bareP50);
      figures.push(
        {
          name: `submissions c=${concurrency}: throughput`,
          value: round(median(platformRate), 1),
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
            nodeCpuMsPerSubmission: round(median(cpuMs), 2),
            nodeCpuMsPerBareSubmission: round(median(bareCpuMs), 2),
            dynamoDbMsPerSubmission: round(
              Object.values(dbWaitMs).reduce((a, b) => a + b, 0),
              1,
            ),
            capacityUnitsPerSubmission: { read: round(units.read, 2), write: round(units.write, 2) },
            dynamoDbLocalCpuMsPerSubmission: round(median(dbCpuPlatform), 2),
            dynamoDbLocalCpuMsPerBareSubmission: round(median(dbCpuBare), 2),
          },
        },
        { name: `submissions c=${concurrency}: p99`, value: round(median(platformP99), 1), unit: "ms", runs },
        { name: `bare DynamoDB c=${concurrency}: p50`, value: round(median(bareP50), 1), unit: "ms", runs },
        {
          name: `submissions c=${concurrency}: p50 overhead ratio`,
          value: round(ratio),
          unit: "×",
          runs,
          ...(concurrency === 16 ? { goal: "<= 1.5", met: ratio <= 1.5 } : {}),
        },
      );
    }

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
        JSON.stringify(application(org)),
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
    http.close();
    db.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
