// Test support: the platform in a child process that a test kills (-9, at a crash point) and restarts on the same data
// directory — the set-up the restart tests share: the data directory, the running child, tokens from it, the signal it
// died of, clients of its DynamoDB Local (a new port after each restart), a project seeded into it, a Runtime-shaped
// view for the HTTP flows of tests/support (project-flow.ts), and the clean-up after each test.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { randomCursorKey } from "../../functions/platform/cursors.ts";
import { dynamoRecordStore } from "../../functions/platform/dynamodb/record-store.ts";
import type { CrashPoint } from "../../functions/platform/ports/faults.ts";
import { localNames } from "../../infra/resources.ts";
import type { Runtime } from "../../local/runtime.ts";
import { apiClient } from "./api.ts";
import { type PlatformProcess, startPlatform } from "./platform.ts";
import { awardedProject, type SeededProject } from "./projects.ts";

export interface RestartablePlatform {
  /** The API of the running child (whichever was started last). */
  readonly api: ReturnType<typeof apiClient>;
  /** The running child. */
  readonly platform: () => PlatformProcess;
  /** The data directory, made on the first start (removed by `cleanUp`). */
  readonly dataDir: () => string;
  /** Starts a child on the data directory, dying at `crashAt` when given (JIEBANG_CRASH_AT). */
  start(options?: { crashAt?: CrashPoint; env?: Record<string, string> }): Promise<PlatformProcess>;
  /** Resolves with the signal the running child dies of ("SIGKILL" at a crash point). */
  died(): Promise<string | null>;
  /** A bearer token from the running child's identity provider (its key is kept in the data directory). */
  token(user: string, org: string, role: string): Promise<string>;
  /** A document client of the running child's DynamoDB Local; `close` when done. */
  dynamo(): { readonly client: DynamoDBDocumentClient; close(): void };
  /** The running child's records; `close` when done. */
  records(): { readonly store: ReturnType<typeof dynamoRecordStore>; close(): void };
  /** An awarded project written straight into the child's DynamoDB Local (tests/support/projects.ts). */
  seedAwardedProject(options?: Omit<Parameters<typeof awardedProject>[1], "records">): Promise<SeededProject>;
  /**
   * The running child as the in-process Runtime the HTTP flows of tests/support take: its addresses, its clock (read
   * now), tokens from /local/token, and `whenIdle` as POST /local/settle.
   */
  asRuntime(): Promise<Runtime>;
  /** Stops a child still running (SIGINT) and removes the data directory: each test's afterEach/afterAll. */
  cleanUp(): Promise<void>;
}

export function restartablePlatform(prefix: string): RestartablePlatform {
  let platform: PlatformProcess | undefined;
  let dataDir: string | undefined;
  const running = () => {
    if (!platform) throw new Error("no platform child is running");
    return platform;
  };
  const api = apiClient(() => running().info.apiUrl);

  const token = async (user: string, org: string, role: string) => {
    const ask = () =>
      api.call<{ token: string }>("POST", "/local/token", { body: { user, org, roles: [role] } });
    // Issuing is idempotent: asked again once when a kept-alive connection was closed under the request (a loaded
    // machine); a child that died fails the second time too.
    const issued = await ask().catch(ask);
    if (issued.status !== 200) throw new Error(`/local/token answered ${issued.status}`);
    return issued.body.token;
  };

  const dynamo = () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: running().info.dynamodbEndpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );
    return { client, close: () => client.destroy() };
  };

  const records = () => {
    const { client, close } = dynamo();
    return { store: dynamoRecordStore(client, localNames.table, randomCursorKey()), close };
  };

  const clockMs = async () => Date.parse((await api.get<{ now: string }>("/local/clock")).body.now);

  return {
    api,
    platform: running,
    dataDir: () => {
      if (!dataDir) throw new Error("no data directory yet: start a platform first");
      return dataDir;
    },
    async start(options = {}) {
      dataDir ??= mkdtempSync(join(tmpdir(), `jiebang-${prefix}-`));
      platform = await startPlatform(dataDir, {
        ...(options.crashAt ? { JIEBANG_CRASH_AT: options.crashAt } : {}),
        ...options.env,
      });
      return platform;
    },
    died() {
      const child = running().process;
      return new Promise((resolve) => {
        if (child.signalCode !== null || child.exitCode !== null) resolve(child.signalCode);
        else child.once("exit", (_code, signal) => resolve(signal));
      });
    },
    token,
    dynamo,
    records,
    async seedAwardedProject(options = {}) {
      const now = await clockMs();
      const db = records();
      try {
        return await awardedProject({ clock: { now: () => now } } as unknown as Runtime, {
          ...options,
          records: db.store,
        });
      } finally {
        db.close();
      }
    },
    async asRuntime() {
      const child = running();
      const now = await clockMs();
      return {
        info: child.info,
        clock: { now: () => now },
        identity: {
          issue: (claims: { user: string; org: string; roles: string[] }) =>
            token(claims.user, claims.org, claims.roles[0] ?? ""),
        },
        stepFunctions: { whenIdle: () => child.settle() },
      } as unknown as Runtime;
    },
    async cleanUp() {
      if (platform && platform.process.exitCode === null && platform.process.signalCode === null)
        await platform.interrupt();
      platform = undefined;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      dataDir = undefined;
    },
  };
}
