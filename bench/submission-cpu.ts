// Benchmark tool (bench/, not a suite): Node CPU time per submission (create + amend) and per bare record submission
// through the same gateway, N of each one at a time in one process — the quiet-machine-independent figure to iterate
// on (`npx tsx bench/submission-cpu.ts [n]`; with `node --cpu-prof --import tsx` for a profile of the main thread).
import "../local/polyfills.ts";

process.env["LOG_LEVEL"] ??= "warn";

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localNames } from "../infra/resources.ts";
import { openChallenge, openProgramme, startBenchRuntime } from "./api.ts";
import { type Side, startLoadClient } from "./load-client.ts";

const n = Number(process.argv[2] ?? 400);
const rounds = Number(process.env["BENCH_CPU_ROUNDS"] ?? 3);
const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-cpu-"));
const { runtime, close } = await startBenchRuntime(dataDir);
const client = startLoadClient({
  apiUrl: runtime.info.apiUrl,
  dynamodbEndpoint: runtime.info.dynamodbEndpoint,
  table: localNames.table,
});
try {
  const programme = await openProgramme(runtime);
  // BENCH_CPU_SIDES=platform profiles one side alone.
  const sides = (process.env["BENCH_CPU_SIDES"] ?? "platform,bare-record").split(",") as Side[];
  const batch = async (count: number) => {
    const challenge = await openChallenge(runtime, programme.id, 30 * 86_400_000);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const org = `uni-${randomUUID().slice(0, 8)}`;
        const token = await runtime.identity.issue({ user: `s-${org}`, org, roles: ["solver"] });
        return { org, token, challengeId: challenge.id };
      }),
    );
  };
  // Warm-up (JIT of Node and of DynamoDB Local's JVM), not measured.
  const warm = await batch(n);
  for (const side of sides) await client.run(side, warm, 1);
  const cpu: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
  for (let r = 0; r < rounds; r++) {
    const jobs = await batch(n);
    for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
      const before = process.cpuUsage();
      await client.run(side, jobs, 1);
      const used = process.cpuUsage(before);
      cpu[side]!.push((used.user + used.system) / 1000 / n);
    }
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const line = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Number(med(v).toFixed(2))]));
  console.log(JSON.stringify({ n, rounds, nodeCpuMsPerSubmission: line, runs: cpu }));
} finally {
  close();
  await client.close();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
