// Shared (HTTP middleware): the caller against the route's `auth` in the catalog — a public route lets anyone in, an
// IAM route needs a verified AWS signature (403 SIGNATURE_REQUIRED), any other a bearer token's claims (401
// UNAUTHENTICATED) with one of the route's roles (403 FORBIDDEN_ROLE), from a Cognito or a Lambda authorizer. Runs
// after catalogRouting.
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { MachineCaller } from "../../catalog.ts";
import { isRole, type Role } from "../../kernel/roles.ts";
import { httpErrors } from "./errors.ts";
import type { HttpMiddleware, Principal } from "./route.ts";

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

/**
 * The caller a verified token names, in either shape API Gateway passes it: a Cognito authorizer's `claims` (sub,
 * custom:org, cognito:groups, name) or a Lambda authorizer's `context` (userId, organisationId, roles, name;
 * functions/platform/identity/authorizer.ts, which the embedded gateway also gives).
 */
export function principalFrom(event: APIGatewayProxyEvent): Principal | undefined {
  const authorizer = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  if (!authorizer) return undefined;
  const claims = authorizer["claims"] as Record<string, unknown> | undefined;
  const [userId, organisationId, roles, name] = claims
    ? [claims["sub"], claims["custom:org"], claims["cognito:groups"], claims["name"]]
    : [authorizer["userId"], authorizer["organisationId"], authorizer["roles"], authorizer["name"]];
  if (typeof userId !== "string" || userId.length === 0) return undefined;
  if (typeof organisationId !== "string" || organisationId.length === 0) return undefined;
  const named = typeof name === "string" && name.trim().length > 0 ? { name: name.trim() } : {};
  return { userId, organisationId, roles: parseGroups(roles), ...named };
}

export function authorize(): HttpMiddleware {
  return {
    name: "authorize",
    before: (request) => {
      const route = request.context.route;
      if (!route) throw new Error("authorize() runs after catalogRouting()");
      const { auth } = route.definition;
      if ("iam" in auth) {
        const machine = machinePrincipalFrom(request.event, auth.iam.caller);
        if (!machine) throw httpErrors.signatureRequired();
        request.context.principal = machine;
        return;
      }
      const principal = principalFrom(request.event);
      if (!("public" in auth)) {
        if (!principal) throw httpErrors.unauthenticated();
        if (!principal.roles.some((r) => auth.roles.includes(r))) throw httpErrors.forbiddenRole(auth.roles);
      }
      request.context.principal = principal;
    },
  };
}
