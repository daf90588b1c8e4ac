// Lambda authorizer (API Gateway TOKEN authorizer) for an OpenID Connect issuer configured in JIEBANG_OIDC: verifies
// the bearer token (verifier.ts) and allows the API with the caller in `context`, which handlers read as
// requestContext.authorizer (functions/platform/http/authorization.ts), exactly as they read Cognito's claims.
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from "aws-lambda";
import { createLogger } from "../logger.ts";
import { type OidcSettings, oidcSettingsEnvVar, parseOidcSettings } from "./settings.ts";
import { oidcVerifier, type TokenVerifier, type VerifiedCaller } from "./verifier.ts";

/** The keys of the authorizer's `context` (string values only: API Gateway passes nothing else). */
export interface AuthorizerContext {
  readonly userId: string;
  readonly organisationId: string;
  /** Platform roles separated by commas. */
  readonly roles: string;
  /** Also `name`: the person's display name (the token's `name` claim), when it carries one. */
  [key: string]: string;
}

export function authorizerContext(caller: VerifiedCaller): AuthorizerContext {
  const context: AuthorizerContext = {
    userId: caller.userId,
    organisationId: caller.organisationId,
    roles: caller.roles.join(","),
  };
  return caller.name ? { ...context, name: caller.name } : context;
}

/**
 * Allows every method of the stage the request came to: API Gateway caches the result per token (the identity
 * source) and applies it to the caller's next requests on any route; the route's roles are checked by the handler.
 */
export function allowPolicy(caller: VerifiedCaller, methodArn: string): APIGatewayAuthorizerResult {
  // arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>
  const [api, stage] = methodArn.split("/") as [string, string?];
  const resource = stage ? `${api}/${stage}/*/*` : methodArn;
  return {
    principalId: caller.userId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: resource }],
    },
    context: authorizerContext(caller),
  };
}

const log = createLogger({ function: "identity-authorizer" });
let verifier: TokenVerifier | undefined;

/** Tests: a verifier for other settings (or undefined to read the environment again). */
export function useSettings(
  settings: OidcSettings | undefined,
  options?: Parameters<typeof oidcVerifier>[1],
) {
  verifier = settings ? oidcVerifier(settings, options) : undefined;
}

export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  // Module scope: the settings, discovery and the JWKS are kept across invocations of one execution environment.
  verifier ??= oidcVerifier(parseOidcSettings(process.env[oidcSettingsEnvVar], oidcSettingsEnvVar));
  const match = /^Bearer\s+(\S+)$/i.exec(event.authorizationToken ?? "");
  if (!match) throw new Error("Unauthorized");
  try {
    return allowPolicy(await verifier.verify(match[1]!), event.methodArn);
  } catch (error) {
    log.info("token refused", { reason: (error as Error).message });
    // The one error API Gateway turns into 401 (the gateway response UNAUTHORIZED); anything else would be a 500.
    throw new Error("Unauthorized");
  }
}
