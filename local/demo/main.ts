// Demo entry (`npm run demo`): finds a running platform (--url / JIEBANG_URL, else the data directory's runtime.json)
// or starts the embedded runtime on the data directory (default .data/, so `npm start` shows the result afterwards),
// drives the Taiyuan programme through its lifecycle over HTTP with a progress line per step, prints the summary.
import "../polyfills.ts";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { chooseClockStart, shanghaiMinute } from "../clock-start.ts";
import { loopback } from "../net.ts";
import type { Runtime } from "../runtime.ts";
import { defaultDataDir } from "../runtime-paths.ts";
import { platformClient } from "./client.ts";
import { progress } from "./progress.ts";
import { summaryTable, whereToLook } from "./report.ts";
import { runDemo } from "./scenario.ts";

/** The port `npm start` and a platform the demo starts listen on: PORT, else 3000. */
function startPort(): number {
  return process.env["PORT"] ? Number(process.env["PORT"]) : 3000;
}

const usage = `usage: npm run demo [-- --url http://127.0.0.1:${startPort()}] [--data-dir DIR] [--serve]

  --url URL        drive this running platform (or JIEBANG_URL)
  --data-dir DIR   else use the platform running on DIR (its runtime.json), or start one there
                   (or JIEBANG_DATA_DIR; default .data/, the directory \`npm start\` uses)
  --serve          when the demo started the platform, keep it running afterwards (Ctrl-C stops it)

A platform the demo starts listens on PORT (now ${startPort()}; default 3000) and, on a fresh data directory, starts its clock
today, as \`npm start\` does (JIEBANG_CLOCK_START overrides).`;

async function healthy(url: string): Promise<boolean> {
  try {
    const answered = await fetch(`${url.replace(/\/$/, "")}/v1/health`, {
      signal: AbortSignal.timeout(5000),
    });
    return answered.status < 500;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, loopback, () => server.close(() => done(true)));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      "data-dir": { type: "string" },
      serve: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const started = Date.now();
  const step = progress(process.stdout, started);
  const dataDirArgument = values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"];
  const dataDir = resolve(dataDirArgument ?? defaultDataDir);
  let url = values.url ?? process.env["JIEBANG_URL"];
  let runtime: Runtime | undefined;

  console.log("jiebang demo: 太原市揭榜挂帅 — a programme from demands to an accepted project\n");
  if (url) {
    if (!(await healthy(url))) {
      console.error(`jiebang demo: no platform answers at ${url}/v1/health`);
      return 1;
    }
  } else {
    const infoFile = join(dataDir, "runtime.json");
    const running = existsSync(infoFile)
      ? (JSON.parse(readFileSync(infoFile, "utf8")) as { apiUrl: string }).apiUrl
      : undefined;
    if (running && (await healthy(running))) url = running;
  }
  if (url) {
    console.log(`  platform  ${url} (already running)\n`);
  } else {
    // The platform runs in this process: its request and task logs would bury the progress lines, so they are
    // quiet unless LOG_LEVEL asks for them.
    process.env["LOG_LEVEL"] ??= "warn";
    const { startRuntime } = await import("../runtime.ts");
    const { WorkingDayCalendar } = await import("../../functions/calendar/rules/working-days.ts");
    // A fresh data directory's clock starts as `npm start`'s does: today (the working-day calendar counts a year
    // without the State Council's arrangement provisionally), or JIEBANG_CLOCK_START; an existing one goes on from
    // its own (the preflight checks it).
    const fresh = !existsSync(join(dataDir, "clock.json"));
    const clock = fresh
      ? chooseClockStart({
          nowMs: Date.now(),
          years: WorkingDayCalendar.bundled().coveredYears(),
          requested: process.env["JIEBANG_CLOCK_START"],
        })
      : {};
    const options = { dataDir, ...(clock.startMs !== undefined ? { clockStart: clock.startMs } : {}) };
    if (fresh) {
      console.log(
        `  clock     runs on ${shanghaiMinute(clock.startMs ?? Date.now())}, today is ${shanghaiDate(Date.now())}${
          clock.line ? `: ${clock.line}` : ""
        }\n`,
      );
    }
    // Port taken (another program): any free port will do for the demo itself.
    const port = startPort();
    const free = await portFree(port);
    runtime = await step(
      `embedded platform started on ${dataDir} / 启动本地平台`,
      () => startRuntime(free ? { ...options, port } : options),
      (r) => r.info.apiUrl,
    );
    url = runtime.info.apiUrl;
  }

  // Ctrl-C at any point stops a platform the demo started, as `npm start` does (its data stays consistent).
  let finished = false;
  let stopping = false;
  if (runtime) {
    const started = runtime;
    const onSignal = (signal: string) => {
      stopping = true;
      console.log(`\n${signal}: stopping the platform…`);
      const force = setTimeout(() => process.exit(1), 15_000);
      void started.stop().finally(() => {
        clearTimeout(force);
        console.log("stopped.");
        // Serving after a finished demo: a normal end. During the demo: interrupted.
        process.exit(finished ? 0 : 130);
      });
    };
    process.once("SIGINT", () => onSignal("SIGINT"));
    process.once("SIGTERM", () => onSignal("SIGTERM"));
  }

  let code = 0;
  try {
    const summary = await runDemo(platformClient(url), step);
    console.log(`\njiebang demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    console.log(summaryTable(summary));
    console.log(
      whereToLook({
        apiUrl: url,
        startPort: startPort(),
        ...(dataDirArgument ? { dataDirArgument } : {}),
        mailAddress: summary.mail.address,
        running: !runtime
          ? "already-running"
          : values.serve
            ? "started-here-and-kept"
            : "started-here-and-stopped",
      }),
    );
  } catch (error) {
    if (!stopping) console.error(`\njiebang demo failed: ${(error as Error).message}`);
    code = 1;
  }
  if (runtime && values.serve && code === 0) {
    finished = true;
    console.log("\n  The platform keeps running; Ctrl-C stops it.");
    await new Promise<never>(() => undefined);
  } else if (runtime) {
    await runtime.stop();
  }
  return code;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`jiebang demo: ${(error as Error).message}`);
  return 1;
});
