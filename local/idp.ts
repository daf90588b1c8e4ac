// Embedded runtime: the local identity provider as an OpenID Connect issuer on the gateway, under /local/idp —
// discovery, JWKS, the authorization endpoint (a sign-in page for local users: a demo user, or user/org/roles typed
// in) with authorization code + PKCE (S256 only), and the token endpoint. The platform verifies its tokens like any
// issuer's (functions/platform/identity/verifier.ts), through discovery and the JWKS over loopback.
import { createHash, randomBytes } from "node:crypto";
import { isRole, type Role, roles } from "../functions/kernel/roles.ts";
import { type LocalIdentityProvider, localAudience, localIdpPath, localIssuer } from "./auth.ts";
import { enterprise, experts, officials, personNames, solver } from "./demo/cast.ts";

export interface IdpRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: Buffer;
  /** The gateway's own address (http://127.0.0.1:<port>), for the endpoints the discovery document names. */
  readonly baseUrl: string;
}

export interface IdpResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** How long an authorization code may wait for its exchange (real time), and a token lives. */
const codeLifetimeMs = 60_000;
const tokenLifetimeSeconds = 12 * 3600;

interface PendingCode {
  readonly user: string;
  readonly org: string;
  readonly roles: readonly Role[];
  readonly name?: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce?: string;
  readonly expiresAtMs: number;
}

/** Demo users the sign-in page offers (the demo's cast, local/demo/cast.ts). */
const demoUsers: readonly { user: string; org: string; role: Role; name: string }[] = [
  ...[...Object.values(officials), enterprise("tyhi"), solver("tyut")].map((u) => ({
    ...u,
    role: u.role as Role,
    name: personNames[u.user] ?? u.user,
  })),
  {
    user: experts[0]!.user,
    org: experts[0]!.org,
    role: "expert",
    name: experts[0]!.name.replace(/（.*$/, ""),
  },
];

const json = (status: number, body: unknown): IdpResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  body: JSON.stringify(body),
});
const oauthError = (status: number, error: string, description: string) =>
  json(status, { error, error_description: description });

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** Redirect URIs of local clients: http(s) on loopback only, so a code never leaves this machine. */
function loopbackUri(value: string | null): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (
      ["http:", "https:"].includes(url.protocol) && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)
    );
  } catch {
    return false;
  }
}

export const pkceChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** The authorization request's parameters, checked; or the error to show (never redirected: the URI is unproven). */
function authorizationRequest(params: URLSearchParams) {
  const get = (name: string) => params.get(name);
  if (get("client_id") !== localAudience) return { error: `unknown client_id (use ${localAudience})` };
  const redirectUri = get("redirect_uri");
  if (!loopbackUri(redirectUri)) return { error: "redirect_uri must be an http(s) URL on loopback" };
  if (get("response_type") !== "code") return { error: "response_type must be code" };
  const challenge = get("code_challenge");
  if (get("code_challenge_method") !== "S256" || !challenge || !/^[\w-]{43}$/.test(challenge))
    return { error: "PKCE is required: code_challenge (S256, base64url) and code_challenge_method=S256" };
  const nonce = get("nonce") ?? undefined;
  return { clientId: localAudience, redirectUri, challenge, state: get("state") ?? undefined, nonce };
}

