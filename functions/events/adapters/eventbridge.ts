// Adapter: the EventBridge custom bus (AWS) — PutEvents over EventBridge's JSON API, signed (SigV4, service `events`)
// with the function's own credentials; the endpoint follows the partition (amazonaws.com, amazonaws.com.cn in China).
// Each entry's Detail is the whole CloudEvent; DetailType its type; Source the platform's. At most 10 per request.
import { signedHeaders } from "../../platform/http/sigv4.ts";
import type { CloudEvent, EventPublisher } from "../model.ts";

/** EventBridge's Source of every entry (rules match on it and on DetailType = the CloudEvents type). */
export const eventBridgeSource = "cn.gov.jiebang";

/** The regional endpoint: China's regions are in the aws-cn partition. */
export const eventBridgeEndpoint = (region: string) =>
  `https://events.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}/`;

export function eventBridgePublisher(busName: string, env: NodeJS.ProcessEnv = process.env): EventPublisher {
  const region = env["AWS_REGION"] ?? "cn-northwest-1";
  const url = env["AWS_ENDPOINT_URL_EVENTBRIDGE"] ?? eventBridgeEndpoint(region);
  return {
    async publish(events) {
      for (let start = 0; start < events.length; start += 10) {
        const chunk = events.slice(start, start + 10);
        const body = JSON.stringify({ Entries: chunk.map((event) => entryOf(busName, event)) });
        const headers = {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSEvents.PutEvents",
        };
        const credentials = {
          accessKeyId: env["AWS_ACCESS_KEY_ID"] ?? "",
          secretAccessKey: env["AWS_SECRET_ACCESS_KEY"] ?? "",
          ...(env["AWS_SESSION_TOKEN"] ? { sessionToken: env["AWS_SESSION_TOKEN"] } : {}),
        };
        const response = await fetch(url, {
          method: "POST",
          headers: await signedHeaders(
            credentials,
            region,
            { method: "POST", url, body, headers },
            new Date(),
            "events",
          ),
          body,
        });
        const answer = (await response.json().catch(() => ({}))) as {
          FailedEntryCount?: number;
          Entries?: { ErrorCode?: string; ErrorMessage?: string }[];
          message?: string;
        };
        if (!response.ok) throw new Error(`PutEvents answered ${response.status}: ${answer.message ?? ""}`);
        if ((answer.FailedEntryCount ?? 0) > 0) {
          const failed = (answer.Entries ?? []).find((e) => e.ErrorCode);
          throw new Error(
            `PutEvents: ${answer.FailedEntryCount} failed (${failed?.ErrorCode}: ${failed?.ErrorMessage})`,
          );
        }
      }
    },
  };
}

/** One PutEvents entry: the CloudEvent as the Detail (its id is the deduplication key downstream). */
export function entryOf(busName: string, event: CloudEvent) {
  return {
    EventBusName: busName,
    Source: eventBridgeSource,
    DetailType: event.type,
    Time: event.time,
    Detail: JSON.stringify(event),
  };
}
