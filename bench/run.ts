// Benchmarks entry (`npm run bench`, not part of npm test): runs each benchmark, prints a table with the machine's
// description and the number of runs, and writes bench/results.json and bench/results.md.
import "../local/polyfills.ts";

process.env["LOG_LEVEL"] ??= "warn";

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../local/runtime-paths.ts";
import { apiFigures } from "./api.ts";
import { bundleFigures } from "./bundles.ts";
import { readFigures } from "./reads.ts";
import { type Figure, machine } from "./support.ts";
import { workflowFigures } from "./workflow.ts";

const runs = Number(process.env["BENCH_RUNS"] ?? 5);
const only = process.argv.slice(2);
const suites: Record<string, () => Promise<Figure[]>> = {
  bundles: () => bundleFigures(runs),
  api: () => apiFigures(runs),
  reads: () => readFigures(),
  workflow: () => workflowFigures(runs),
};

const figures: Figure[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.error(`bench: ${name}…`);
  figures.push(...(await suite()));
}

const report = { at: new Date().toISOString(), machine: machine(), runs, figures };
const table = [
  `Machine: ${report.machine.cpu}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node} (${report.machine.platform}); median of ${runs} runs unless stated.`,
  "",
  "| figure | value | runs | goal | met |",
  "| --- | --- | --- | --- | --- |",
  ...figures.map(
    (f) =>
      `| ${f.name} | ${f.value} ${f.unit} | ${f.runs} | ${f.goal ?? ""} | ${f.met === undefined ? "" : f.met ? "yes" : "no"} |`,
  ),
].join("\n");
console.log(table);
writeFileSync(join(projectRoot, "bench/results.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(projectRoot, "bench/results.md"), `${table}\n`);
