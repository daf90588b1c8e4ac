// Benchmark (bench/): list routes read by Query, in pages, so what a page costs follows the page size, not the table.
// Seeds 10,000 and then 100,000 demands of one organisation (and as many of others) — each of the others' waiting for
// its enterprise's resubmission, a to-do (待办) of that organisation — lists one page of demands and one page of the
// to-do list (GET /v1/me/tasks, whose own 30 to-dos do not grow) through the gateway, and the workbench pages' other
// list routes (bench/reads-lists.ts), and records the read capacity DynamoDB reports for each (ReturnConsumedCapacity on
// the handlers' client: the Query and the reads of the names next to it).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "../functions/platform/clients.ts";
import { type StoredTodo, todoSortKey } from "../functions/platform/ports/todos.ts";
import { localNames } from "../infra/resources.ts";
import { startRuntime } from "../local/runtime.ts";
import { listRoutes } from "./reads-lists.ts";
import { type Figure, loadSuiteRuntime, round } from "./support.ts";

const pageSize = 25;
/** The reads whose capacity is counted: the list's Query and the names read next to it (GetItem, BatchGetItem). */
const measuredCommands = [
  "QueryCommand",
  "ScanCommand",
  "GetItemCommand",
  "BatchGetItemCommand",
  "GetCommand",
  "BatchGetCommand",
];
interface Capacity {
  readonly CapacityUnits?: number;
}

