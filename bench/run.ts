// Benchmarks entry (`npm run bench [suite…]`, not part of npm test): runs each suite in a fresh Node process (each
// starts its own embedded runtime, and the handlers' clients are created once per process), merges their figures into
// bench/results.json, and writes bench/results.md — a table with the machine's description and each figure's number
// of runs. After a run of every suite, the README's Benchmarks section quotes that table.
import "../local/polyfills.ts";

process.env["LOG_LEVEL"] ??= "warn";

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../local/runtime-paths.ts";
import { type Figure, machine } from "./support.ts";

type SuiteFigure = Figure & { suite?: string };
interface Report {
  at: string;
  machine: ReturnType<typeof machine>;
  runs: number;
  suites: string[];
  seconds: number;
  figures: SuiteFigure[];
}

const runs = Number(process.env["BENCH_RUNS"] ?? 5);
const suites: Record<string, () => Promise<Figure[]>> = {
  bundles: async () => (await import("./bundles.ts")).bundleFigures(runs),
  api: async () => (await import("./api.ts")).apiFigures(runs),
  reads: async () => (await import("./reads.ts")).readFigures(),
  workflow: async () => (await import("./workflow.ts")).workflowFigures(runs),
  lifecycle: async () => {
    const { figures, usage } = await (await import("./lifecycle.ts")).lifecycleFigures(runs);
    const { costFigures } = await import("./cost.ts");
    return usage ? [...figures, ...costFigures(usage)] : figures;
  },
  cost: async () => (await import("./programme-cost.ts")).programmeCostFigures(),
  web: async () => (await import("./web.ts")).webFigures(),
  notifications: async () => (await import("./notifications.ts")).notificationFigures(),
};
const order = Object.keys(suites);
const resultsFile = join(projectRoot, "bench/results.json");
const childFlag = "--bench-child";

const args = process.argv.slice(2);
const child = args.includes(childFlag);
const only = args.filter((a) => a !== childFlag);
const unknown = only.filter((name) => !(name in suites));
if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(", ")}; known: ${order.join(", ")}`);
const selected = only.length > 0 ? order.filter((s) => only.includes(s)) : order;

function readResults(): Report | undefined {
  return existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as Report) : undefined;
}

/** Replaces the figures of `ran` in the results file, keeping the other suites' figures. */
function merge(ran: readonly string[], measured: SuiteFigure[], seconds: number, fresh: boolean): Report {
  const previous = fresh ? undefined : readResults();
  const kept = (previous?.figures ?? []).filter((f) => f.suite !== undefined && !ran.includes(f.suite));
  const figures = [...kept, ...measured].sort(
    (a, b) => order.indexOf(a.suite ?? "") - order.indexOf(b.suite ?? ""),
  );
  const report: Report = {
    at: new Date().toISOString(),
    machine: machine(),
    runs,
    suites: [...new Set(figures.map((f) => f.suite ?? ""))],
    seconds,
    figures,
  };
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

function table(report: Report): string {
  const m = report.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os} (${m.platform}); ` +
      `${report.at}; each figure is the median of its runs (BENCH_RUNS=${report.runs}).`,
    "",
    "| figure | value | runs | goal | met |",
    "| --- | --- | --- | --- | --- |",
    ...report.figures.map(
      (f) =>
        `| ${f.name} | ${f.value} ${f.unit} | ${f.runs} | ${f.goal ?? ""} | ${f.met === undefined ? "" : f.met ? "yes" : "no"} |`,
    ),
  ].join("\n");
}

if (child) {
  // One suite, in this process.
  const name = selected[0]!;
  const started = Date.now();
  const measured = (await suites[name]!()).map((f) => ({ suite: name, ...f }));
  merge([name], measured, Math.round((Date.now() - started) / 1000), false);
} else {
  const started = Date.now();
  const script = fileURLToPath(import.meta.url);
  for (const name of selected) {
    console.error(`bench: ${name}…`);
    const t = Date.now();
    const result = spawnSync(process.execPath, [...process.execArgv, script, name, childFlag], {
      stdio: "inherit",
      env: process.env,
    });
    if (result.status !== 0) {
      console.error(`bench: ${name} failed (exit ${result.status ?? result.signal})`);
      process.exit(1);
    }
    console.error(`bench: ${name} took ${Math.round((Date.now() - t) / 1000)} s`);
  }
  const merged = readResults()!;
  const all = selected.length === order.length;
  const report = merge([], [], all ? Math.round((Date.now() - started) / 1000) : merged.seconds, false);
  const text = table(report);
  console.log(text);
  writeFileSync(join(projectRoot, "bench/results.md"), `${text}\n`);
  // After a run of every suite, the README's Benchmarks section quotes bench/results.md between its markers.
  const readme = join(projectRoot, "README.md");
  const marks = ["<!-- bench:results:start -->", "<!-- bench:results:end -->"] as const;
  const current = readFileSync(readme, "utf8");
  const from = current.indexOf(marks[0]);
  const to = current.indexOf(marks[1]);
  if (all && from >= 0 && to > from) {
    writeFileSync(readme, `${current.slice(0, from + marks[0].length)}\n${text}\n${current.slice(to)}`);
  }
}
