// Rules: the signature of a webhook delivery — HMAC-SHA256 with the subscription's secret over
// `<timestamp>.<body>` (the timestamp in epoch seconds), sent as `X-Jiebang-Signature: t=<timestamp>,v1=<hex>`;
// a receiver recomputes it and rejects a timestamp older than its tolerance (a replayed delivery).
import { createHmac, timingSafeEqual } from "node:crypto";

export const signatureHeader = "x-jiebang-signature";

/** The header value for a body sent at `timestampSeconds`. */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Whether `header` signs `body` with `secret`, made within `toleranceSeconds` of `nowSeconds`. */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const timestamp = Number(parts["t"]);
  const given = parts["v1"];
  if (!Number.isInteger(timestamp) || typeof given !== "string" || !/^[0-9a-f]{64}$/.test(given))
    return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = webhookSignature(secret, timestamp, body).split("v1=")[1]!;
  return timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(given, "hex"));
}
