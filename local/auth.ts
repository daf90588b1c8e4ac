// Embedded runtime: the local identity provider. Issues and verifies RS256 JWTs carrying the claims a Cognito ID
// token carries (sub, custom:org, cognito:groups, token_use, aud, iss). Exists only on loopback, never in the CDK app.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { isRole, type Role } from "../functions/kernel/roles.ts";

export const localIssuer = "https://local-idp.jiebang.invalid";
export const localAudience = "jiebang-local-client";

export interface TokenRequest {
  readonly user: string;
  readonly org: string;
  readonly roles: readonly Role[];
  /** Lifetime in seconds (default 12 hours). */
  readonly ttlSeconds?: number;
  /** Issue time in epoch seconds (defaults to now). */
  readonly nowSeconds?: number;
}

/** The claims the gateway hands to handlers, as API Gateway's Cognito authorizer does (values are strings). */
export type Claims = Record<string, string>;

export interface LocalIdentityProvider {
  issue(request: TokenRequest): Promise<string>;
  /** Verifies signature, issuer, audience, expiry (against `nowSeconds`) and token use; returns the claims or throws. */
  verify(token: string, nowSeconds?: number): Promise<Claims>;
  readonly publicJwk: JWK;
}

interface StoredKeys {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKeys(dataDir: string): Promise<StoredKeys> {
  const dir = join(dataDir, "auth");
  const file = join(dir, "signing-key.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StoredKeys;
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomUUID();
  const keys: StoredKeys = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export async function localIdentityProvider(dataDir: string): Promise<LocalIdentityProvider> {
  const keys = await loadOrCreateKeys(dataDir);
  const privateKey = await importJWK(keys.privateJwk, "RS256");
  const publicKey = await importJWK(keys.publicJwk, "RS256");
  return {
    publicJwk: keys.publicJwk,
    async issue(request) {
      if (request.roles.length === 0) throw new Error("a token needs at least one role");
      const now = request.nowSeconds ?? Math.floor(Date.now() / 1000);
      return new SignJWT({
        "custom:org": request.org,
        "cognito:groups": [...request.roles],
        "cognito:username": request.user,
        token_use: "id",
      })
        .setProtectedHeader({ alg: "RS256", kid: keys.kid, typ: "JWT" })
        .setSubject(`local-${request.user}`)
        .setIssuer(localIssuer)
        .setAudience(localAudience)
        .setIssuedAt(now)
        .setExpirationTime(now + (request.ttlSeconds ?? 12 * 3600))
        .setJti(randomUUID())
        .sign(privateKey);
    },
    async verify(token, nowSeconds) {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: localIssuer,
        audience: localAudience,
        algorithms: ["RS256"],
        ...(nowSeconds !== undefined ? { currentDate: new Date(nowSeconds * 1000) } : {}),
        requiredClaims: ["sub", "exp", "iat", "custom:org", "cognito:groups"],
      });
      // Cognito never issues a token dated ahead of its own clock: beyond ordinary clock skew, it was not issued here.
      const now = nowSeconds ?? Math.floor(Date.now() / 1000);
      if (typeof payload.iat !== "number" || payload.iat > now + maxClockSkewSeconds) {
        throw new Error('"iat" lies in the future: not a token this provider issued');
      }
      return toClaims(payload);
    },
  };
}

/** How far ahead of this machine's clock a token's issue time may be (the clocks of two machines differ a little). */
export const maxClockSkewSeconds = 300;

function toClaims(payload: JWTPayload): Claims {
  if (payload["token_use"] !== "id") throw new Error("not an ID token");
  // Cognito's custom attributes and subject are strings; anything else would become "null" or "[object Object]".
  for (const claim of ["sub", "custom:org"]) {
    const value = payload[claim];
    if (typeof value !== "string" || value.length === 0)
      throw new Error(`${claim} must be a non-empty string`);
  }
  const groups = payload["cognito:groups"];
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === "string" && isRole(g))) {
    throw new Error("cognito:groups must list known roles");
  }
  const claims: Claims = {};
  for (const [key, value] of Object.entries(payload)) {
    // API Gateway's Cognito authorizer passes claims as strings; groups become "[a b]" style — keep the same shape.
    claims[key] = Array.isArray(value) ? `[${value.join(" ")}]` : String(value);
  }
  return claims;
}
