// Shared (identity): the settings of an OpenID Connect issuer whose tokens the platform accepts — issuer, audience,
// where its discovery document is, which claims carry the user, the organisation and the roles, and how its role
// values map to the platform's roles. Read by the Lambda authorizer (environment), the CDK app (context) and the
// embedded runtime (its own issuer, or JIEBANG_OIDC).
import { isRole, type Role } from "../../kernel/roles.ts";

/** The signature algorithms a token may use: asymmetric only (never `none`, never HS* whose key is shared). */
export const allowedAlgorithms = ["RS256", "ES256"] as const;
export type Algorithm = (typeof allowedAlgorithms)[number];

export interface OidcSettings {
  /** The issuer identifier: the `iss` of its tokens and the `issuer` of its discovery document. */
  readonly issuer: string;
  /** The client id(s) a token must be issued to (`aud`). */
  readonly audience: readonly string[];
  /**
   * Where the discovery document is (default `<issuer>/.well-known/openid-configuration`): an issuer reachable at
   * another address than its identifier (an internal network, the embedded runtime's loopback port).
   */
  readonly discoveryUrl: string;
  /** Claim names (a dotted path reaches into an object, e.g. `realm_access.roles`). */
  readonly claims: { readonly user: string; readonly organisation: string; readonly roles: string };
  /**
   * The issuer's role values → the platform's roles. Without one, values that are platform role names count; with
   * one, only mapped values count. Values that map to nothing are ignored; a token with no platform role is refused.
   */
  readonly roleMapping?: Readonly<Record<string, readonly Role[]>>;
  /** Claims a token must carry with exactly these values (Cognito ID tokens: `token_use` = `id`). */
  readonly requiredClaimValues?: Readonly<Record<string, string>>;
  readonly algorithms: readonly Algorithm[];
  /** Tolerance on `exp`/`nbf` for clocks that differ a little (default 30 s). */
  readonly clockToleranceSeconds: number;
}

/** The claim names of a Cognito ID token, which the embedded runtime's issuer also uses. */
export const cognitoClaims = { user: "sub", organisation: "custom:org", roles: "cognito:groups" } as const;

/** The environment variable carrying the settings as JSON (the Lambda authorizer; `npm start` for another issuer). */
export const oidcSettingsEnvVar = "JIEBANG_OIDC";

const httpsUrl = (value: string, local: boolean) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return local && url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
};

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

/**
 * Validates settings given as JSON (CDK context, environment). `issuer` and `audience` are required; claims default
 * to Cognito's names. Throws with a message naming the field. Plain http is accepted on loopback only.
 */
export function parseOidcSettings(raw: unknown, where = "OIDC settings"): OidcSettings {
  const input = (typeof raw === "string" ? safeJson(raw, where) : raw) as Record<string, unknown> | null;
  if (!input || typeof input !== "object" || Array.isArray(input))
    throw new Error(`${where} must be an object`);
  const fail = (field: string, what: string): never => {
    throw new Error(`${where}: ${field} ${what}`);
  };
  const issuer = input["issuer"];
  if (!nonEmptyString(issuer)) return fail("issuer", "is required (the issuer's URL)");
  // The identifier is compared, not fetched, unless no discovery URL is given; it must still look like an https URL.
  if (!httpsUrl(issuer, true)) fail("issuer", `must be an https URL, got ${JSON.stringify(issuer)}`);
  const audienceRaw = input["audience"];
  const audience = (Array.isArray(audienceRaw) ? audienceRaw : [audienceRaw]).filter(nonEmptyString);
  if (audience.length === 0) fail("audience", "is required (the client id tokens are issued to)");
  const discoveryUrl =
    input["discoveryUrl"] ?? `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  if (!nonEmptyString(discoveryUrl) || !httpsUrl(discoveryUrl, true))
    fail("discoveryUrl", "must be an https URL (http only on loopback)");
  const claimsRaw = (input["claims"] ?? {}) as Record<string, unknown>;
  if (typeof claimsRaw !== "object" || Array.isArray(claimsRaw)) fail("claims", "must be an object");
  const claims = { ...cognitoClaims } as { user: string; organisation: string; roles: string };
  for (const key of ["user", "organisation", "roles"] as const) {
    const value = claimsRaw[key];
    if (value === undefined) continue;
    if (!nonEmptyString(value)) fail(`claims.${key}`, "must be a claim name");
    claims[key] = value as string;
  }
  let roleMapping: Record<string, Role[]> | undefined;
  if (input["roleMapping"] !== undefined) {
    const mapping = input["roleMapping"] as Record<string, unknown>;
    if (!mapping || typeof mapping !== "object" || Array.isArray(mapping))
      fail("roleMapping", "must be an object");
    roleMapping = {};
    for (const [value, target] of Object.entries(mapping)) {
      const targets = Array.isArray(target) ? target : [target];
      if (targets.length === 0 || !targets.every((t) => typeof t === "string" && isRole(t)))
        fail(`roleMapping.${value}`, "must name platform roles (functions/kernel/roles.ts)");
      roleMapping[value] = targets as Role[];
    }
  }
  let requiredClaimValues: Record<string, string> | undefined;
  if (input["requiredClaimValues"] !== undefined) {
    const required = input["requiredClaimValues"] as Record<string, unknown>;
    if (
      !required ||
      typeof required !== "object" ||
      !Object.values(required).every((v) => typeof v === "string")
    )
      fail("requiredClaimValues", "must map claim names to string values");
    requiredClaimValues = required as Record<string, string>;
  }
  const algorithmsRaw = input["algorithms"] ?? allowedAlgorithms;
  if (
    !Array.isArray(algorithmsRaw) ||
    algorithmsRaw.length === 0 ||
    !algorithmsRaw.every((a) => (allowedAlgorithms as readonly unknown[]).includes(a))
  )
    fail("algorithms", `must be some of ${allowedAlgorithms.join(", ")} (never none or HS*)`);
  const tolerance = input["clockToleranceSeconds"] ?? 30;
  if (typeof tolerance !== "number" || !Number.isInteger(tolerance) || tolerance < 0 || tolerance > 300)
    fail("clockToleranceSeconds", "must be an integer from 0 to 300");
  return {
    issuer,
    audience,
    discoveryUrl: discoveryUrl as string,
    claims,
    ...(roleMapping ? { roleMapping } : {}),
    ...(requiredClaimValues ? { requiredClaimValues } : {}),
    algorithms: algorithmsRaw as Algorithm[],
    clockToleranceSeconds: tolerance as number,
  };
}

function safeJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where} is not valid JSON`);
  }
}