export async function readFigures(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-reads-"));
  const runtime = await startRuntime({ dataDir, ...loadSuiteRuntime });
  const seeder = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.info.dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  // Every Query the handlers send reports its consumed capacity, which we add up per request.
  let consumed = 0;
  let scans = 0;
  let queries = 0;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (measuredCommands.includes(context.commandName ?? "")) input["ReturnConsumedCapacity"] = "TOTAL";
      if (context.commandName === "ScanCommand") scans++;
      if (context.commandName === "QueryCommand") queries++;
      const result = await next(args);
      // One figure for a Query, Scan or GetItem; one per table for a BatchGetItem.
      const capacity = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of [capacity ?? []].flat()) consumed += c.CapacityUnits ?? 0;
      return result;
    },
    { step: "initialize", name: "benchConsumedCapacity" },
  );
  const figures: Figure[] = [];
  // One batch write, the unprocessed items sent again until none is left.
  const send = async (batch: unknown[]) => {
    let request: Record<string, unknown[]> | undefined = { [localNames.table]: batch };
    while (request && Object.keys(request).length > 0) {
      const result = await seeder.send(new BatchWriteCommand({ RequestItems: request as never }));
      request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  };
  try {
    const token = await runtime.identity.issue({ user: "e1", org: "ent-big", roles: ["enterprise"] });
    const lists = await listRoutes(
      runtime,
      (batch) => send(batch),
      {
        reset: () => {
          consumed = 0;
          scans = 0;
          queries = 0;
        },
        read: () => ({ consumed, scans, queries }),
      },
      pageSize,
    );
    const todoFigures: Figure[] = [];
    const todo = (id: string, at: string): StoredTodo => ({
      id: `DEMAND#${id}#demand.resubmit`,
      recordKind: "DEMAND",
      recordId: id,
      action: "demand.resubmit",
      since: at,
      title: "bench",
      link: `/demands/${id}`,
    });
    // The measured person's own to-dos: 30, whatever the table holds.
    const at0 = new Date(runtime.clock.now()).toISOString();
    for (let k = 0; k < 30; k += 15) {
      const own = Array.from({ length: 15 }, () => todo(`dmd-${randomUUID()}`, at0)).map((t) => ({
        PutRequest: {
          Item: { pk: "TODO#ROLE#enterprise@ent-big", sk: todoSortKey(t), kind: "todo", todo: t },
        },
      }));
      await seeder.send(new BatchWriteCommand({ RequestItems: { [localNames.table]: own } }));
    }
    let seeded = 0;
    for (const target of [10_000, 100_000]) {
      const at = new Date(runtime.clock.now()).toISOString();
      const writeBatch = async (base: number) => {
        const batch = Array.from({ length: 25 }, (_, i) => {
          const id = `dmd-${randomUUID()}`;
          const org = (base + i) % 2 === 0 ? "ent-big" : `ent-${(base + i) % 97}`;
          return {
            PutRequest: {
              Item: {
                pk: `DEMAND#${id}`,
                sk: "DEMAND",
                kind: "demand",
                gsi1pk: `ORG#${org}#DEMAND`,
                gsi1sk: `${at}#${id}`,
                gsi2pk: `DEMAND#STATUS#${org === "ent-big" ? "draft" : "returned"}`,
                gsi2sk: `${at}#${id}`,
                data: {
                  id,
                  organisationId: org,
                  status: "draft",
                  version: 1,
                  content: { title: "bench" },
                  attachments: [],
                  decisions: [],
                },
              },
            },
          };
        });
        await send(batch);
        // Another organisation's demands, as if returned to it: a to-do item of that organisation each.
        await send(
          batch
            .map((b) => b.PutRequest.Item)
            .filter((item) => item.data.organisationId !== "ent-big")
            .map((item) => {
              const t = todo(item.data.id, at);
              const pk = `TODO#ROLE#enterprise@${item.data.organisationId}`;
              return { PutRequest: { Item: { pk, sk: todoSortKey(t), kind: "todo", todo: t } } };
            }),
        );
      };
      while (seeded < target) {
        const bases = Array.from({ length: Math.min(8, (target - seeded) / 25) }, (_, k) => seeded + k * 25);
        // Eight batches in flight at a time: seeding 100,000 items one batch after another takes minutes.
        await Promise.all(bases.flatMap((base) => [writeBatch(base), lists.grow(base)]));
        seeded += bases.length * 25;
      }
      consumed = 0;
      scans = 0;
      const started = performance.now();
      const response = await fetch(`${runtime.info.apiUrl}/v1/demands?limit=${pageSize}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await response.json()) as { items: unknown[] };
      const ms = performance.now() - started;
      figures.push({
        name: `list one page of ${pageSize} with ${target.toLocaleString("en")} records in the table`,
        value: round(consumed, 1),
        unit: "read capacity units",
        runs: 1,
        goal: "same at 10k and 100k; no Scan",
        detail: { items: page.items.length, scans, ms: round(ms, 1) },
      });
      consumed = 0;
      scans = 0;
      queries = 0;
      const todoStarted = performance.now();
      const todoResponse = await fetch(`${runtime.info.apiUrl}/v1/me/tasks?limit=${pageSize}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const todoPage = (await todoResponse.json()) as { items: unknown[] };
      todoFigures.push({
        name: `to-do list (GET /v1/me/tasks): one page of ${pageSize} with ${target.toLocaleString("en")} records in the table`,
        value: round(consumed, 1),
        unit: "read capacity units",
        runs: 1,
        goal: "same at 10k and 100k; no Scan; one Query per assignee key",
        detail: {
          items: todoPage.items.length,
          scans,
          queries,
          ms: round(performance.now() - todoStarted, 1),
        },
      });
      await lists.measure(target);
    }
    const [small, large] = figures;
    figures.push({
      name: "page cost at 100k / at 10k records",
      value: round(large!.value / Math.max(small!.value, 0.5), 2),
      unit: "×",
      runs: 1,
      goal: "≈ 1 (O(page), not O(table))",
      met: large!.value <= small!.value * 1.1 && Number((large!.detail as { scans: number }).scans) === 0,
    });
    const [todoSmall, todoLarge] = todoFigures;
    figures.push(...todoFigures, {
      name: "to-do page cost at 100k / at 10k records",
      value: round(todoLarge!.value / Math.max(todoSmall!.value, 0.5), 2),
      unit: "×",
      runs: 1,
      goal: "≈ 1 (O(page), not O(table))",
      met:
        todoLarge!.value <= todoSmall!.value * 1.1 &&
        Number((todoLarge!.detail as { scans: number }).scans) === 0 &&
        (todoLarge!.detail as { queries: number }).queries ===
          (todoSmall!.detail as { queries: number }).queries,
    });
    figures.push(...lists.figures());
  } finally {
    seeder.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
