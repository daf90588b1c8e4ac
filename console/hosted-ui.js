// Operators' console: sign-in through Cognito's Hosted UI when deployed to AWS (config.signIn === "cognito", written by
// infra/constructs/console-site.ts) — authorization code with PKCE; the ID token it yields (cognito:groups, custom:org)
// is stored where the local sign-in stores its token, so the rest of the console is the same in both places.
import { h, show, TOKEN } from "./dom.js";
import { t } from "./i18n.js";

const VERIFIER = "jiebang.pkce-verifier";
const STATE = "jiebang.oauth-state";

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Sends the browser to the Hosted UI (with MFA as the user pool requires); it comes back to the console with ?code=. */
export async function startHostedSignIn(cognito) {
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
export async function completeHostedSignIn(cognito) {
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
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || typeof tokens.id_token !== "string") return false;
  sessionStorage.setItem(TOKEN, tokens.id_token);
  return true;
}

/** The Hosted UI's sign-out, which ends its session too and returns to the console. */
export function hostedSignOutUrl(cognito) {
  const url = new URL("/logout", cognito.domain);
  url.search = new URLSearchParams({
    client_id: cognito.clientId,
    logout_uri: cognito.redirectUri,
  }).toString();
  return url.toString();
}

/** The sign-in page in AWS: one button to the Hosted UI. */
export function hostedSignInPage(cognito) {
  const button = h("button", { type: "button", "data-testid": "hosted-signin" }, t("signIn"));
  button.addEventListener("click", () => startHostedSignIn(cognito));
  show(h("div", { class: "signin card", "data-testid": "signin-form" }, h("h1", {}, t("signIn")), button));
}
