// Adapters: composition of the notifications' ports — the notification store on the records table, the mail relay
// (SMTP at JIEBANG_SMTP_URL; none configured: e-mail sends fail and are retried, then listed for admins) and the
// city's message gateway (JIEBANG_MESSAGE_GATEWAY_URL, requests signed with JIEBANG_MESSAGE_GATEWAY_SECRET).
import { clientsFor } from "../../platform/clients-for.ts";
import { environmentFaults } from "../../platform/crash-point.ts";
import { configuredCursorKey } from "../../platform/cursors.ts";
import { recordStore } from "../../platform/deps.ts";
import { dynamoNotificationStore } from "../../platform/dynamodb/notification-store.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import type { NotificationStore } from "../../platform/ports/notifications.ts";
import type { DeliveryDeps } from "../deliver.ts";
import { httpMessageGateway } from "./message-gateway.ts";
import { smtpMailer } from "./smtp.ts";

let store: NotificationStore | undefined;

export function notificationStore(): NotificationStore {
  if (!store) {
    const { dynamo, config } = clientsFor();
    store = dynamoNotificationStore(dynamo(), config.tableName(), configuredCursorKey());
  }
  return store;
}

/** The ports of delivery; the clock per invocation (the embedded runtime's advances are seen). */
export function deliveryDeps(clock: Clock): DeliveryDeps {
  const gatewayUrl = process.env["JIEBANG_MESSAGE_GATEWAY_URL"];
  return {
    notifications: notificationStore(),
    records: recordStore(),
    clock,
    mailer: smtpMailer(() => process.env["JIEBANG_SMTP_URL"]),
    ...(gatewayUrl
      ? {
          gateway: httpMessageGateway(gatewayUrl, process.env["JIEBANG_MESSAGE_GATEWAY_SECRET"] ?? "", clock),
        }
      : {}),
    faults: environmentFaults,
  };
}
