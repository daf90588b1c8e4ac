// CDK app configuration: the context keys the app reads (cdk.json or `-c key=value`) and their validated values (infra/).
import { Aws, Fn } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { type OidcSettings, parseOidcSettings } from "../functions/platform/identity/settings.ts";
import { defaultAuditRetentionDays } from "./resources.ts";

/** Context keys. Values given with `-c` arrive as strings; cdk.json values keep their JSON type. */
export const contextKeys = {
  /** Object Lock compliance-mode default retention of audit reports, in days (default 3650). */
  auditRetentionDays: "jiebang:auditRetentionDays",
  /** Browser origins allowed to PUT/GET evidence through presigned URLs (default "*"; a list or comma-separated). */
  webOrigins: "jiebang:webOrigins",
  /** API stage throttling: steady requests per second and burst (defaults 50 and 100). */
  apiRateLimit: "jiebang:apiRateLimit",
  apiBurstLimit: "jiebang:apiBurstLimit",
  /** Requests per 5 minutes from one IP address before WAF blocks it (default 1000). */
  wafRateLimitPer5Minutes: "jiebang:wafRateLimitPer5Minutes",
  /** Prefix of the Cognito Hosted UI domain <prefix>.auth.<region>.amazoncognito.com (default jiebang-<account>). */
  authDomainPrefix: "jiebang:authDomainPrefix",
  /** AWS account of the treasury's system (国库支付中心), which assumes its caller role (default: this account). */
  treasuryAccountId: "jiebang:treasuryAccountId",
  /** Changing it (any 1-32 letters, digits or hyphens; default "0") gives the page cursors a new key: old ones are refused. */
  cursorKeyRotation: "jiebang:cursorKeyRotation",
  /**
   * Who signs people in: "cognito" (default: the stack's user pool, Hosted UI, API Gateway's Cognito authorizer) or
   * "oidc" (no user pool: any OpenID Connect issuer, e.g. a city's 统一身份认证 platform, verified by the Lambda
   * authorizer functions/platform/identity/authorizer.ts; where Cognito user pools do not exist, as in AWS China).
   */
  identity: "jiebang:identity",
  /**
   * With identity "oidc": the issuer's settings as a JSON object (functions/platform/identity/settings.ts):
   * {"issuer", "audience", "claims": {"user", "organisation", "roles"}, "roleMapping", "discoveryUrl",
   * "authorizationEndpoint", "tokenEndpoint"} — the last two for the web app's sign-in (docs/identity.md).
   */
  oidc: "jiebang:oidc",
} as const;

function positiveInteger(scope: Construct, key: string, fallback: number, max: number): number {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === "") return fallback;
  const value = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`context ${key} must be an integer from 1 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function auditRetentionDays(scope: Construct): number {
  // Object Lock retention is at most 100 years.
  return positiveInteger(scope, contextKeys.auditRetentionDays, defaultAuditRetentionDays, 36_500);
}

export function webOrigins(scope: Construct): string[] {
  const raw: unknown = scope.node.tryGetContext(contextKeys.webOrigins);
  if (raw === undefined || raw === null || raw === "") return ["*"];
  const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
  const origins = list.map((o) => o.trim()).filter((o) => o.length > 0);
  for (const origin of origins) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `context ${contextKeys.webOrigins}: "${origin}" is not an origin like https://console.example.cn`,
      );
    }
  }
  if (origins.length === 0) throw new Error(`context ${contextKeys.webOrigins} is empty`);
  return origins;
}

export function apiThrottling(scope: Construct): { rateLimit: number; burstLimit: number } {
  return {
    rateLimit: positiveInteger(scope, contextKeys.apiRateLimit, 50, 10_000),
    burstLimit: positiveInteger(scope, contextKeys.apiBurstLimit, 100, 5_000),
  };
}

export function wafRateLimit(scope: Construct): number {
  // WAFv2 rate-based rules accept 10 to 2,000,000,000 requests per evaluation window.
  const value = positiveInteger(scope, contextKeys.wafRateLimitPer5Minutes, 1000, 2_000_000_000);
  if (value < 10) throw new Error(`context ${contextKeys.wafRateLimitPer5Minutes} must be at least 10`);
  return value;
}

