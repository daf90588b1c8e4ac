// Shared (HTTP middleware): the JSON body — none when empty; else at most the route's maxBodyBytes (413
// PAYLOAD_TOO_LARGE), an application/json or +json media type (415 UNSUPPORTED_MEDIA_TYPE) and valid JSON (400
// MALFORMED_JSON). Our own rather than @middy/http-json-body-parser, which answers malformed JSON with 415, has no
// size limit and wants a JSON content type on body-less requests too. Runs after catalogRouting.
import type { APIGatewayProxyEvent } from "aws-lambda";
import { httpErrors } from "./errors.ts";
import { defaultMaxBodyBytes, type HttpMiddleware } from "./route.ts";

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** The parsed body of `event`, or undefined when it has none. */
export function parseJsonBody(event: APIGatewayProxyEvent, limit: number): unknown {
  if (event.body === null || event.body === undefined || event.body === "") return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  if (Buffer.byteLength(raw, "utf8") > limit) throw httpErrors.payloadTooLarge(limit);
  if (!jsonMediaType.test(event.headers?.["content-type"] ?? "")) throw httpErrors.unsupportedMediaType();
  try {
    return JSON.parse(raw);
  } catch {
    throw httpErrors.malformedJson();
  }
}

export function jsonBody(): HttpMiddleware {
  return {
    name: "jsonBody",
    before: (request) => {
      const limit = request.context.route?.implementation.spec.maxBodyBytes ?? defaultMaxBodyBytes;
      request.context.body = parseJsonBody(request.event, limit);
    },
  };
}
