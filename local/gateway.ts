// Embedded runtime: the HTTP gateway. Serves the catalog's routes with API-Gateway-shaped (REST, proxy) events to the
// same handlers, verifying bearer JWTs with the Lambda authorizer's verification (functions/platform/identity/) and
// SigV4 signatures on IAM routes as AWS_IAM authorisation would (local/sigv4.ts), plus local-only routes under /local/
// and the local identity provider's endpoints under /local/idp/ (local/idp.ts).
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { type RouteDefinition, routes } from "../functions/catalog.ts";
import type { ErrorBody } from "../functions/platform/http/errors.ts";
import { type AuthorizerContext, authorizerContext } from "../functions/platform/identity/authorizer.ts";
import type { TokenVerifier } from "../functions/platform/identity/verifier.ts";
import { localIdpPath } from "./auth.ts";
import { type FunctionHost, localAccount, localRegion } from "./functions.ts";
import type { IdpRequest, IdpResponse } from "./idp.ts";
import { loopback } from "./net.ts";
import { type SigV4Result, verifySigV4 } from "./sigv4.ts";

/** API Gateway's own limit on a request body. */
const maxRequestBytes = 10 * 1024 * 1024;

export type LocalRoute = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The Authorization header, for local routes that need a caller (the webhook subscriptions: admins). */
  authorization?: string;
}) => Promise<{ status: number; body: unknown; html?: string }>;

export interface GatewayOptions {
  readonly functions: FunctionHost;
  /** Verifies bearer tokens (the configured issuer's settings: the local issuer by default). */
  readonly verifier: TokenVerifier;
  /** The local identity provider's endpoints under /local/idp/ (local/idp.ts), if it runs. */
  readonly idp?: (request: IdpRequest) => Promise<IdpResponse | undefined>;
  /** JSON documents generated per request, served on GET at their path (the web app's sign-in settings). */
  readonly documents?: Readonly<Record<string, (baseUrl: string) => unknown>>;
  /** Routes only the embedded runtime has (clock, tokens), keyed "METHOD /local/...". */
  readonly localRoutes: Readonly<Record<string, LocalRoute>>;
  readonly port?: number;
  readonly log?: (line: Record<string, unknown>) => void;
  /** Static files served on GET under a prefix (the operators' console at /console/), outside the API catalog. */
  readonly staticFiles?: { readonly prefix: string; readonly dir: string };
  /** Public objects served on GET under a prefix as CloudFront serves them in AWS (open data's daily file). */
  readonly publicFiles?: { readonly prefix: string; read(key: string): Promise<PublicObject | undefined> };
}

export interface PublicObject {
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

export interface Gateway {
  readonly url: string;
  stop(): Promise<void>;
}

interface CompiledRoute {
  readonly definition: RouteDefinition;
  readonly pattern: RegExp;
  readonly params: string[];
  readonly literalSegments: number;
}

function compile(definition: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  const source = definition.path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        params.push(param[1]!);
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const literalSegments = definition.path.split("/").filter((s) => s && !s.startsWith("{")).length;
  return { definition, pattern: new RegExp(`^${source}$`), params, literalSegments };
}

// Literal segments win over parameters, as in API Gateway.
const compiled = routes.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);
/** The compiled routes of each method, in the same order (most literal segments first). */
const compiledByMethod = new Map<string, CompiledRoute[]>();
for (const c of compiled) {
  compiledByMethod.set(c.definition.method, [...(compiledByMethod.get(c.definition.method) ?? []), c]);
}

/** The route a request takes: the first of its method whose path matches, with the match (its parameters). */
function matchRoute(method: string, pathname: string): { c: CompiledRoute; m: RegExpExecArray } | undefined {
  for (const c of compiledByMethod.get(method) ?? []) {
    const m = c.pattern.exec(pathname);
    if (m) return { c, m };
  }
  return undefined;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "access-control-allow-origin": "*",
    ...headers,
  });
  response.end(text);
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** A file under `dir` for a path under `prefix` (index.html for the prefix itself); never outside `dir`. */
async function serveStatic(
  files: { readonly prefix: string; readonly dir: string },
  pathname: string,
  response: ServerResponse,
): Promise<void> {
  const decoded = decodedSegment(pathname.slice(files.prefix.length));
  if (decoded === undefined) {
    send(response, 400, malformedPath());
    return;
  }
  // A deep link of the single-page app (/console/finance/ledger: no file extension) gets its index.html, so that a
  // reload keeps the page; a missing asset (/console/missing.js) stays a 404.
  const lastSegment = decoded.slice(decoded.lastIndexOf("/") + 1);
  const relative = decoded === "" || !lastSegment.includes(".") ? "index.html" : decoded;
  const file = normalize(join(files.dir, relative));
  const type = contentTypes[extname(file)];
  const inside = file.startsWith(normalize(files.dir) + sep);
  if (
    !inside ||
    !type ||
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    send(response, 404, errorBody("ROUTE_NOT_FOUND", "No such file", "文件不存在"));
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    "content-type": type,
    "cache-control": "no-cache",
    "content-length": body.length,
  });
  response.end(body);
}

