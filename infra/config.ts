// CDK app configuration: the context keys the app reads (cdk.json or `-c key=value`) and their validated values (infra/).
import { Aws, Fn } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { openDataEnv } from "../functions/opendata/model.ts";
import { usccProblem } from "../functions/organisations/rules/uscc.ts";
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
  /** The deployment profile: `aws` (any commercial region) or `aws-cn` (cn-north-1, cn-northwest-1); env JIEBANG_PARTITION. */
  partition: "jiebang:partition",
  /** The region of the profile, required with the partition; env JIEBANG_REGION. */
  region: "jiebang:region",
  /**
   * Who signs people in: "cognito" (default in aws: the stack's user pool, Hosted UI, API Gateway's Cognito authorizer)
   * or "oidc" (default in aws-cn, the only kind there: no user pool, any OpenID Connect issuer, e.g. a city's 统一身份认证
   * platform, verified by the Lambda authorizer functions/platform/identity/authorizer.ts). Resolved by resolveProfile.
   */
  identity: "jiebang:identity",
  /**
   * With identity "oidc": the issuer's settings as a JSON object (functions/platform/identity/settings.ts):
   * {"issuer", "audience", "claims": {"user", "organisation", "roles"}, "roleMapping", "discoveryUrl",
   * "authorizationEndpoint", "tokenEndpoint"} — the last two for the web app's sign-in (docs/identity.md).
   */
  oidc: "jiebang:oidc",
  /** aws-cn: the console's alternate domain name (ICP-recorded) and its certificate (ACM ARN or IAM server certificate id). */
  consoleDomain: "jiebang:consoleDomain",
  consoleCertificate: "jiebang:consoleCertificate",
  /**
   * The open-data publisher (docs/open-data.md "Identifiers"): the city's 360Giving prefix (360G-…, registered with
   * 360Giving) and its science bureau's 统一社会信用代码 and name; all three or none (then the demo's, and a warning).
   */
  openDataPrefix: "jiebang:openDataPrefix",
  funderUscc: "jiebang:funderUscc",
  funderName: "jiebang:funderName",
} as const;

export type Partition = "aws" | "aws-cn";
export type IdentityKind = "cognito" | "oidc";

/** Where the app is deployed and what that partition offers (docs/deploy.md, "Profiles"). */
export interface DeploymentProfile {
  readonly partition: Partition;
  /** Undefined only for the environment-agnostic default synth (no profile given): partition aws, region at deploy time. */
  readonly region?: string;
  readonly identity: IdentityKind;
}

export const chinaRegions = ["cn-north-1", "cn-northwest-1"] as const;
/** Commercial regions: two letters, an area and a number (us-east-1, ap-southeast-7, eu-central-2 …). */
const commercialRegion = /^(?!cn-|us-gov-|us-iso)[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** The three profiles the tests and `npm run synth:profiles` synthesize. */
export const profiles: readonly { readonly partition: Partition; readonly region: string }[] = [
  { partition: "aws", region: "us-east-1" },
  { partition: "aws-cn", region: "cn-north-1" },
  { partition: "aws-cn", region: "cn-northwest-1" },
];

function textOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim();
  return text === "" ? undefined : text;
}

/**
 * Resolves the profile from context (`-c jiebang:partition=aws-cn -c jiebang:region=cn-north-1`), else from
 * JIEBANG_PARTITION / JIEBANG_REGION; both or neither. Refuses what the partition cannot host, with the reason.
 */