function signInPage(params: URLSearchParams, message?: string): IdpResponse {
  const hidden = [...params]
    .filter(([k]) => !["user", "org", "roles", "demo", "name"].includes(k))
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const demo = demoUsers
    .map((u) => {
      const value = `${u.user}|${u.org}|${u.role}`;
      return `<li><button name="demo" value="${escapeHtml(value)}">${escapeHtml(u.name)} · ${escapeHtml(u.user)} · ${escapeHtml(u.org)} · ${escapeHtml(u.role)}</button></li>`;
    })
    .join("");
  const roleBoxes = roles
    .map((r) => `<label><input type="checkbox" name="roles" value="${r}"> ${r}</label>`)
    .join(" ");
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地登录 · Local sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:sans-serif;max-width:40rem;margin:2rem auto">
<h1>本地身份认证 · Local sign-in</h1><p>嵌入式运行时的身份提供方（仅本机）。The embedded runtime's identity provider (loopback only).</p>
${message ? `<p role="alert" style="color:#b00">${escapeHtml(message)}</p>` : ""}
<form method="post" action="${localIdpPath}/authorize">${hidden}
<h2>演示用户 · Demo users</h2><ul>${demo}</ul>
<h2>其他用户 · Another user</h2>
<p><label>用户 User <input name="user" pattern="[\\w.@-]{1,64}"></label></p>
<p><label>机构 Organisation <input name="org" pattern="[\\w.-]{1,64}"></label></p>
<p><label>姓名 Name <input name="name" maxlength="64"></label></p>
<p>角色 Roles ${roleBoxes}</p>
<p><button type="submit">登录 Sign in</button></p></form></body></html>`;
  return {
    status: message ? 400 : 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    },
    body: html,
  };
}

/** The issuer's HTTP endpoints; answers undefined for a path that is not one of them. */
export function localIdp(provider: LocalIdentityProvider) {
  const codes = new Map<string, PendingCode>();

  const authorize = (request: IdpRequest): IdpResponse => {
    const params =
      request.method === "POST"
        ? new URLSearchParams(request.body.toString("utf8"))
        : request.url.searchParams;
    const checked = authorizationRequest(params);
    if ("error" in checked) return oauthError(400, "invalid_request", checked.error!);
    if (request.method === "GET") return signInPage(params);
    const [demoUser, demoOrg, demoRole] = (params.get("demo") ?? "").split("|");
    const user = demoUser || params.get("user") || "";
    const org = demoOrg || params.get("org") || "";
    const chosen = demoRole ? [demoRole] : params.getAll("roles");
    const name = demoUser
      ? demoUsers.find((u) => u.user === demoUser)?.name
      : params.get("name")?.trim().slice(0, 64) || undefined;
    if (!/^[\w.@-]{1,64}$/.test(user) || !/^[\w.-]{1,64}$/.test(org))
      return signInPage(params, "用户和机构为必填项 · User and organisation are required");
    if (chosen.length === 0 || !chosen.every(isRole))
      return signInPage(params, "请选择至少一个角色 · Choose at least one role");
    const now = Date.now();
    for (const [code, pending] of codes) if (pending.expiresAtMs <= now) codes.delete(code);
    const code = randomBytes(32).toString("base64url");
    codes.set(code, {
      user,
      org,
      roles: chosen as Role[],
      ...(name ? { name } : {}),
      clientId: checked.clientId,
      redirectUri: checked.redirectUri,
      codeChallenge: checked.challenge,
      ...(checked.nonce !== undefined ? { nonce: checked.nonce } : {}),
      expiresAtMs: now + codeLifetimeMs,
    });
    const target = new URL(checked.redirectUri);
    target.searchParams.set("code", code);
    if (checked.state !== undefined) target.searchParams.set("state", checked.state);
    target.searchParams.set("iss", localIssuer);
    return { status: 302, headers: { location: target.href, "cache-control": "no-store" } };
  };

  const token = async (request: IdpRequest): Promise<IdpResponse> => {
    const params = new URLSearchParams(request.body.toString("utf8"));
    if (params.get("grant_type") !== "authorization_code")
      return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code");
    const code = params.get("code") ?? "";
    const pending = codes.get(code);
    // One use only, whatever the outcome: a code seen by someone else is worth nothing afterwards.
    codes.delete(code);
    if (!pending || pending.expiresAtMs <= Date.now())
      return oauthError(400, "invalid_grant", "unknown, used or expired code");
    if (params.get("client_id") !== pending.clientId || params.get("redirect_uri") !== pending.redirectUri)
      return oauthError(
        400,
        "invalid_grant",
        "client_id and redirect_uri must be those of the authorization request",
      );
    const verifier = params.get("code_verifier") ?? "";
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || pkceChallenge(verifier) !== pending.codeChallenge)
      return oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
    const idToken = await provider.issue({
      user: pending.user,
      org: pending.org,
      roles: pending.roles,
      ...(pending.name !== undefined ? { name: pending.name } : {}),
      ttlSeconds: tokenLifetimeSeconds,
      ...(pending.nonce !== undefined ? { nonce: pending.nonce } : {}),
    });
    // The API takes the ID token (as with Cognito); it is also the access token here.
    return json(200, {
      token_type: "Bearer",
      id_token: idToken,
      access_token: idToken,
      expires_in: tokenLifetimeSeconds,
    });
  };

  return async (request: IdpRequest): Promise<IdpResponse | undefined> => {
    const path = request.url.pathname.slice(localIdpPath.length);
    const base = `${request.baseUrl}${localIdpPath}`;
    if (request.method === "GET" && path === "/.well-known/openid-configuration")
      return json(200, {
        issuer: localIssuer,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks.json`,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["none"],
        scopes_supported: ["openid"],
        claims_supported: [
          "sub",
          "name",
          "custom:org",
          "cognito:groups",
          "cognito:username",
          "token_use",
          "nonce",
        ],
      });
    if (request.method === "GET" && path === "/jwks.json") return json(200, { keys: [provider.publicJwk] });
    if ((request.method === "GET" || request.method === "POST") && path === "/authorize")
      return authorize(request);
    if (request.method === "POST" && path === "/token") return token(request);
    return undefined;
  };
}
