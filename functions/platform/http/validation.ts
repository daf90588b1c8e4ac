// Shared (HTTP middleware): the route's zod schemas over the parsed body, the path parameters and the query (strict:
// none where the route declares none) — 400 VALIDATION_FAILED with each field's path (body.title, query.limit,
// params.demandId) in English and Chinese; the route never sees invalid input. Runs after jsonBody.
import type * as z from "zod/mini";
import { fromZodError } from "../../kernel/errors.ts";
import { HttpError } from "./errors.ts";
import { type HttpMiddleware, noBody, noParams, noQuery } from "./route.ts";

/** `value` as `schema` outputs it, or a 400 naming `part` in each field's path. */
export function validatePart<S extends z.ZodMiniType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const error = fromZodError(result.error, "VALIDATION_FAILED");
  throw new HttpError(
    400,
    error.code,
    error.message,
    error.messageZh,
    (error.fields ?? []).map((f) => ({ ...f, path: f.path === "(root)" ? part : `${part}.${f.path}` })),
  );
}

/**
 * The path parameters or query as the client named them: own keys only, in an object without a prototype, so a name
 * like `constructor` or `__proto__` is an unknown key the strict schema refuses (400), never an inherited member.
 */
function ownKeys(values: Record<string, string | undefined> | null | undefined): Record<string, unknown> {
  const own = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(values ?? {})) own[key] = values![key];
  return own;
}

export function validateRequest(): HttpMiddleware {
  return {
    name: "validateRequest",
    before: (request) => {
      const route = request.context.route;
      if (!route) throw new Error("validateRequest() runs after catalogRouting()");
      const { spec } = route.implementation;
      const { event } = request;
      request.context.input = {
        body: validatePart(spec.body ?? noBody, request.context.body, "body"),
        params: validatePart(spec.params ?? noParams, ownKeys(event.pathParameters), "params"),
        query: validatePart(spec.query ?? noQuery, ownKeys(event.queryStringParameters), "query"),
      };
    },
  };
}
