// Shared (HTTP): the one JSON response shape of the frame — the route's result and the error mapper's answer alike,
// serialised once, uncached, and never with a workflow task token in it (task-tokens.ts).
import type { APIGatewayProxyResult } from "aws-lambda";
import { withoutTaskTokens } from "./task-tokens.ts";

export function jsonResponse(
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
    // A text body with a text/* content type (a CSV export) goes out as it is.
    body:
      body === undefined
        ? ""
        : typeof body === "string" && headers?.["content-type"]?.startsWith("text/")
          ? body
          : JSON.stringify(withoutTaskTokens(body)),
  };
}
