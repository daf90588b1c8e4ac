// Shared: the HTTP handler frame (middy + zod). One Lambda serves the routes the catalog gives it; the frame finds
// the route, checks the caller's role against the catalog, validates path, query and body with zod, and maps errors.
import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import * as z from "zod";
import { type MachineCaller, type RouteDefinition, routesOf } from "../../catalog.ts";
import { fromZodError } from "../../kernel/errors.ts";
import { isRole, type Role } from "../../kernel/roles.ts";
import { currentClock } from "../clock.ts";
import { correlationIdFrom, withCorrelationId } from "../context.ts";
import { createLogger, type Logger } from "../logger.ts";
import type { Clock } from "../ports/clock.ts";
import { HttpError, httpErrors, toErrorResponse } from "./errors.ts";

/** Who is calling, from the Cognito claims (sub, custom:org, cognito:groups). */
export interface Principal {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
}

export interface HttpRequest<B, P, Q> {
  readonly body: B;
  readonly params: P;
  readonly query: Q;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Present on every route that is not public (the frame refuses the request otherwise). */
  readonly principal: Principal | undefined;
  readonly correlationId: string;
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec<BS extends z.ZodType, PS extends z.ZodType, QS extends z.ZodType> {
  readonly body?: BS;
  readonly params?: PS;
  readonly query?: QS;
  /** Largest accepted JSON body in bytes (default 256 KiB). */
  readonly maxBodyBytes?: number;
}

export interface RouteHandler {
  readonly spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
  readonly handle: (request: HttpRequest<unknown, unknown, unknown>) => Promise<HttpResult>;
}

const noBody = z.undefined({ error: "this route takes no body" });
const noParams = z.object({}).strict();
const noQuery = z.object({}).strict();
const defaultMaxBody = 256 * 1024;

/** Declares one route's validation and its implementation, typed by its schemas. */
export function route<
  BS extends z.ZodType = typeof noBody,
  PS extends z.ZodType = typeof noParams,
  QS extends z.ZodType = typeof noQuery,
>(
  spec: RouteSpec<BS, PS, QS>,
  handle: (request: HttpRequest<z.output<BS>, z.output<PS>, z.output<QS>>) => Promise<HttpResult>,
): RouteHandler {
  return { spec, handle: handle as RouteHandler["handle"] };
}

/** Parses the groups claim in each shape it arrives in: a JSON array, "[a b]" (REST API authorizer) or "a,b". */
export function parseGroups(raw: unknown): Role[] {
  let names: string[] = [];
  if (Array.isArray(raw)) names = raw.map(String);
  else if (typeof raw === "string") {
    const trimmed = raw.trim();
    if (trimmed.startsWith("[") && trimmed.includes('"')) {
      try {
        names = (JSON.parse(trimmed) as unknown[]).map(String);
      } catch {
        names = [];
      }
    } else {
      names = trimmed.replace(/^\[|\]$/g, "").split(/[\s,]+/);
    }
  }
  return names.filter((n) => n.length > 0).filter(isRole);
}

/**
 * The machine caller of an IAM route: API Gateway verified its SigV4 signature and puts the signing identity in
 * `requestContext.identity` (the embedded gateway does the same). Its id is the caller's ARN; no roles.
 */
export function machinePrincipalFrom(
  event: APIGatewayProxyEvent,
  caller: MachineCaller,
): Principal | undefined {
  const userArn = event.requestContext?.identity?.userArn;
  if (typeof userArn !== "string" || userArn.length === 0) return undefined;
  return { userId: userArn, organisationId: `machine:${caller}`, roles: [] };
}

export function principalFrom(event: APIGatewayProxyEvent): Principal | undefined {
  const claims = event.requestContext?.authorizer?.["claims"] as Record<string, unknown> | undefined;
  if (!claims) return undefined;
  const userId = typeof claims["sub"] === "string" ? claims["sub"] : undefined;
  const organisationId = typeof claims["custom:org"] === "string" ? claims["custom:org"] : undefined;
  if (!userId || !organisationId) return undefined;
  return { userId, organisationId, roles: parseGroups(claims["cognito:groups"]) };
}

function routeKey(route: Pick<RouteDefinition, "method" | "path">): string {
  return `${route.method} ${route.path}`;
}

function parseBody(event: APIGatewayProxyEvent, headers: Record<string, string>, limit: number): unknown {
  if (event.body === null || event.body === undefined || event.body === "") return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  if (Buffer.byteLength(raw, "utf8") > limit) throw httpErrors.payloadTooLarge(limit);
  const type = headers["content-type"] ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw httpErrors.unsupportedMediaType();
  try {
    return JSON.parse(raw);
  } catch {
    throw httpErrors.malformedJson();
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const error = fromZodError(result.error, "VALIDATION_FAILED");
  // Say which part of the request was wrong: body.title, query.limit, params.demandId
  throw new HttpError(
    400,
    error.code,
    error.message,
    error.messageZh,
    (error.fields ?? []).map((f) => ({ ...f, path: f.path === "(root)" ? part : `${part}.${f.path}` })),
  );
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string>): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
    // A text body with a text/* content type (a CSV export) goes out as it is.
    body:
      body === undefined
        ? ""
        : typeof body === "string" && headers["content-type"]?.startsWith("text/")
          ? body
          : JSON.stringify(body),
  };
}

