// Shared (HTTP): what a route is — its zod schemas and implementation (route()), the request it receives, the result it
// returns, and the responses it documents (`response`) — and what the frame's middlewares (functions/platform/http/*.ts) leave on the Lambda context for the next
// one and for the route, middy's way of handing values on.
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import * as z from "zod/mini";
import type { RouteDefinition } from "../../catalog.ts";
import type { Role } from "../../kernel/roles.ts";
import type { Frozen } from "../../kernel/view-schemas.ts";
import type { Logger } from "../logger.ts";
import type { Clock } from "../ports/clock.ts";

/** Who is calling, from the Cognito claims (sub, custom:org, cognito:groups). */
export interface Principal {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
  /** The person's display name (the token's `name` claim), if any; stored beside the user id (kernel/actor.ts). */
  readonly name?: string;
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

/**
 * One documented response body: a JSON body described by a zod schema, given as a function that builds it (only the
 * OpenAPI generator and the tests' response checker call it: a request never builds its route's response schemas);
 * or a body of another content type (a CSV export, a file), or no body (204, a 302 redirect), described in words.
 */
export type ResponseBody =
  | (() => z.ZodMiniType)
  | {
      readonly description: string;
      /** The body's media type; absent when there is no body. */
      readonly contentType?: string;
      /** Response headers worth documenting (e.g. `location` of a redirect). */
      readonly headers?: readonly string[];
      /** A JSON body the same status may carry instead (a report as JSON, or as CSV with `format=csv`). */
      readonly schema?: () => z.ZodMiniType;
    };

/** The route's successful responses by status code: `{ 200: applicationViewSchema }`, `{ 204: noContent }`. */
export type ResponseSpec = { readonly [status: number]: ResponseBody };

/** A 204 without a body. */
export const noContent = { description: "done; no body" } as const;

export interface RouteSpec<
  BS extends z.ZodMiniType,
  PS extends z.ZodMiniType,
  QS extends z.ZodMiniType,
  RS extends ResponseSpec = ResponseSpec,
> {
  readonly body?: BS;
  readonly params?: PS;
  readonly query?: QS;
  /** Largest accepted JSON body in bytes (default 256 KiB). */
  readonly maxBodyBytes?: number;
  /**
   * The successful responses (optional for compatibility; every route of the catalog declares them, a unit test
   * checks). Given, the handler's result is typed by it: its status must be one of these and its body what that
   * status's schema outputs, so a handler cannot drift from what the document describes.
   */
  readonly response?: RS;
  /** What the operation's description adds to the catalog's summary: the main refusals, notes for callers. */
  readonly description?: string;
}

type BodyOf<B> = B extends () => infer S
  ? S extends z.ZodMiniType
    ? Frozen<z.output<S>>
    : never
  :
      | (B extends { readonly schema: () => infer S }
          ? S extends z.ZodMiniType
            ? Frozen<z.output<S>>
            : never
          : never)
      | (B extends { readonly contentType: string } ? string : never)
      | (B extends { readonly contentType: string } | { readonly schema: unknown } ? never : undefined);

/**
 * The result a handler may return for a response spec: a body one of its statuses describes. (The status itself is
 * not narrowed: TypeScript widens a literal status in a generic handler; the tests' response checker holds every
 * status seen to the documented ones.)
 */
export type ResultOf<RS extends ResponseSpec> = [ResponseSpec] extends [RS]
  ? HttpResult
  : {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: BodyOf<RS[keyof RS & number]>;
    };

export interface RouteHandler {
  readonly spec: RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>;
  readonly handle: (request: HttpRequest<unknown, unknown, unknown>) => Promise<HttpResult>;
}

/** What a route without a body, path parameters or query accepts: nothing. */
export const noBody = z.lazy(() => z.undefined({ error: "this route takes no body" }));
export const noParams = z.lazy(() => z.strictObject({}));
export const noQuery = z.lazy(() => z.strictObject({}));
export const defaultMaxBodyBytes = 256 * 1024;

/**
 * Declares one route's validation, its documented responses and its implementation, typed by its schemas:
 * `route(() => ({ params, query, body, response: { 200: viewSchema }, description }), handler)` — every key optional.
 * Given as a function, the spec is built on the route's first request: a cold start builds the schemas of the routes
 * it serves, not of all of them (and never the response schemas, which are functions themselves).
 */
export function route<
  BS extends z.ZodMiniType = typeof noBody,
  PS extends z.ZodMiniType = typeof noParams,
  QS extends z.ZodMiniType = typeof noQuery,
  RS extends ResponseSpec = ResponseSpec,
>(
  spec: RouteSpec<BS, PS, QS, RS> | (() => RouteSpec<BS, PS, QS, RS>),
  handle: (request: HttpRequest<z.output<BS>, z.output<PS>, z.output<QS>>) => Promise<NoInfer<ResultOf<RS>>>,
): RouteHandler {
  const build = typeof spec === "function" ? spec : () => spec;
  let built: RouteSpec<BS, PS, QS, RS> | undefined;
  return {
    get spec() {
      built ??= build();
      return built;
    },
    handle: handle as RouteHandler["handle"],
  };
}

/** A catalog route and the module's implementation of it. */
export interface ResolvedRoute {
  readonly definition: RouteDefinition;
  readonly implementation: RouteHandler;
}

/**
 * The Lambda context as the frame's middlewares complete it, each field set by one of them on every request, in
 * this order (a request refused on the way never reaches the later ones).
 */
export interface HttpContext extends Context {
  /** correlation-id.ts: the request's correlation id (also current in functions/platform/context.ts). */
  correlationId?: string;
  /** routing.ts: the route of the catalog and its implementation. */
  route?: ResolvedRoute;
  /** authorization.ts: the caller (undefined on a public route). */
  principal?: Principal | undefined;
  /** json-body.ts: the parsed JSON body (undefined without one). */
  body?: unknown;
  /** validation.ts: body, path parameters and query as the route's schemas output them. */
  input?: { readonly body: unknown; readonly params: unknown; readonly query: unknown };
}

/** A middleware of the HTTP frame: API Gateway's event and result, the context above. */
export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, HttpContext>;

/** Every route an imported HTTP module declared, by "METHOD /path" (their specs read by the OpenAPI generator). */
const declaredRoutes = new Map<string, RouteHandler>();

export function declareRoute(key: string, handler: RouteHandler): void {
  declaredRoutes.set(key, handler);
}

/** The spec of every declared route, each built now if it was not yet. */
export function declaredRouteSpecs(): ReadonlyMap<
  string,
  RouteSpec<z.ZodMiniType, z.ZodMiniType, z.ZodMiniType>
> {
  return new Map([...declaredRoutes].map(([key, handler]) => [key, handler.spec]));
}
