// Web app (web/src/auth): sign-in with OpenID Connect authorization code + PKCE (RFC 7636, S256), framework-free —
// the settings come from GET /console/config.json (docs/identity.md); works with Cognito, a city's issuer and the
// embedded runtime's local issuer alike. Web Crypto and fetch only, so it runs in the browser and in Node tests.

/** The sign-in settings the deployment publishes at /console/config.json. */
export interface SignInConfig {
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  /** Given when known; otherwise read from the discovery document (endpoints()). */
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
}

/** What a sign-in keeps between leaving for the issuer and coming back (e.g. in sessionStorage). */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface Tokens {
  /** The token the API takes as `Authorization: Bearer …` (the ID token, as with Cognito). */
  readonly idToken: string;
  readonly accessToken?: string;
  readonly expiresIn?: number;
}

const base64url = (bytes: Uint8Array): string => {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/** A random string of 43 URL-safe characters (32 random bytes): a code verifier, a state or a nonce. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function newPendingSignIn(): PendingSignIn {
  return { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
}

/** The issuer's endpoints: as configured, else from its discovery document. */
export async function endpoints(
  config: SignInConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<{ authorization: string; token: string }> {
  if (config.authorizationEndpoint && config.tokenEndpoint)
    return { authorization: config.authorizationEndpoint, token: config.tokenEndpoint };
  const response = await fetchImpl(config.discoveryUrl);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const doc = (await response.json()) as {
    issuer?: string;
    authorization_endpoint?: string;
    token_endpoint?: string;
  };
  if (doc.issuer !== config.issuer) throw new Error("the discovery document names another issuer");
  if (!doc.authorization_endpoint || !doc.token_endpoint)
    throw new Error("the discovery document lacks endpoints");
  return {
    authorization: config.authorizationEndpoint ?? doc.authorization_endpoint,
    token: config.tokenEndpoint ?? doc.token_endpoint,
  };
}

/** Where to send the browser to sign in. */
export async function authorizationUrl(
  config: SignInConfig,
  authorizationEndpoint: string,
  pending: PendingSignIn,
): Promise<string> {
  const url = new URL(authorizationEndpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", config.redirectUri);
  url.searchParams.set("scope", config.scope);
  url.searchParams.set("state", pending.state);
  url.searchParams.set("nonce", pending.nonce);
  url.searchParams.set("code_challenge", await codeChallenge(pending.codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url.href;
}

/** The code of the redirect back, once its state is the one this sign-in sent; throws on an error or a stranger's state. */
export function codeFromRedirect(redirectedTo: string, pending: PendingSignIn): string {
  const params = new URL(redirectedTo).searchParams;
  const error = params.get("error");
  if (error) throw new Error(`sign-in refused: ${error} ${params.get("error_description") ?? ""}`.trim());
  if (params.get("state") !== pending.state) throw new Error("sign-in state does not match: start again");
  const code = params.get("code");
  if (!code) throw new Error("the redirect carries no code");
  return code;
}

/** Exchanges the code (with the verifier only this sign-in knows) for tokens at the token endpoint. */
export async function exchangeCode(
  config: SignInConfig,
  tokenEndpoint: string,
  code: string,
  pending: PendingSignIn,
  fetchImpl: typeof fetch = fetch,
): Promise<Tokens> {
  const response = await fetchImpl(tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.codeVerifier,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok || typeof body["id_token"] !== "string")
    throw new Error(`token endpoint: ${String(body["error"] ?? response.status)}`);
  const nonce = claimsOf(body["id_token"])["nonce"];
  if (nonce !== undefined && nonce !== pending.nonce)
    throw new Error("the ID token's nonce is not this sign-in's");
  return {
    idToken: body["id_token"],
    ...(typeof body["access_token"] === "string" ? { accessToken: body["access_token"] } : {}),
    ...(typeof body["expires_in"] === "number" ? { expiresIn: body["expires_in"] } : {}),
  };
}

/** A token's claims, unverified (display only: the API verifies every token itself). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const padded = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(part.length / 4) * 4, "=");
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}