export function resolveProfile(
  context: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DeploymentProfile {
  const partitionRaw = textOf(context[contextKeys.partition]) ?? textOf(env["JIEBANG_PARTITION"]);
  const region = textOf(context[contextKeys.region]) ?? textOf(env["JIEBANG_REGION"]);
  const identityRaw = textOf(context[contextKeys.identity]);
  const profileError = (why: string) =>
    new Error(
      `deployment profile: ${why} (set -c ${contextKeys.partition}=aws|aws-cn and -c ${contextKeys.region}=…, ` +
        "or JIEBANG_PARTITION and JIEBANG_REGION; see docs/deploy.md)",
    );
  if (partitionRaw === undefined && region === undefined) {
    if (identityRaw !== undefined && identityRaw !== "cognito" && identityRaw !== "oidc")
      throw profileError(`${contextKeys.identity} must be cognito or oidc, got "${identityRaw}"`);
    return { partition: "aws", identity: (identityRaw as IdentityKind | undefined) ?? "cognito" };
  }
  if (partitionRaw === undefined) throw profileError(`region ${region} given without a partition`);
  if (region === undefined) throw profileError(`partition ${partitionRaw} given without a region`);
  if (partitionRaw !== "aws" && partitionRaw !== "aws-cn")
    throw profileError(`partition must be aws or aws-cn, got "${partitionRaw}"`);
  const partition: Partition = partitionRaw;
  if (partition === "aws-cn" && !(chinaRegions as readonly string[]).includes(region))
    throw profileError(`partition aws-cn has the regions ${chinaRegions.join(" and ")}, not "${region}"`);
  if (partition === "aws" && !commercialRegion.test(region))
    throw profileError(`"${region}" is not a commercial region of partition aws (China regions are aws-cn)`);
  const identity = identityRaw ?? (partition === "aws-cn" ? "oidc" : "cognito");
  if (identity !== "cognito" && identity !== "oidc")
    throw profileError(`${contextKeys.identity} must be cognito or oidc, got "${identity}"`);
  if (identity === "cognito" && partition === "aws-cn")
    throw profileError("Cognito user pools do not exist in the China regions: use identity oidc");
  return { partition, region, identity };
}

/** The profile buildApp resolved and wrote into the context (defaults: partition aws, Cognito). */
export function profileOf(scope: Construct): DeploymentProfile {
  const partition = (textOf(scope.node.tryGetContext(contextKeys.partition)) ?? "aws") as Partition;
  const region = textOf(scope.node.tryGetContext(contextKeys.region));
  const identity =
    textOf(scope.node.tryGetContext(contextKeys.identity)) ?? (partition === "aws-cn" ? "oidc" : "cognito");
  if (identity !== "cognito" && identity !== "oidc")
    throw new Error(`context ${contextKeys.identity} must be cognito or oidc, got "${identity}"`);
  return region ? { partition, region, identity } : { partition, identity };
}

/** The aws-cn console's custom domain: required there, since CloudFront in China serves no *.cloudfront.cn name. */
export function consoleDomain(scope: Construct): { domainName: string; certificate: string } | undefined {
  const domainName = textOf(scope.node.tryGetContext(contextKeys.consoleDomain));
  const certificate = textOf(scope.node.tryGetContext(contextKeys.consoleCertificate));
  if (domainName === undefined && certificate === undefined) return undefined;
  if (domainName === undefined || certificate === undefined)
    throw new Error(`context ${contextKeys.consoleDomain} and ${contextKeys.consoleCertificate} go together`);
  if (!/^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domainName))
    throw new Error(
      `context ${contextKeys.consoleDomain}: "${domainName}" is not a domain name like console.example.cn`,
    );
  if (
    !/^arn:aws(?:-cn)?:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(certificate) &&
    !/^[A-Z0-9]{16,32}$/.test(certificate)
  )
    throw new Error(
      `context ${contextKeys.consoleCertificate}: "${certificate}" is neither an ACM certificate ARN nor an IAM server certificate id`,
    );
  return { domainName, certificate };
}

/**
 * The open-data publisher's settings as the functions' environment (functions/opendata/model.ts openDataEnv), or
 * undefined when none is given (the local demo's then: not to be published). Validated: a 360G- prefix, a valid code.
 */
export function openDataPublisher(scope: Construct): Record<string, string> | undefined {
  const prefix = textOf(scope.node.tryGetContext(contextKeys.openDataPrefix));
  const uscc = textOf(scope.node.tryGetContext(contextKeys.funderUscc));
  const name = textOf(scope.node.tryGetContext(contextKeys.funderName));
  if (prefix === undefined && uscc === undefined && name === undefined) return undefined;
  if (prefix === undefined || uscc === undefined || name === undefined)
    throw new Error(
      `context ${contextKeys.openDataPrefix}, ${contextKeys.funderUscc} and ${contextKeys.funderName} go together`,
    );
  if (!/^360G-[A-Za-z0-9-]{1,60}$/.test(prefix))
    throw new Error(
      `context ${contextKeys.openDataPrefix}: "${prefix}" is not a 360Giving prefix like 360G-taiyuanstb`,
    );
  if (usccProblem(uscc) !== undefined)
    throw new Error(
      `context ${contextKeys.funderUscc}: "${uscc}" is not a valid 统一社会信用代码 (${usccProblem(uscc)})`,
    );
  return { [openDataEnv.prefix]: prefix, [openDataEnv.funderUscc]: uscc, [openDataEnv.funderName]: name };
}

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

/**
 * The profile (profileOf, resolved by resolveProfile: aws-cn → oidc) says which kind; with `oidc`, the issuer's settings
 * from `jiebang:oidc`, validated as the verifier would.
 */
export function identityConfig(scope: Construct): IdentityConfig {
  const mode = profileOf(scope).identity;
  if (mode === "cognito") return { mode };
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
