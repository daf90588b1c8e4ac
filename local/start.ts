// Embedded runtime entry (`npm start`): brings the platform up on 127.0.0.1, prints the URLs, stops on Ctrl-C.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { requireJava } from "./java.ts";
import { defaultDataDir } from "./runtime-paths.ts";

const port = process.env["PORT"] ? Number(process.env["PORT"]) : 3000;
const verbose = process.env["JIEBANG_VERBOSE"] === "1";
const started = Date.now();
const dataDir = resolve(process.env["JIEBANG_DATA_DIR"] ?? defaultDataDir);

// Before anything else is loaded, started or written: a machine without Java is told so at once.
try {
  requireJava();
} catch (error) {
  console.error(`jiebang: could not start: ${(error as Error).message}`);
  process.exit(1);
}

// A fresh data directory's clock starts today, or inside the working-day calendar when today's weeks are past it.
const { WorkingDayCalendar } = await import("../functions/calendar/rules/working-days.ts");
const { chooseClockStart } = await import("./clock-start.ts");
const clock = existsSync(join(dataDir, "clock.json"))
  ? {}
  : chooseClockStart({
      nowMs: Date.now(),
      years: WorkingDayCalendar.bundled().coveredYears(),
      requested: process.env["JIEBANG_CLOCK_START"],
    });

// The workbench web app, built when web/dist is missing or older than web/src (about 3 s).
const { ensureWebBuilt } = await import("./web-build.ts");
await ensureWebBuilt((line) => console.log(line)).catch((error: unknown) => {
  console.error(`jiebang: could not build the web app: ${(error as Error).message}`);
  process.exit(1);
});

const { startRuntime } = await import("./runtime.ts");
const runtime = await startRuntime({
  port,
  dataDir,
  ...(clock.startMs !== undefined ? { clockStart: clock.startMs } : {}),
  log: verbose ? (line) => console.log(JSON.stringify(line)) : undefined,
}).catch((error: unknown) => {
  console.error(`jiebang: could not start: ${(error as Error).message}`);
  process.exit(1);
});

const { info } = runtime;
console.log(`jiebang is up in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${runtime.dataDir})
${clock.line ? `${clock.line}\n` : ""}
  API                 ${info.apiUrl}/v1
  health              ${info.apiUrl}/v1/health
  OpenAPI             ${info.apiUrl}/v1/openapi.json
  workbench           ${info.apiUrl}/console/   (工作台: sign in as auditor to see every page; finance for payments)
  clock               ${info.apiUrl}/local/clock   (advance: npm run -s cli -- clock advance --days 30)
  Step Functions API  ${info.stepFunctionsEndpoint}
  DynamoDB Local      ${info.dynamodbEndpoint}
  S3 (s3rver)         ${info.s3Endpoint}

  a token:            npm run -s cli -- token --role enterprise --user e1 --org ent-001
Ctrl-C stops it; everything persists under ${runtime.dataDir}.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const force = setTimeout(() => process.exit(1), 15_000);
  await runtime.stop();
  clearTimeout(force);
  console.log("stopped.");
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