export function authDomainPrefix(scope: Construct): string {
  const raw: unknown = scope.node.tryGetContext(contextKeys.authDomainPrefix);
  // Unique per region: the account id makes the default unique for each deployment account.
  if (raw === undefined || raw === null || raw === "") return `jiebang-${Aws.ACCOUNT_ID}`;
  const prefix = String(raw).trim();
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `context ${contextKeys.authDomainPrefix}: "${prefix}" must be 1-63 lowercase letters, digits or hyphens ` +
        "and may not contain aws, amazon or cognito",
    );
  }
  return prefix;
}

/** The account whose principals may assume the treasury's caller role: a 12-digit id, or this stack's account. */
export function treasuryAccountId(scope: Construct): string {
  const raw: unknown = scope.node.tryGetContext(contextKeys.treasuryAccountId);
  if (raw === undefined || raw === null || raw === "") return Aws.ACCOUNT_ID;
  const value = String(raw).trim();
  if (!/^\d{12}$/.test(value)) {
    throw new Error(
      `context ${contextKeys.treasuryAccountId} must be a 12-digit AWS account id, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/**
 * The page cursors' key material (functions/platform/cursors.ts), derived per deployment: the random id CloudFormation
 * gave the stack when it was created (the UUID at the end of its stack ARN), resolved at deploy time — never in the
 * template — and a rotation label. No new service: the functions read it from their environment, which only the
 * account's operators can read (docs/security.md, "Decision: the page cursors' key").
 */
export function cursorKeyMaterial(scope: Construct): string {
  const raw: unknown = scope.node.tryGetContext(contextKeys.cursorKeyRotation);
  const rotation = raw === undefined || raw === null || raw === "" ? "0" : String(raw).trim();
  if (!/^[A-Za-z0-9-]{1,32}$/.test(rotation)) {
    throw new Error(
      `context ${contextKeys.cursorKeyRotation} must be 1-32 letters, digits or hyphens, got ${JSON.stringify(raw)}`,
    );
  }
  return Fn.join("", ["deployment:", Fn.select(2, Fn.split("/", Aws.STACK_ID)), `#${rotation}`]);
}

/** How people sign in (context `jiebang:identity`, `jiebang:oidc`). */
export type IdentityConfig =
  | { readonly mode: "cognito" }
  | {
      readonly mode: "oidc";
      readonly settings: OidcSettings;
      /** The issuer's endpoints for the web app's authorization code + PKCE sign-in, when given. */
      readonly endpoints: { readonly authorization?: string; readonly token?: string };
    };

export function identityConfig(scope: Construct): IdentityConfig {
  const raw: unknown = scope.node.tryGetContext(contextKeys.identity);
  const mode = raw === undefined || raw === null || raw === "" ? "cognito" : String(raw).trim();
  if (mode === "cognito") return { mode };
  if (mode !== "oidc")
    throw new Error(
      `context ${contextKeys.identity} must be "cognito" or "oidc", got ${JSON.stringify(raw)}`,
    );
  const given: unknown = scope.node.tryGetContext(contextKeys.oidc);
  if (given === undefined || given === null || given === "")
    throw new Error(`context ${contextKeys.identity}=oidc needs ${contextKeys.oidc} (the issuer's settings)`);
  const object = (typeof given === "string" ? JSON.parse(given) : given) as Record<string, unknown>;
  const settings = parseOidcSettings(object, `context ${contextKeys.oidc}`);
  const endpoint = (key: string) => {
    const value = object[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !/^https:\/\/\S+$/.test(value))
      throw new Error(`context ${contextKeys.oidc}: ${key} must be an https URL`);
    return value;
  };
  const authorization = endpoint("authorizationEndpoint");
  const token = endpoint("tokenEndpoint");
  return {
    mode,
    settings,
    endpoints: { ...(authorization ? { authorization } : {}), ...(token ? { token } : {}) },
  };
}
