// Shared (HTTP middleware): the request's correlation id — the caller's X-Correlation-Id when it is safe (charset,
// ≤ 100 characters), else API Gateway's request id, else a new one — made current for everything the request does
// (logs, metrics, the executions it starts; functions/platform/context.ts) and echoed in X-Correlation-Id on every
// response, refusals included. Runs after http-header-normalizer (lower-cased names), inside inRequestScope.
import { correlationIdFrom, setCorrelationId } from "../context.ts";
import type { HttpMiddleware } from "./route.ts";

export function correlationId(): HttpMiddleware {
  const echo: NonNullable<HttpMiddleware["after"]> = (request) => {
    const id = request.context.correlationId;
    const response = request.response;
    if (!id || !response) return;
    // A header the route set itself is kept.
    response.headers ??= {};
    response.headers["x-correlation-id"] ??= id;
  };
  return {
    name: "correlationId",
    before: (request) => {
      const { event } = request;
      const id = correlationIdFrom(event.headers?.["x-correlation-id"], event.requestContext?.requestId);
      setCorrelationId(id);
      request.context.correlationId = id;
    },
    after: echo,
    onError: echo,
  };
}