/** Every route spec an imported HTTP module declared, by "METHOD /path" (read by the OpenAPI generator). */
const declaredSpecs = new Map<string, RouteSpec<z.ZodType, z.ZodType, z.ZodType>>();

export function declaredRouteSpecs(): ReadonlyMap<string, RouteSpec<z.ZodType, z.ZodType, z.ZodType>> {
  return declaredSpecs;
}

/**
 * Builds the Lambda handler of an HTTP function. `handlers` must implement exactly the routes the catalog gives
 * `functionName` (checked when the module loads, so a missing or stray route fails every test that imports it).
 */
export function httpHandler(functionName: string, handlers: Record<string, RouteHandler>) {
  const declared = new Map(routesOf(functionName).map((r) => [routeKey(r), r]));
  const implemented = Object.keys(handlers);
  const missing = [...declared.keys()].filter((k) => !implemented.includes(k));
  const stray = implemented.filter((k) => !declared.has(k));
  if (missing.length > 0 || stray.length > 0) {
    throw new Error(
      `${functionName}: routes out of step with the catalog (missing: ${missing.join(", ") || "none"}; not in catalog: ${stray.join(", ") || "none"})`,
    );
  }
  for (const [key, implementation] of Object.entries(handlers)) declaredSpecs.set(key, implementation.spec);
  const baseLogger = createLogger({ function: functionName });

  const dispatch = async (
    event: APIGatewayProxyEvent,
    context: Context,
    headers: Record<string, string>,
    correlationId: string,
  ): Promise<APIGatewayProxyResult> => {
    const logger = baseLogger.child({ correlationId, awsRequestId: context?.awsRequestId });
    const responseHeaders = { "x-correlation-id": correlationId };
    try {
      const key = `${event.httpMethod} ${event.resource}`;
      const definition = declared.get(key);
      const implementation = handlers[key];
      if (!definition || !implementation) throw httpErrors.routeNotFound();

      const principal =
        "iam" in definition.auth
          ? machinePrincipalFrom(event, definition.auth.iam.caller)
          : principalFrom(event);
      if ("iam" in definition.auth) {
        if (!principal) throw httpErrors.signatureRequired();
      } else if (!("public" in definition.auth)) {
        if (!principal) throw httpErrors.unauthenticated();
        const allowed = definition.auth.roles;
        if (!principal.roles.some((r) => allowed.includes(r))) throw httpErrors.forbiddenRole(allowed);
      }

      const { spec } = implementation;
      const body = parseBody(event, headers, spec.maxBodyBytes ?? defaultMaxBody);
      const request: HttpRequest<unknown, unknown, unknown> = {
        body: validate(spec.body ?? noBody, body, "body"),
        params: validate(spec.params ?? noParams, event.pathParameters ?? {}, "params"),
        query: validate(spec.query ?? noQuery, event.queryStringParameters ?? {}, "query"),
        headers,
        principal,
        correlationId,
        logger,
        clock: currentClock(),
      };
      const result = await implementation.handle(request);
      return jsonResponse(result.status, result.body, { ...responseHeaders, ...result.headers });
    } catch (error) {
      const mapped = toErrorResponse(error);
      if (mapped.status >= 500) logger.error("request failed", { error });
      else logger.info("request refused", { status: mapped.status, code: mapped.body.code });
      return jsonResponse(mapped.status, mapped.body, { ...responseHeaders, ...mapped.headers });
    }
  };

  // Everything the request does (logs, metrics, StartExecution inputs) carries its correlation id.
  const inContext = (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v ?? "")]),
    );
    // The caller's X-Correlation-Id when it is safe (charset, ≤ 100 chars), else API Gateway's request id, else new.
    const correlationId = correlationIdFrom(headers["x-correlation-id"], event.requestContext?.requestId);
    return withCorrelationId(correlationId, () => dispatch(event, context, headers, correlationId));
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpHeaderNormalizer({ canonical: false }))
    .handler(inContext);
}
