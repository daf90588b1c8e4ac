// Workbench: sign-in through Cognito's Hosted UI in AWS (config.signIn === "cognito", written by
// infra/constructs/console-site.ts) — authorization code with PKCE; the ID token it yields (cognito:groups,
// custom:org) is stored where the local sign-in stores its token, so the rest of the app is the same in both places.
import { setToken } from "./auth.ts";
import type { CognitoSettings } from "./config.ts";

const VERIFIER = "jiebang.pkce-verifier";
const STATE = "jiebang.oauth-state";

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Sends the browser to the Hosted UI (with MFA as the user pool requires); it comes back to the app with ?code=. */
export async function startHostedSignIn(cognito: CognitoSettings): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  const url = new URL("/oauth2/authorize", cognito.domain);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: cognito.clientId,
    redirect_uri: cognito.redirectUri,
    scope: "openid email profile",
    state,
    code_challenge_method: "S256",
    code_challenge: base64url(new Uint8Array(digest)),
  }).toString();
  location.assign(url.toString());
}

/**
 * Back from the Hosted UI (?code=&state=): checks the state, exchanges the code for tokens and stores the ID token.
 * Does nothing on any other page load. Resolves true when it signed the user in.
 */
export async function completeHostedSignIn(cognito: CognitoSettings): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  if (!code) return false;
  const expected = sessionStorage.getItem(STATE);
  const verifier = sessionStorage.getItem(VERIFIER);
  sessionStorage.removeItem(STATE);
  sessionStorage.removeItem(VERIFIER);
  // The code is single-use: take it out of the address bar (and history) whatever happens next.
  history.replaceState(null, "", `${location.pathname}${location.hash}`);
  if (!expected || params.get("state") !== expected || !verifier) return false;
  const response = await fetch(new URL("/oauth2/token", cognito.domain), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: cognito.clientId,
      code,
      redirect_uri: cognito.redirectUri,
      code_verifier: verifier,
    }),
  });
  const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown };
  if (!response.ok || typeof tokens.id_token !== "string") return false;
  setToken(tokens.id_token);
  return true;
}

/** The Hosted UI's sign-out, which ends its session too and returns to the app. */
export function hostedSignOutUrl(cognito: CognitoSettings): string {
  const url = new URL("/logout", cognito.domain);
  url.search = new URLSearchParams({
    client_id: cognito.clientId,
    logout_uri: cognito.redirectUri,
  }).toString();
  return url.toString();
}
