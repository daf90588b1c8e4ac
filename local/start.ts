// Embedded runtime entry (`npm start`): brings the platform up on 127.0.0.1, prints the URLs, stops on Ctrl-C.
import { startRuntime } from "./runtime.ts";

const port = process.env["PORT"] ? Number(process.env["PORT"]) : 3000;
const verbose = process.env["JIEBANG_VERBOSE"] === "1";
const started = Date.now();

const runtime = await startRuntime({
  port,
  ...(process.env["JIEBANG_DATA_DIR"] ? { dataDir: process.env["JIEBANG_DATA_DIR"] } : {}),
  ...(process.env["JIEBANG_CLOCK_START"] ? { clockStart: process.env["JIEBANG_CLOCK_START"] } : {}),
  log: verbose ? (line) => console.log(JSON.stringify(line)) : undefined,
}).catch((error: unknown) => {
  console.error(`jiebang: could not start: ${(error as Error).message}`);
  process.exit(1);
});

const { info } = runtime;
console.log(`jiebang is up in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${runtime.dataDir})

  API                 ${info.apiUrl}/v1
  health              ${info.apiUrl}/v1/health
  OpenAPI             ${info.apiUrl}/v1/openapi.json
  console             ${info.apiUrl}/console/   (operators: sign in as admin)
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
