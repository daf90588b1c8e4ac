// Embedded runtime: brings the whole platform up on loopback — DynamoDB Local, the S3-API server, the Step Functions
// service, the HTTP gateway and the controllable clock — with state kept under one data directory.
import "./polyfills.ts";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { stateMachineAliasName, stateMachineArnEnvVar } from "../functions/catalog.ts";
import { readEventLog } from "../functions/events/adapters/event-log.ts";
import { isRole } from "../functions/kernel/roles.ts";
import { installClock } from "../functions/platform/clock.ts";
import { ensureLocalCursorKey } from "../functions/platform/cursors.ts";
import {
  type OidcSettings,
  oidcSettingsEnvVar,
  parseOidcSettings,
} from "../functions/platform/identity/settings.ts";
import { oidcVerifier, type TokenVerifier } from "../functions/platform/identity/verifier.ts";
import { ensureLocalDigestKey } from "../functions/platform/signing/file-signer.ts";
import {
  auditBucket,
  auditDigestKeyEnvVar,
  cursorKeyEnvVar,
  eventLogEnvVar,
  evidenceBucket,
  localNames,
  publicFilesEnvVar,
  recordsTable,
  tableEnvVar,
} from "../infra/resources.ts";
import { type LocalIdentityProvider, localIdentityProvider, localOidcSettings } from "./auth.ts";
import { ControllableClock } from "./clock.ts";
import { type DynamoDbCompiler, ensureTable, startDynamoDbLocal, tableStreamArn } from "./dynamodb.ts";
import { type LocalEvents, localEvents } from "./events.ts";
import { FunctionHost, type InvocationHook, localAccount, localRegion } from "./functions.ts";
import { type Gateway, type LocalRoute, startGateway } from "./gateway.ts";
import { localIdp } from "./idp.ts";
import { requireJava } from "./java.ts";
import { type LocalMailServer, mailboxPage, startMailServer } from "./mail.ts";
import {
  openDataDailyFunction,
  passedShanghaiMidnight,
  publicFilesReader,
  scheduledEvent,
} from "./open-data.ts";
import { defaultDataDir, projectRoot } from "./runtime-paths.ts";
import { startS3 } from "./s3.ts";
import { localMachineCredentials, localServiceCredentials } from "./sigv4.ts";
import { type StepFunctionsService, startStepFunctionsService } from "./stepfunctions/service.ts";
import { type StreamBatchResult, startStreamPoller } from "./streams.ts";
import { webDist } from "./web-build.ts";
import { loadStateMachines } from "./workflows.ts";

export interface RuntimeOptions {
  /** Where records, objects, executions, keys and the clock persist (default <project>/.data). */
  readonly dataDir?: string;
  /** Gateway port (default: a free port). DynamoDB Local, S3 and Step Functions always take free ports. */
  readonly port?: number;
  readonly log?: (line: Record<string, unknown>) => void;
  /**
   * First reading of the clock on a fresh data directory (ISO instant or epoch ms), for tests and demos that need a
   * given date; ignored when the data directory already has a clock. Afterwards time only moves forward.
   */
  readonly clockStart?: string | number;
  /** Lower AWS limits for tests (history events, payload bytes, execution lifetime). */
  readonly limits?: Partial<{ maxHistoryEvents: number; maxPayloadBytes: number; maxExecutionMs: number }>;
  /**
   * The OpenID Connect issuer whose tokens the gateway accepts (default: JIEBANG_OIDC if set, else the embedded
   * runtime's own issuer under /local/idp, discovered over loopback like any other).
   */
  readonly oidc?: OidcSettings;
  /** Tests only: holds or slows invocations of the catalog's functions (local/functions.ts InvocationHook). */
  readonly beforeInvoke?: InvocationHook;
  /**
   * Benchmarks only: more routes under /local/ (keyed "METHOD /local/..."), served by the gateway beside the
   * runtime's own — bench/api.ts sends its bare baseline through the same gateway as the submissions it compares.
   */
  readonly localRoutes?: Readonly<Record<string, LocalRoute>>;
  /**
   * DynamoDB Local's JVM compiler (local/dynamodb.ts): `quick` by default (tests, the demo, `npm start`); the benchmarks'
   * load suites ask for `sustained`.
   */
  readonly dynamoDbCompiler?: DynamoDbCompiler;
}

