// Adapter: the city's message gateway for SMS and WeChat-style messages — a JSON POST to the configured address,
// signed: X-Jiebang-Timestamp and X-Jiebang-Signature = hex HMAC-SHA256 of "<timestamp>\n<body>" with the shared
// secret, and X-Jiebang-Message-Id (the gateway drops a repeat of an id it has delivered).
import { createHmac } from "node:crypto";
import type { Clock } from "../../platform/ports/clock.ts";
import type { MessageGateway } from "../../platform/ports/notifications.ts";

/** The signature a gateway checks (and tests recompute). */
export const gatewaySignature = (secret: string, timestamp: string, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}\n${body}`).digest("hex");

export function httpMessageGateway(url: string, secret: string, clock: Clock): MessageGateway {
  return {
    async send(message) {
      if (!secret) throw new Error("the message gateway's secret is not configured");
      const body = JSON.stringify(message);
      const timestamp = clock.now().toISOString();
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-jiebang-timestamp": timestamp,
          "x-jiebang-signature": gatewaySignature(secret, timestamp, body),
          "x-jiebang-message-id": message.id,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`message gateway answered ${response.status}`);
    },
  };
}
