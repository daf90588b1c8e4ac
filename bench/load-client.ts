// Benchmark support (bench/): the api bench's load generator, in a worker thread of its own as a separate client would
// be, so that its requests' CPU does not queue on the event loop of the platform it measures (the gateway and the
// handlers run on the main thread). It runs submissions (create + amend over HTTP) and their bare DynamoDB equivalent,
// sent through the same gateway (bench/api.ts serves it) or straight to DynamoDB Local.
import { randomUUID } from "node:crypto";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { httpClient } from "./support.ts";

/** One submission's caller: the lead solver organisation and its bearer token, applying to a challenge. */
export interface SubmissionJob {
  readonly org: string;
  readonly token: string;
  readonly challengeId: string;
}

interface Setup {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly table: string;
}

/**
 * What a chunk runs (bench/api.ts explains each): submissions through the gateway; their bare DynamoDB writes, each
 * transaction sent through the same gateway as one HTTP request (`bare-record`, the baseline of the goal) or straight
 * from this thread (`bare-record-direct`); or the first baseline's placeholder writes.
 */
export type Side = "platform" | "bare-record" | "bare-record-direct" | "bare-placeholder";

/** The gateway route (served by bench/api.ts) that sends one TransactWriteItems as given and answers with the record. */
export const bareTransactRoute = "/local/bench/transact";

interface Request {
  readonly id: number;
  readonly side: Side;
  readonly concurrency: number;
  readonly jobs: SubmissionJob[];
}

type Reply =
  | { readonly id: number; readonly latencies: number[]; readonly seconds: number }
  | { readonly id: number; readonly error: string };