export interface RuntimeInfo {
  readonly pid: number;
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly s3Endpoint: string;
  readonly stepFunctionsEndpoint: string;
  readonly startedAt: string;
}

export interface Runtime {
  readonly info: RuntimeInfo;
  readonly clock: ControllableClock;
  readonly stepFunctions: StepFunctionsService;
  readonly identity: LocalIdentityProvider;
  /** The issuer whose tokens the gateway accepts, as configured (local/auth.ts localOidcSettings by default). */
  readonly oidc: OidcSettings;
  readonly dataDir: string;
  /** The notifications: the loopback SMTP server's mailbox, and a drain of the table's stream (then the sweep). */
  readonly notifications: { readonly mailbox: LocalMailServer; settle(): Promise<number> };
  /** The domain events' log and webhook subscriptions (docs/events.md). */
  readonly events: LocalEvents;
  /** Advances the clock, firing every timer on the way, and waits until the work they start has settled. */
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
}

let running = false;

const durationUnits: Record<string, number> = {
  ms: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  if (running) throw new Error("one embedded runtime per process: its handlers read the environment it sets");
  running = true;
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  // Nothing is created or started on a machine that cannot run DynamoDB Local.
  try {
    requireJava();
  } catch (error) {
    running = false;
    throw error;
  }
  // A start that fails on a directory it created removes it again: a failed first start leaves nothing behind.
  const freshDataDir = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    running = false;
  };

  try {
    const clockStart = options.clockStart === undefined ? undefined : new Date(options.clockStart).getTime();
    if (clockStart !== undefined && Number.isNaN(clockStart))
      throw new Error(`invalid clockStart ${options.clockStart}`);
    const clock = new ControllableClock(join(dataDir, "clock.json"), clockStart);
    installClock({
      now: () => new Date(clock.now()),
      describe: () => ({ source: "controllable", offsetMs: clock.state().offsetMs }),
    });
    stops.push(async () => installClock(undefined));

    // Both are waited for, so that when one fails the other is stopped too and nothing writes on afterwards.
    const [dynamoStarted, s3Started] = await Promise.allSettled([
      startDynamoDbLocal(dataDir, undefined, options.dynamoDbCompiler),
      startS3(dataDir, [localNames.evidenceBucket, localNames.auditBucket, localNames.publicBucket], {
        credentials: localServiceCredentials,
        region: localRegion,
      }),
    ]);
    if (dynamoStarted.status === "fulfilled") stops.push(() => dynamoStarted.value.stop());
    if (s3Started.status === "fulfilled") stops.push(() => s3Started.value.stop());
    if (dynamoStarted.status === "rejected") throw dynamoStarted.reason;
    if (s3Started.status === "rejected") throw s3Started.reason;
    const dynamo = dynamoStarted.value;
    const s3 = s3Started.value;

    const admin = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: localRegion,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await ensureTable(admin, localNames.table, recordsTable);
    const streamArn = await tableStreamArn(admin, localNames.table);
    admin.destroy();
    // The city's mail relay, locally: a real SMTP server on loopback (local/mail.ts).
    const mailbox = await startMailServer(join(dataDir, "mailbox.jsonl"));
    stops.push(() => mailbox.stop());

    // Domain events: the event log the domain-events-stream function appends to, and its webhook subscriptions.
    const events = localEvents(dataDir, () => clock.now());

    const functionsHost = new FunctionHost(projectRoot, options.beforeInvoke);
    const machines = loadStateMachines(projectRoot);
    const stepFunctions = await startStepFunctionsService({
      dataDir: join(dataDir, "stepfunctions"),
      clock,
      region: localRegion,
      accountId: localAccount,
      // Named like AWS's ARNs (…:stateMachine:<machine>, …:execution:<machine>:<name>, alias …:<machine>:live), but the
      // machine names differ: jiebang-<name> here, <stateless stack>-<name> (Jiebang-Stateless-<name>) in AWS.
      stateMachines: machines.map((m) => ({ ...m, name: m.arn.split(":").at(-1)! })),
      invokeFunction: (arn, payload) => functionsHost.invokeByArn(arn, payload),
      ...(options.limits ? { limits: options.limits } : {}),
      logger: log,
    });
    stops.push(() => stepFunctions.stop());

    const auditDigestKeyFile = join(dataDir, "audit-digest-key.pem");
    ensureLocalDigestKey(auditDigestKeyFile);
    const cursorKeyFile = join(dataDir, "cursor-key");
    ensureLocalCursorKey(cursorKeyFile);
    // The handlers find everything through the standard AWS variables, exactly as in Lambda.
    Object.assign(process.env, {
      AWS_REGION: localRegion,
      AWS_DEFAULT_REGION: localRegion,
      // The handlers sign with these; the S3 endpoint accepts no others (local/s3.ts), presigned URLs included.
      AWS_ACCESS_KEY_ID: localServiceCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localServiceCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: stepFunctions.url,
      AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
      AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
      [tableEnvVar]: localNames.table,
      // Payments: the embedded runtime disburses through the in-process treasury simulator.
      JIEBANG_TREASURY: "simulated",
      // …which keeps what it disbursed here, so a restart does not make it pay an instruction again.
      JIEBANG_TREASURY_STATE: join(dataDir, "treasury-simulator.jsonl"),
      [evidenceBucket.envVar]: localNames.evidenceBucket,
      [auditBucket.envVar]: localNames.auditBucket,
      // Open data's daily file goes to the public bucket, served by the gateway under /open-data/ (local/open-data.ts).
      [publicFilesEnvVar]: localNames.publicBucket,
      // Audit digests are signed with a local key pair kept in the data directory (KMS in AWS).
      [auditDigestKeyEnvVar]: `file:${auditDigestKeyFile}`,
      // Notifications' e-mail goes to the loopback SMTP server.
      JIEBANG_SMTP_URL: mailbox.url,
      // Domain events go to the runtime's event log (an EventBridge custom bus in AWS).
      [eventLogEnvVar]: events.logFile,
      // Page cursors are sealed with a key kept in the data directory (derived per deployment in AWS).
      [cursorKeyEnvVar]: `file:${cursorKeyFile}`,
      // As in AWS, functions start executions through the alias `live` (functions/catalog.ts stateMachineArnEnvVar).
      ...Object.fromEntries(
        machines.map((m) => [stateMachineArnEnvVar(m.name), `${m.arn}:${stateMachineAliasName}`]),
      ),
    });
    await functionsHost.loadAll();

    // The table's stream, polled as the event source mapping does in AWS, handed to the same stream function.
    const streamPoller = startStreamPoller({
      endpoint: dynamo.endpoint,
      streamArn,
      checkpointFile: join(dataDir, "stream-checkpoints.json"),
      deliver: (records) =>
        functionsHost.invoke(
          "notifications-stream",
          { Records: records },
          true,
        ) as Promise<StreamBatchResult>,
      log,
    });
    stops.push(() => streamPoller.stop());
    // The same stream's second consumer, with its own place (its own event source mapping in AWS).
    const eventsPoller = startStreamPoller({
      endpoint: dynamo.endpoint,
      streamArn,
      checkpointFile: join(dataDir, "domain-events-checkpoints.json"),
      deliver: (records) =>
        functionsHost.invoke(
          "domain-events-stream",
          { Records: records },
          true,
        ) as Promise<StreamBatchResult>,
      log,
    });
    stops.push(() => eventsPoller.stop());
    // Webhook deliveries of what the event log holds, in the background and at every settle.
    const webhookTimer = setInterval(() => {
      events
        .dispatch()
        .catch((error: unknown) =>
          log({ level: "WARN", message: "webhook dispatch failed", error: String(error) }),
        );
    }, 500);
    webhookTimer.unref();
    stops.push(async () => clearInterval(webhookTimer));
    /** Everything written so far delivered, then the sends due (retries, quiet hours over) tried. */
    const settleNotifications = async () => {
      const [delivered] = await Promise.all([streamPoller.drain(), eventsPoller.drain()]);
      await functionsHost.invoke("notification-sweep", {});
      await events.dispatch();
      return delivered;
    };

    const identity = await localIdentityProvider(dataDir);
    const publicFiles = publicFilesReader(s3.endpoint, localRegion, localNames.publicBucket);
    stops.push(async () => publicFiles.stop());
    const advanceClock = async (ms: number) => {
      const before = clock.now();
      await stepFunctions.advanceClock(ms);
      await stepFunctions.whenIdle();
      await settleNotifications();
      // Past midnight Asia/Shanghai: the daily rule's run (open data's daily file), on what the timers have settled.
      // A failure is logged, as a failed scheduled run is in AWS (its errors alarm), and leaves the advance done.
      if (passedShanghaiMidnight(before, clock.now()))
        await functionsHost
          .invoke(openDataDailyFunction, scheduledEvent(clock.now()))
          .catch((error: unknown) =>
            log({ level: "ERROR", message: "open data daily file failed", error: String(error) }),
          );
    };

    const localRoutes: Record<string, LocalRoute> = {
      ...options.localRoutes,
      "GET /local/clock": async () => ({ status: 200, body: clockView(clock) }),
      "POST /local/clock/advance": async ({ body }) => {
        const ms = durationFrom(body);
        await advanceClock(ms);
        return { status: 200, body: { advancedMs: ms, ...clockView(clock) } };
      },
      "POST /local/settle": async () => {
        await stepFunctions.whenIdle();
        await settleNotifications();
        return {
          status: 200,
          body: {
            idle: true,
            ...stepFunctions.stats(),
            stream: streamPoller.stats(),
            eventsStream: eventsPoller.stats(),
          },
        };
      },
      // The event log as integrators would receive it (local only, like the mailbox).
      "GET /local/events": async () => ({ status: 200, body: { items: readEventLog(events.logFile) } }),
      // Webhook subscriptions (admins): subscribe a URL with a secret; list them with deliveries and failures.
      "POST /local/events/webhooks": async ({ authorization, body }) => {
        const refused = await adminRefusal(authorization);
        if (refused) return refused;
        const { secret: _secret, ...created } = events.subscribe(body);
        return { status: 201, body: created };
      },
      "GET /local/events/webhooks": async ({ authorization }) => {
        const refused = await adminRefusal(authorization);
        if (refused) return refused;
        return { status: 200, body: { items: events.view() } };
      },
      "GET /local/mailbox": async ({ query }) => ({
        status: 200,
        body: undefined,
        html: mailboxPage(mailbox, query.get("to") ?? undefined),
      }),
      "GET /local/mailbox/messages": async ({ query }) => ({
        status: 200,
        body: { items: mailbox.messages(query.get("to") ?? undefined), receptions: mailbox.receptions() },
      }),
      "POST /local/token": async ({ body }) => {
        const { user, org, roles, name } = (body ?? {}) as {
          user?: unknown;
          org?: unknown;
          roles?: unknown;
          name?: unknown;
        };
        if (
          typeof user !== "string" ||
          typeof org !== "string" ||
          (name !== undefined && (typeof name !== "string" || name.length > 64)) ||
          !Array.isArray(roles) ||
          !roles.every((r) => typeof r === "string" && isRole(r))
        ) {
          throw new Error(
            "body must be {user: string, org: string, roles: [role, ...], name?: string} with known roles",
          );
        }
        const named = typeof name === "string" && name.trim() ? { name: name.trim() } : {};
        return { status: 200, body: { token: await identity.issue({ user, org, roles, ...named }) } };
      },
      "GET /local/.well-known/jwks.json": async () => ({ status: 200, body: { keys: [identity.publicJwk] } }),
    };
    /** 401 without a valid token, 403 for a caller who is not an admin; undefined for an admin. */
    const adminRefusal = async (authorization: string | undefined) => {
      const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
      const caller = token && verifier ? await verifier.verify(token).catch(() => undefined) : undefined;
      if (!caller)
        return { status: 401, body: { code: "UNAUTHENTICATED", message: "Sign in", messageZh: "请先登录" } };
      if (!caller.roles.includes("admin"))
        return {
          status: 403,
          body: { code: "FORBIDDEN", message: "Admins only", messageZh: "仅限系统管理员" },
        };
      return undefined;
    };
    const configured =
      options.oidc ??
      (process.env[oidcSettingsEnvVar]
        ? parseOidcSettings(process.env[oidcSettingsEnvVar], oidcSettingsEnvVar)
        : undefined);
    // The local issuer is discovered at the gateway's own address, known once it listens: verification starts then.
    let verifier: TokenVerifier | undefined;
    let oidc: OidcSettings | undefined = configured;
    const gateway: Gateway = await startGateway({
      functions: functionsHost,
      verifier: {
        verify: (token) =>
          verifier ? verifier.verify(token) : Promise.reject(new Error("not listening yet")),
      },
      idp: localIdp(identity),
      documents: {
        "/console/config.json": (baseUrl) => signInConfig(baseUrl, oidc!, configured === undefined),
      },
      localRoutes,
      staticFiles: { prefix: "/console/", dir: webDist },
      publicFiles,
      ...(options.port !== undefined ? { port: options.port } : {}),
      log,
    });
    stops.push(() => gateway.stop());
    oidc = configured ?? localOidcSettings(gateway.url);
    verifier = oidcVerifier(oidc);
    // The simulated treasury confirms through the IAM route, signing as the treasury system (local/sigv4.ts).
    Object.assign(process.env, {
      JIEBANG_TREASURY_CONFIRMATIONS_URL: `${gateway.url}/v1/treasury/confirmations`,
      JIEBANG_TREASURY_ACCESS_KEY_ID: localMachineCredentials.treasury.accessKeyId,
      JIEBANG_TREASURY_SECRET_ACCESS_KEY: localMachineCredentials.treasury.secretAccessKey,
    });

    const info: RuntimeInfo = {
      pid: process.pid,
      apiUrl: gateway.url,
      dynamodbEndpoint: dynamo.endpoint,
      s3Endpoint: s3.endpoint,
      stepFunctionsEndpoint: stepFunctions.url,
      startedAt: new Date().toISOString(),
    };
    const infoFile = join(dataDir, "runtime.json");
    writeFileSync(infoFile, JSON.stringify(info, null, 2));
    stops.push(async () => rmSync(infoFile, { force: true }));

    return {
      info,
      clock,
      stepFunctions,
      identity,
      oidc,
      dataDir,
      notifications: { mailbox, settle: settleNotifications },
      events,
      advanceClock,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    if (freshDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * What the web app needs to sign in with authorization code + PKCE (docs/identity.md): the issuer, where to discover
 * it, the client id and the redirect URI; locally also the endpoints (the local issuer's), in AWS written by the CDK app.
 */
function signInConfig(baseUrl: string, oidc: OidcSettings, local: boolean) {
  const idp = `${baseUrl}/local/idp`;
  return {
    issuer: oidc.issuer,
    discoveryUrl: local ? `${idp}/.well-known/openid-configuration` : oidc.discoveryUrl,
    clientId: oidc.audience[0],
    redirectUri: `${baseUrl}/console/`,
    scope: "openid",
    ...(local
      ? {
          authorizationEndpoint: `${idp}/authorize`,
          tokenEndpoint: `${idp}/token`,
          // Embedded runtime only: tests and the CLI may also take a token here without a browser.
          localTokenEndpoint: `${baseUrl}/local/token`,
        }
      : {}),
  };
}

function clockView(clock: ControllableClock) {
  const state = clock.state();
  return { now: new Date(state.nowMs).toISOString(), offsetMs: state.offsetMs };
}

/** {"ms": N} or {"days": N} etc.; only forward. */
function durationFrom(body: unknown): number {
  if (!body || typeof body !== "object") throw new Error('body must be like {"days": 300}');
  let total = 0;
  for (const [unit, value] of Object.entries(body as Record<string, unknown>)) {
    const factor = durationUnits[unit];
    if (factor === undefined)
      throw new Error(`unknown unit "${unit}" (use ${Object.keys(durationUnits).join(", ")})`);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      throw new Error(`${unit} must be a non-negative number`);
    total += value * factor;
  }
  return Math.round(total);
}
