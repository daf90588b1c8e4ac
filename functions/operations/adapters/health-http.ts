// Adapter (HTTP): GET /v1/health — checks each part (data, storage, workflows, clock) and reports them.
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { DescribeStateMachineCommand } from "@aws-sdk/client-sfn";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { workingDayCalendar } from "../../calendar/calendar.ts";
import { dynamo, storage, workflows } from "../../platform/clients.ts";
import { config } from "../../platform/config.ts";
import { recordStore } from "../../platform/deps.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";

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
    const now = request.clock.now();
    // Working days in a year without the State Council's arrangement are counted provisionally (statutory holidays
    // only): say when the next 90 days run past the loaded years, so an operator loads the new year
    // (PUT /v1/calendar/years/{year}) as soon as it is published.
    const calendar = await workingDayCalendar(recordStore()).catch(() => undefined);
    const horizon = new Date(now.getTime() + 90 * 86_400_000);
    const missing = [...new Set([now.getUTCFullYear(), horizon.getUTCFullYear()])].filter(
      (y) => !calendar?.hasYear(y),
    );
    const clock: PartReport = {
      ok: true,
      latencyMs: 0,
      detail: {
        now: now.toISOString(),
        ...described,
        calendarYears: calendar?.years() ?? [],
        ...(missing.length > 0
          ? {
              warning: `no official working-day data for ${missing.join(", ")} (counted provisionally from the statutory holidays, or not at all after 2099): load the State Council's arrangement with PUT /v1/calendar/years/{year}`,
            }
          : {}),
      },
    };
    const parts = { data, storage: storagePart, workflows: workflowsPart, clock };
    const ok = Object.values(parts).every((p) => p.ok);
    return { status: ok ? 200 : 503, body: { status: ok ? "ok" : "degraded", parts } };
  }),
});
