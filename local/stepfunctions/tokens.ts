// Embedded runtime, local Step Functions engine: task tokens — base64url JSON naming the execution (and a nonce), so
// SendTaskSuccess/Failure/Heartbeat find their execution without a token table.
import { randomBytes } from "node:crypto";
import { ApiError, type Exec } from "./execution.ts";

/** A new task token for a callback task of the execution. */
export function newToken(ex: Exec): string {
  return Buffer.from(JSON.stringify({ a: ex.arn, n: randomBytes(12).toString("base64url") })).toString(
    "base64url",
  );
}

/** The ARN of the execution a token names (InvalidToken if it names none). */
export function executionArnOfToken(token: string): string {
  let arn: unknown;
  try {
    arn = (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { a?: unknown }).a;
  } catch {
    arn = undefined;
  }
  if (typeof arn !== "string") throw new ApiError("InvalidToken", "Invalid Token: 'Invalid token'");
  return arn;
}