/** A solver's application body, as the portal sends it. */
export function applicationBody(org: string) {
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

/** Runs jobs 0…count - 1 at `concurrency`, returning each job's latency in ms and the wall time. */
export async function load(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** The bare writes' challenge and programme: ids of the platform's shape that no platform record uses. */
const bareChallengeId = `chl-${randomUUID()}`;
const bareProgrammeId = `prg-${randomUUID()}`;

function serve(setup: Setup): void {
  const http = httpClient(128);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: setup.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  const submit = async ({ org, token, challengeId }: SubmissionJob) => {
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const created = await http.send(
      "POST",
      `${setup.apiUrl}/v1/challenges/${challengeId}/applications`,
      headers,
      JSON.stringify(applicationBody(org)),
    );
    const body = created.json() as { id: string; version: number };
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(body)}`);
    const amended = await http.send(
      "PATCH",
      `${setup.apiUrl}/v1/applications/${body.id}`,
      { ...headers, "if-match": `"${body.version}"` },
      JSON.stringify({ technicalPlan: "修订：增加在线检测。" }),
    );
    if (amended.status !== 200) throw new Error(`amend: ${amended.status} ${JSON.stringify(amended.json())}`);
  };
  // The least the same two requests need in DynamoDB: a transaction of the record and its audit event, twice — the
  // application as the platform stores it (the client's content and the server's fields, its two index keys), created
  // only if absent and amended only from the version read, as any correct write must be.
  // One transaction: straight to DynamoDB Local, or through the gateway as one HTTP request (create, then amend, as
  // the submission's two requests), the gateway's side sending it with a client configured as the platform's.
  type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;
  const direct = async (items: TransactItems) => {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  };
  const throughGateway = async (items: TransactItems) => {
    const answer = await http.send(
      "POST",
      `${setup.apiUrl}${bareTransactRoute}`,
      { "content-type": "application/json" },
      JSON.stringify({ TransactItems: items }),
    );
    if (answer.status !== 200)
      throw new Error(`bare transact: ${answer.status} ${JSON.stringify(answer.json())}`);
  };
  const bareRecordSubmission =
    (transact: (items: TransactItems) => Promise<void>) => async (job: SubmissionJob) => {
      const id = `app-${randomUUID()}`;
      const at = new Date().toISOString();
      const pk = `APPLICATION#${id}`;
      const record = {
        id,
        version: 1,
        challengeId: bareChallengeId,
        programmeId: bareProgrammeId,
        leadOrganisationId: job.org,
        ...applicationBody(job.org),
        agreement: {},
        status: "draft",
        createdBy: `s-${job.org}`,
        createdAt: at,
        updatedAt: at,
      };
      const item = (data: typeof record) => ({
        pk,
        sk: "APPLICATION",
        kind: "APPLICATION",
        gsi1pk: `CHALLENGE#${bareChallengeId}#APPLICATION`,
        gsi1sk: `${at}#${id}`,
        gsi2pk: `ORG#${job.org}#APPLICATION_PARTY`,
        gsi2sk: `${at}#${id}`,
        data,
      });
      const audit = (version: number, action: string) => ({
        Put: {
          TableName: setup.table,
          Item: {
            pk,
            sk: `AUDIT#${String(version).padStart(10, "0")}`,
            kind: "audit",
            action,
            actor: record.createdBy,
            at,
            version,
          },
        },
      });
      await transact([
        {
          Put: {
            TableName: setup.table,
            Item: item(record),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        audit(1, "application.drafted"),
      ]);
      const amended = {
        ...record,
        version: 2,
        technicalPlan: "修订：增加在线检测。",
        updatedAt: new Date().toISOString(),
      };
      await transact([
        {
          Put: {
            TableName: setup.table,
            Item: item(amended),
            ConditionExpression: "#d.#v = :previous",
            ExpressionAttributeNames: { "#d": "data", "#v": "version" },
            ExpressionAttributeValues: { ":previous": 1 },
          },
        },
        audit(2, "application.amended"),
      ]);
    };
  // The bench's first baseline, kept for comparison: two unconditional puts of a placeholder (an 800-character string
  // instead of the application, no index keys), twice.
  const placeholderSubmission = async () => {
    const id = randomUUID();
    for (const version of [1, 2]) {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: setup.table,
                Item: { pk: `BENCH#${id}`, sk: "BENCH", data: { id, version, plan: "x".repeat(800) } },
              },
            },
            {
              Put: {
                TableName: setup.table,
                Item: { pk: `BENCH#${id}`, sk: `AUDIT#${version}`, action: "bench" },
              },
            },
          ],
        }),
      );
    }
  };
  parentPort?.on("message", (request: Request | "close") => {
    if (request === "close") {
      http.close();
      db.destroy();
      parentPort?.close();
      return;
    }
    const job = {
      platform: submit,
      "bare-record": bareRecordSubmission(throughGateway),
      "bare-record-direct": bareRecordSubmission(direct),
      "bare-placeholder": placeholderSubmission,
    }[request.side];
    const ran = load(request.jobs.length, request.concurrency, (i) => job(request.jobs[i]!));
    ran.then(
      (result) => parentPort?.postMessage({ id: request.id, ...result } satisfies Reply),
      (error: Error) => parentPort?.postMessage({ id: request.id, error: error.message } satisfies Reply),
    );
  });
}

if (!isMainThread && (workerData as { loadClient?: Setup } | undefined)?.loadClient) {
  serve((workerData as { loadClient: Setup }).loadClient);
}

/** Starts the load generator's worker thread, which registers tsx's loader to run this file as TypeScript. */
export function startLoadClient(setup: Setup) {
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { loadClient: setup } });
  const waiting = new Map<
    number,
    { resolve: (r: { latencies: number[]; seconds: number }) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  worker.on("message", (reply: Reply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ("error" in reply) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply);
  });
  let failed: Error | undefined;
  worker.on("error", (error) => {
    failed = error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  });
  const ask = (request: Omit<Request, "id">) =>
    new Promise<{ latencies: number[]; seconds: number }>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    run: (side: Side, jobs: SubmissionJob[], concurrency: number) => ask({ side, jobs, concurrency }),
    close: async () => {
      worker.postMessage("close");
      await worker.terminate();
    },
  };
}