function errorBody(code: string, message: string, messageZh: string): ErrorBody {
  return { code, message, messageZh };
}

async function readBody(request: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBytes) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * An object keyed by what the client sent (query names, header names): no prototype, so a name like `constructor`,
 * `__proto__` or `toString` is just a key of its own, as in the JSON event API Gateway hands Lambda — never an
 * inherited member (reading one used to throw, a 500) nor the object's prototype.
 */
const keyedByClient = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

function multi(params: URLSearchParams) {
  const single = keyedByClient<string>();
  const multiple = keyedByClient<string[]>();
  for (const [key, value] of params) {
    single[key] = value;
    multiple[key] = [...(multiple[key] ?? []), value];
  }
  return Object.keys(single).length > 0 ? { single, multiple } : { single: null, multiple: null };
}

/** A path segment percent-decoded, or undefined when its encoding is malformed (`%ZZ`, `%E0` alone). */
function decodedSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

const malformedPath = () =>
  errorBody(
    "MALFORMED_PATH",
    "The path is not valid percent-encoded UTF-8",
    "请求路径的百分号编码无效（不是合法的 UTF-8）",
  );

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? (() => undefined);

  // As API Gateway caches an authorizer's result per token (300 s), a token verified once is not verified again until
  // it expires or leaves this bounded cache; a failed verification is never remembered.
  const verified = new Map<string, { context: AuthorizerContext; expiresAtMs: number }>();
  const authenticate = async (header: string | undefined): Promise<AuthorizerContext | undefined> => {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
    if (!match) return undefined;
    const token = match[1]!;
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && now < hit.expiresAtMs) return hit.context;
    verified.delete(token);
    try {
      // Tokens are about real sessions, so they expire on real time, not on the controllable clock.
      const caller = await options.verifier.verify(token);
      const context = authorizerContext(caller);
      if (verified.size >= 10_000) verified.clear();
      verified.set(token, { context, expiresAtMs: Math.min(caller.expiresAt * 1000, now + 300_000) });
      return context;
    } catch (error) {
      log({ msg: "token refused", reason: (error as Error).message });
      return undefined;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://localhost");
    } catch {
      send(response, 400, malformedPath());
      return;
    }
    const method = (request.method ?? "GET").toUpperCase();
    const requestId = randomUUID();

    if (method === "OPTIONS") {
      send(response, 204, undefined, {
        "access-control-allow-methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
        "access-control-allow-headers":
          "authorization,content-type,if-match,idempotency-key,x-correlation-id",
        "access-control-max-age": "600",
      });
      return;
    }

    const document = method === "GET" ? options.documents?.[url.pathname] : undefined;
    if (document) {
      send(response, 200, document(`http://${request.headers.host ?? loopback}`), {
        "cache-control": "no-cache",
      });
      return;
    }
    const files = options.staticFiles;
    if (files && (method === "GET" || method === "HEAD") && `${url.pathname}/` === files.prefix) {
      send(response, 308, undefined, { location: files.prefix });
      return;
    }
    if (files && (method === "GET" || method === "HEAD") && url.pathname.startsWith(files.prefix)) {
      await serveStatic(files, url.pathname, response);
      return;
    }
    const objects = options.publicFiles;
    if (objects && (method === "GET" || method === "HEAD") && url.pathname.startsWith(objects.prefix)) {
      const key = decodedSegment(url.pathname.slice(1));
      const object = key === undefined ? undefined : await objects.read(key);
      if (!object) send(response, 404, errorBody("ROUTE_NOT_FOUND", "No such file", "文件不存在"));
      else {
        response.writeHead(200, { ...object.headers, "content-length": object.body.byteLength });
        response.end(method === "HEAD" ? undefined : object.body);
      }
      return;
    }

    const raw = await readBody(request);
    if (raw === "too-large") {
      send(response, 413, errorBody("PAYLOAD_TOO_LARGE", "Request body over 10 MB", "请求体超过 10 MB"));
      return;
    }

    if (options.idp && url.pathname.startsWith(`${localIdpPath}/`)) {
      const answer = await options.idp({
        method,
        url,
        body: raw,
        baseUrl: `http://${request.headers.host ?? loopback}`,
      });
      if (!answer) send(response, 404, errorBody("ROUTE_NOT_FOUND", "No such route", "接口不存在"));
      else {
        response.writeHead(answer.status, { "access-control-allow-origin": "*", ...answer.headers });
        response.end(answer.body ?? "");
      }
      return;
    }

    if (url.pathname.startsWith("/local/")) {
      const local = options.localRoutes[`${method} ${url.pathname}`];
      if (!local) {
        send(response, 404, errorBody("ROUTE_NOT_FOUND", "No such route", "接口不存在"));
        return;
      }
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch {
        send(response, 400, errorBody("MALFORMED_JSON", "Body is not valid JSON", "请求体不是合法的 JSON"));
        return;
      }
      try {
        const result = await local({
          method,
          path: url.pathname,
          query: url.searchParams,
          body,
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        });
        if (result.html !== undefined) {
          // A page of the embedded runtime (the local mailbox): no scripts, nothing from elsewhere.
          response.writeHead(result.status, {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
          });
          response.end(result.html);
          return;
        }
        send(response, result.status, result.body);
      } catch (error) {
        send(
          response,
          400,
          errorBody("LOCAL_REQUEST_REFUSED", (error as Error).message, (error as Error).message),
        );
      }
      return;
    }

    const matched = matchRoute(method, url.pathname);
    if (!matched) {
      if (compiled.some((c) => c.pattern.test(url.pathname)))
        send(response, 405, errorBody("METHOD_NOT_ALLOWED", "Method not allowed", "不支持该请求方法"));
      else send(response, 404, errorBody("ROUTE_NOT_FOUND", "No such route", "接口不存在"));
      return;
    }
    const { definition, params } = matched.c;

    const headers = keyedByClient<string>();
    const multiValueHeaders = keyedByClient<string[]>();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      headers[key] = values.join(",");
      multiValueHeaders[key] = values;
    }

    let caller: AuthorizerContext | undefined;
    let machine: Extract<SigV4Result, { ok: true }> | undefined;
    if ("iam" in definition.auth) {
      // As API Gateway's AWS_IAM authorisation: only a request signed by the route's machine caller gets through.
      const verified = await verifySigV4(
        { method, path: url.pathname, query: url.searchParams, headers, body: raw },
        definition.auth.iam.caller,
        localRegion,
      );
      if (!verified.ok) {
        send(response, 403, errorBody(verified.code, verified.message, verified.messageZh));
        return;
      }
      machine = verified;
    } else if (!("public" in definition.auth)) {
      caller = await authenticate(headers["authorization"]);
      if (!caller) {
        // As API Gateway's authorizer: the handler never sees a request without a valid token.
        send(
          response,
          401,
          errorBody("UNAUTHENTICATED", "A valid bearer token is required", "需要有效的身份令牌"),
          {
            "www-authenticate": 'Bearer realm="jiebang"',
          },
        );
        return;
      }
    }

    const pathParameters = keyedByClient<string>();
    for (const [i, name] of params.entries()) {
      const value = decodedSegment(matched.m[i + 1]!);
      if (value === undefined) {
        send(response, 400, malformedPath());
        return;
      }
      pathParameters[name] = value;
    }
    const query = multi(url.searchParams);
    const event: APIGatewayProxyEvent = {
      resource: definition.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: query.single,
      multiValueQueryStringParameters: query.multiple,
      pathParameters: params.length > 0 ? pathParameters : null,
      stageVariables: null,
      body: raw.length > 0 ? raw.toString("utf8") : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: localAccount,
        apiId: "local",
        // The Lambda authorizer's shape: principalId and its context (functions/platform/identity/authorizer.ts).
        authorizer: caller ? { principalId: caller.userId, ...caller } : null,
        httpMethod: method,
        identity: {
          sourceIp: request.socket.remoteAddress ?? loopback,
          userAgent: headers["user-agent"] ?? null,
          ...(machine
            ? {
                accessKey: machine.accessKeyId,
                accountId: localAccount,
                caller: machine.userArn,
                user: machine.userArn,
                userArn: machine.userArn,
              }
            : {}),
        } as APIGatewayProxyEvent["requestContext"]["identity"],
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: "local",
        resourcePath: definition.path,
        stage: "local",
        domainName: request.headers.host ?? loopback,
      } as APIGatewayProxyEvent["requestContext"],
    };

    try {
      const result = (await options.functions.invoke(
        definition.function,
        event,
        true,
      )) as APIGatewayProxyResult;
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) responseHeaders[k] = String(v);
      const body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
      response.writeHead(result.statusCode, { "access-control-allow-origin": "*", ...responseHeaders });
      response.end(body);
      log({
        msg: "request",
        method,
        path: url.pathname,
        status: result.statusCode,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // A handler that throws is what API Gateway reports as a 502; it is a bug, logged with its stack.
      log({ msg: "handler crashed", method, path: url.pathname, error: (error as Error).stack });
      send(response, 502, errorBody("BAD_GATEWAY", "The handler failed", "处理程序出错"));
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log({ msg: "gateway error", error: (error as Error).stack });
      if (!response.headersSent)
        send(response, 500, errorBody("INTERNAL", "Internal error", "服务器内部错误"));
      else response.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, loopback, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${loopback}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
