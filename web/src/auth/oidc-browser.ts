// Workbench: sign-in at an OpenID Connect issuer in the browser (config.signIn === "oidc" in AWS with a city's
// issuer; locally the embedded runtime's issuer from /console/config.json) — authorization code + PKCE with
// src/auth/pkce.ts; what the sign-in keeps while away (state, nonce, verifier, the page to return to) is in
// sessionStorage, and the ID token is stored where every other sign-in stores it.
import { setToken } from "../auth.ts";
import {
  authorizationUrl,
  codeFromRedirect,
  endpoints,
  exchangeCode,
  newPendingSignIn,
  type PendingSignIn,
  type SignInConfig,
} from "./pkce.ts";

const PENDING = "jiebang.oidc-pending";

/** The sign-in settings the deployment publishes beside the app (/console/config.json), if it does. */
export async function publishedSignIn(base = "/console/config.json"): Promise<SignInConfig | undefined> {
  try {
    const response = await fetch(base, { cache: "no-store" });
    if (!response.ok) return undefined;
    const settings = (await response.json()) as Partial<SignInConfig>;
    return typeof settings.issuer === "string" &&
      typeof settings.clientId === "string" &&
      typeof settings.redirectUri === "string" &&
      typeof settings.discoveryUrl === "string"
      ? (settings as SignInConfig)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Leaves for the issuer's sign-in page; it comes back to the app's redirect URI with ?code=&state=. */
export async function startOidcSignIn(settings: SignInConfig, next: string): Promise<void> {
  const pending = newPendingSignIn();
  const { authorization } = await endpoints(settings);
  sessionStorage.setItem(PENDING, JSON.stringify({ ...pending, next }));
  location.assign(await authorizationUrl(settings, authorization, pending));
}

/**
 * Back from the issuer (?code= or ?error=): checks the state, exchanges the code with the verifier, checks the
 * nonce and stores the ID token. Resolves the page to go to once signed in, or undefined when this page load is not a
 * return from the issuer; throws with the reason when the sign-in failed.
 */
export async function completeOidcSignIn(settings: SignInConfig): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return undefined;
  const here = location.href;
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  // The code is single-use: take it out of the address bar (and history) whatever happens next.
  history.replaceState(null, "", `${location.pathname}${location.hash}`);
  if (!saved) throw new Error("no sign-in was started in this tab: start again");
  const pending = JSON.parse(saved) as PendingSignIn & { next?: string };
  const code = codeFromRedirect(here, pending);
  const { token } = await endpoints(settings);
  const tokens = await exchangeCode(settings, token, code, pending);
  setToken(tokens.idToken);
  return pending.next?.startsWith("/") ? pending.next : "/tasks";
}
