// Adapter (HTTP): GET /v1/health — checks each part (data, storage, workflows, clock) and reports them.
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { DescribeStateMachineCommand } from "@aws-sdk/client-sfn";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, storage, workflows } from "../../shared/clients.ts";
import { config } from "../../shared/config.ts";
import { httpHandler, route } from "../../shared/http.ts";

interface PartReport {
  ok: boolean;
  latencyMs: number;
  detail?: Record<string, unknown>;
  error?: string;
}

async function check(probe: () => Promise<Record<string, unknown> | undefined>): Promise<PartReport> {
  const started = performance.now();
  try {
    const detail = await probe();
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).name };
  }
}

export const handler = httpHandler("health", {
  "GET /v1/health": route({}, async (request) => {
    const [data, storagePart, workflowsPart] = await Promise.all([
      check(async () => {
        await dynamo().send(
          new GetCommand({ TableName: config.tableName(), Key: { pk: "HEALTH", sk: "HEALTH" } }),
        );
        return { table: config.tableName() };
      }),
      check(async () => {
        await storage().send(new HeadBucketCommand({ Bucket: config.evidenceBucket() }));
        return { bucket: config.evidenceBucket() };
      }),
      check(async () => {
        const arns = Object.values(config.stateMachineArns());
        const described = await Promise.all(
          arns.map((stateMachineArn) =>
            workflows().send(new DescribeStateMachineCommand({ stateMachineArn })),
          ),
        );
        return { stateMachines: described.map((d) => ({ name: d.name, status: d.status ?? "ACTIVE" })) };
      }),
    ]);
    const described = request.clock.describe?.() ?? { source: "system", offsetMs: 0 };
    const clock: PartReport = {
      ok: true,
      latencyMs: 0,
      detail: { now: request.clock.now().toISOString(), ...described },
    };
    const parts = { data, storage: storagePart, workflows: workflowsPart, clock };
    const ok = Object.values(parts).every((p) => p.ok);
    return { status: ok ? 200 : 503, body: { status: ok ? "ok" : "degraded", parts } };
  }),
});
