// Unit tests of the web app's sign-in helper (web/src/auth/pkce.ts): the S256 challenge (against Node's own SHA-256), the
// authorization URL, the redirect's state check and the code exchange with its nonce check, with a fake issuer.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  authorizationUrl,
  claimsOf,
  codeChallenge,
  codeFromRedirect,
  endpoints,
  exchangeCode,
  newPendingSignIn,
  randomToken,
  type SignInConfig,
} from "../../../web/src/auth/pkce.ts";

const config: SignInConfig = {
  issuer: "https://ids.taiyuan.gov.cn",
  discoveryUrl: "https://ids.taiyuan.gov.cn/.well-known/openid-configuration",
  clientId: "jiebang-workbench",
  redirectUri: "https://jiebang.example.cn/console/",
  scope: "openid",
};
const jwt = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("the web app's PKCE sign-in helper", () => {
  it("derives the S256 challenge base64url(SHA-256(verifier)), and random verifiers of 43 URL-safe characters", async () => {
    for (const verifier of ["dBjftJeZ4CVP-mJ92IjrMOtVK1qPB5mY7XG7UF4pmWc", randomToken(), randomToken(96)]) {
      expect(await codeChallenge(verifier)).toBe(createHash("sha256").update(verifier).digest("base64url"));
    }
    expect(await codeChallenge("x")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it("builds the authorization URL with the client, redirect, state, nonce and the verifier's challenge", async () => {
    const pending = newPendingSignIn();
    const url = new URL(await authorizationUrl(config, "https://ids.taiyuan.gov.cn/authorize?x=1", pending));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      x: "1",
      response_type: "code",
      client_id: "jiebang-workbench",
      redirect_uri: config.redirectUri,
      scope: "openid",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.codeVerifier),
      code_challenge_method: "S256",
    });
    expect(url.searchParams.get("code_challenge")).not.toBe(pending.codeVerifier);
  });

  it("takes the code only from a redirect with this sign-in's state, and reports the issuer's error", () => {
    const pending = newPendingSignIn();
    expect(codeFromRedirect(`${config.redirectUri}?code=c1&state=${pending.state}`, pending)).toBe("c1");
    expect(() => codeFromRedirect(`${config.redirectUri}?code=c1&state=other`, pending)).toThrow(/state/);
    expect(() => codeFromRedirect(`${config.redirectUri}?error=access_denied`, pending)).toThrow(
      /access_denied/,
    );
  });

  it("exchanges the code with its verifier, refusing an ID token with another nonce", async () => {
    const pending = newPendingSignIn();
    const sent: URLSearchParams[] = [];
    const issuer = (nonce: string) =>
      (async (_url: string | URL | Request, init?: RequestInit) => {
        sent.push(new URLSearchParams(String(init?.body)));
        return Response.json({
          id_token: jwt({ sub: "张三", nonce }),
          token_type: "Bearer",
          expires_in: 3600,
        });
      }) as typeof fetch;
    const tokens = await exchangeCode(config, "https://t/token", "c1", pending, issuer(pending.nonce));
    expect(claimsOf(tokens.idToken)).toEqual({ sub: "张三", nonce: pending.nonce });
    expect(tokens.expiresIn).toBe(3600);
    expect(Object.fromEntries(sent[0]!)).toEqual({
      grant_type: "authorization_code",
      code: "c1",
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.codeVerifier,
    });
    await expect(exchangeCode(config, "https://t/token", "c1", pending, issuer("replayed"))).rejects.toThrow(
      /nonce/,
    );
  });

  it("reads the endpoints from discovery when the settings do not give them, checking the issuer", async () => {
    const discovery = (issuer: string) =>
      (async () =>
        Response.json({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
        })) as unknown as typeof fetch;
    await expect(endpoints(config, discovery(config.issuer))).resolves.toEqual({
      authorization: `${config.issuer}/authorize`,
      token: `${config.issuer}/token`,
    });
    await expect(endpoints(config, discovery("https://evil.example"))).rejects.toThrow(/another issuer/);
  });
});
