// Adapters: composition of the domain events' publisher — the EventBridge custom bus named by JIEBANG_EVENT_BUS (AWS,
// set by the CDK app) or the embedded runtime's event log file JIEBANG_EVENT_LOG (local/runtime.ts).
import { eventBusEnvVar, eventLogEnvVar } from "../../../infra/resources.ts";
import type { EventPublisher } from "../model.ts";
import { eventLogPublisher } from "./event-log.ts";
import { eventBridgePublisher } from "./eventbridge.ts";

export function eventPublisher(env: NodeJS.ProcessEnv = process.env): EventPublisher {
  const bus = env[eventBusEnvVar];
  if (bus) return eventBridgePublisher(bus, env);
  const log = env[eventLogEnvVar];
  if (log) return eventLogPublisher(log);
  throw new Error(`no event bus (${eventBusEnvVar}) nor event log (${eventLogEnvVar}) configured`);
}
