// Shared (identity): verifies a bearer token of a configured OpenID Connect issuer — discovery, the issuer's JWKS
// (cached, refetched for an unknown key id: key rotation), signature, issuer, audience, expiry, algorithm — and maps
// its claims to the platform's caller. The one verification of the Lambda authorizer and the embedded gateway.
import {
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { isRole, type Role } from "../../kernel/roles.ts";
import type { OidcSettings } from "./settings.ts";

/** The caller a token names, in the platform's terms. */
export interface VerifiedCaller {
  readonly userId: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
  /** The person's display name: OIDC's standard `name` claim, when the token carries one (a string, ≤ 100 chars). */
  readonly name?: string;
  /** Seconds since the epoch at which the token expires. */
  readonly expiresAt: number;
}

export interface TokenVerifier {
  /** The caller, or throws (the message says why; never shown to the caller). */
  verify(token: string): Promise<VerifiedCaller>;
}

export interface VerifierOptions {
  /** Tests: the HTTP client used for discovery and the JWKS. */
  readonly fetch?: typeof fetch;
  /** Tests: the current time. */
  readonly now?: () => Date;
  /** Least time between two JWKS fetches for an unknown key id (default 30 s; jose's cooldown). */
  readonly jwksCooldownMs?: number;
}

/** How far ahead of this machine's clock a token's issue time may be: a token "issued" later was not issued there. */
export const maxIssuedAheadSeconds = 300;

/** Reads a claim by name, or by a dotted path into objects when no claim has the whole name. */
export function claimAt(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The platform roles of a token's roles claim: an array of strings, or one string of values separated by spaces or commas. */
export function mapRoles(raw: unknown, mapping: OidcSettings["roleMapping"]): Role[] {
  const values = Array.isArray(raw)
    ? raw.filter((v): v is string => typeof v === "string")
    : typeof raw === "string"
      ? raw.split(/[\s,]+/)
      : [];
  const out = new Set<Role>();
  for (const value of values.filter((v) => v.length > 0)) {
    if (mapping) for (const role of Object.hasOwn(mapping, value) ? mapping[value]! : []) out.add(role);
    else if (isRole(value)) out.add(value);
  }
  return [...out];
}

/** The platform's caller from verified claims, or throws naming the claim that does not fit. */
export function callerFromClaims(payload: JWTPayload, settings: OidcSettings): VerifiedCaller {
  for (const [name, expected] of Object.entries(settings.requiredClaimValues ?? {})) {
    if (payload[name] !== expected) throw new Error(`claim ${name} must be ${JSON.stringify(expected)}`);
  }
  const record = payload as Record<string, unknown>;
  const userId = claimAt(record, settings.claims.user);
  const organisationId = claimAt(record, settings.claims.organisation);
  // Strings only: anything else would become "null" or "[object Object]" further on.
  if (typeof userId !== "string" || userId.length === 0)
    throw new Error(`${settings.claims.user} must be a non-empty string`);
  if (typeof organisationId !== "string" || organisationId.length === 0)
    throw new Error(`${settings.claims.organisation} must be a non-empty string`);
  const roles = mapRoles(claimAt(record, settings.claims.roles), settings.roleMapping);
  if (roles.length === 0) throw new Error(`${settings.claims.roles} names no platform roles`);
  const name = typeof record["name"] === "string" ? record["name"].trim().slice(0, 100) : "";
  return { userId, organisationId, roles, expiresAt: payload.exp!, ...(name ? { name } : {}) };
}

interface Discovery {
  readonly issuer: string;
  readonly jwks_uri: string;
}

/**
 * A verifier for one issuer. Discovery happens on first use (and again after a failed attempt); the JWKS is cached
 * for the life of the verifier — a Lambda execution environment keeps it across invocations — and fetched again
 * when a token names a key id it does not hold (at most once per cooldown), so rotated keys are picked up.
 */
export function oidcVerifier(settings: OidcSettings, options: VerifierOptions = {}): TokenVerifier {
  const fetchImpl = options.fetch ?? fetch;
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const response = await fetchImpl(settings.discoveryUrl, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const doc = (await response.json()) as Partial<Discovery>;
    if (doc.issuer !== settings.issuer)
      throw new Error(`discovery names issuer ${JSON.stringify(doc.issuer)}, not ${settings.issuer}`);
    if (typeof doc.jwks_uri !== "string") throw new Error("discovery names no jwks_uri");
    return createRemoteJWKSet(new URL(doc.jwks_uri), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5000,
      [customFetch]: fetchImpl as FetchImplementation,
    });
  };
  return {
    async verify(token) {
      keys ??= discover().catch((error: unknown) => {
        keys = undefined;
        throw error;
      });
      const getKey = await keys;
      const now = options.now?.() ?? new Date();
      const { payload } = await jwtVerify(token, getKey, {
        issuer: settings.issuer,
        audience: [...settings.audience],
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockToleranceSeconds,
        currentDate: now,
        requiredClaims: ["exp", "iat"],
      });
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (typeof payload.iat !== "number" || payload.iat > nowSeconds + maxIssuedAheadSeconds)
        throw new Error('"iat" lies in the future: not a token this issuer issued');
      return callerFromClaims(payload, settings);
    },
  };
}
