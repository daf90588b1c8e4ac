// Embedded runtime: the local identity provider's signing side. Issues RS256 ID tokens carrying the claims a Cognito ID
// token carries (sub, custom:org, cognito:groups, token_use, aud, iss, and the person's name — OIDC's standard `name`), with a key pair kept in the data directory;
// local/idp.ts serves it as an OpenID Connect issuer. Exists only on loopback, never in the CDK app.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import type { Role } from "../functions/kernel/roles.ts";
import { type OidcSettings, parseOidcSettings } from "../functions/platform/identity/settings.ts";
import { personNames } from "./demo/cast.ts";

export const localIssuer = "https://local-idp.jiebang.invalid";
export const localAudience = "jiebang-local-client";

export interface TokenRequest {
  readonly user: string;
  readonly org: string;
  readonly roles: readonly Role[];
  /** The person's name (OIDC standard claim `name`), shown by the workbench; none: the demo cast's, if the user is one. */
  readonly name?: string;
  /** Lifetime in seconds (default 12 hours). */
  readonly ttlSeconds?: number;
  /** Issue time in epoch seconds (defaults to now). */
  readonly nowSeconds?: number;
  /** The sign-in request's nonce (authorization code flow), echoed in the token. */
  readonly nonce?: string;
}

export interface LocalIdentityProvider {
  issue(request: TokenRequest): Promise<string>;
  readonly publicJwk: JWK;
}

/**
 * The settings under which the platform verifies this issuer's tokens, like any other issuer's
 * (functions/platform/identity/): its stable identifier, discovered at the gateway's loopback address (local/idp.ts).
 */
export function localOidcSettings(gatewayUrl: string): OidcSettings {
  return parseOidcSettings(
    {
      issuer: localIssuer,
      audience: [localAudience],
      discoveryUrl: `${gatewayUrl}${localIdpPath}/.well-known/openid-configuration`,
      requiredClaimValues: { token_use: "id" },
      algorithms: ["RS256"],
    },
    "the local issuer",
  );
}

/** Where the gateway serves the local issuer's endpoints (discovery, JWKS, authorize, token). */
export const localIdpPath = "/local/idp";

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
  return {
    publicJwk: keys.publicJwk,
    async issue(request) {
      if (request.roles.length === 0) throw new Error("a token needs at least one role");
      const now = request.nowSeconds ?? Math.floor(Date.now() / 1000);
      const name = request.name ?? personNames[request.user];
      return new SignJWT({
        ...(name ? { name } : {}),
        "custom:org": request.org,
        "cognito:groups": [...request.roles],
        "cognito:username": request.user,
        token_use: "id",
        ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
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
  };
}
