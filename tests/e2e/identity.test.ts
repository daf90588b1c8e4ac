// End-to-end: the embedded runtime's identity provider as an OpenID Connect issuer (local/idp.ts) — the web app's
// sign-in (authorization code + PKCE with web/src/auth/pkce.ts) from /console/config.json, and the Lambda authorizer
// (functions/platform/identity/authorizer.ts) verifying its tokens through discovery and the JWKS over loopback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayTokenAuthorizerEvent } from "aws-lambda";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { principalFrom } from "../../functions/platform/http/authorization.ts";
import { handler, useSettings } from "../../functions/platform/identity/authorizer.ts";
import { localAudience, localIssuer } from "../../local/auth.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import {
  authorizationUrl,
  codeFromRedirect,
  endpoints,
  exchangeCode,
  newPendingSignIn,
  type SignInConfig,
} from "../../web/src/auth/pkce.ts";

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-identity-"));
  runtime = await startRuntime({ dataDir });
});
afterAll(async () => {
  useSettings(undefined);
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = () => runtime.info.apiUrl;
const form = (params: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(params).toString(),
  redirect: "manual" as const,
});

/** The sign-in page's form: its hidden fields plus the chosen demo user. */
async function signIn(config: SignInConfig, demo: string) {
  const pending = newPendingSignIn();
  const { authorization, token } = await endpoints(config);
  const page = await fetch(await authorizationUrl(config, authorization, pending));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(demo);
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, "&"),
    ]),
  );
  const redirected = await fetch(`${api()}/local/idp/authorize`, form({ ...hidden, demo }));
  expect(redirected.status).toBe(302);
  const location = redirected.headers.get("location")!;
  return { pending, token, location, code: codeFromRedirect(location, pending) };
}

describe("the local identity provider as an OpenID Connect issuer", () => {
  it("publishes the sign-in settings and a discovery document naming its stable issuer and loopback endpoints", async () => {
    const config = (await (await fetch(`${api()}/console/config.json`)).json()) as SignInConfig;
    expect(config).toMatchObject({
      issuer: localIssuer,
      clientId: localAudience,
      redirectUri: `${api()}/console/`,
      discoveryUrl: `${api()}/local/idp/.well-known/openid-configuration`,
    });
    const discovery = (await (await fetch(config.discoveryUrl)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: localIssuer,
      jwks_uri: `${api()}/local/idp/jwks.json`,
      authorization_endpoint: `${api()}/local/idp/authorize`,
      code_challenge_methods_supported: ["S256"],
    });
    const jwks = (await (await fetch(String(discovery["jwks_uri"]))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys).toEqual([runtime.identity.publicJwk]);
  });

  it("signs a user in with authorization code + PKCE; the ID token opens the API; a code works once", async () => {
    const config = (await (await fetch(`${api()}/console/config.json`)).json()) as SignInConfig;
    const { pending, token, location, code } = await signIn(config, "stb-zhao|taiyuan-stb|bureau");
    expect(location.startsWith(config.redirectUri)).toBe(true);
    const tokens = await exchangeCode(config, token, code, pending);
    const read = await fetch(`${api()}/v1/programmes`, {
      headers: { authorization: `Bearer ${tokens.idToken}` },
    });
    expect(read.status).toBe(200);
    // The code is spent: a second exchange (someone who saw it) is refused.
    await expect(exchangeCode(config, token, code, pending)).rejects.toThrow(/invalid_grant/);
  });

  it("refuses a code exchanged without the right verifier, and requests without PKCE or off loopback", async () => {
    const config = (await (await fetch(`${api()}/console/config.json`)).json()) as SignInConfig;
    const { token, code } = await signIn(config, "czj-zhou|taiyuan-czj|finance");
    const stolen = { ...newPendingSignIn(), state: "x" };
    await expect(exchangeCode(config, token, code, stolen)).rejects.toThrow(/invalid_grant/);
    const base = `${api()}/local/idp/authorize?response_type=code&client_id=${localAudience}`;
    const noPkce = await fetch(`${base}&redirect_uri=${encodeURIComponent(config.redirectUri)}`);
    expect(noPkce.status).toBe(400);
    expect(await noPkce.json()).toMatchObject({ error: "invalid_request" });
    const challenge = "E9Melhoa2OwvFrEMTJguCHdoV9CvjdP4c9YUZXnVDs0";
    const away = await fetch(
      `${base}&redirect_uri=${encodeURIComponent("https://evil.example/cb")}&code_challenge=${challenge}&code_challenge_method=S256`,
    );
    expect(away.status).toBe(400);
  });
});

describe("the Lambda authorizer against the local issuer (discovery and JWKS over loopback)", () => {
  const methodArn = "arn:aws:execute-api:cn-north-1:123456789012:abcdef1234/prod/GET/v1/programmes";
  const event = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({
    type: "TOKEN",
    authorizationToken,
    methodArn,
  });

  it("allows the stage with the caller in context, which the handlers read as they read Cognito's claims", async () => {
    useSettings(runtime.oidc);
    const token = await runtime.identity.issue({ user: "e1", org: "tyhi", roles: ["enterprise", "solver"] });
    const result = await handler(event(`Bearer ${token}`));
    expect(result).toEqual({
      principalId: "local-e1",
      policyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Action: "execute-api:Invoke",
            Effect: "Allow",
            Resource: "arn:aws:execute-api:cn-north-1:123456789012:abcdef1234/prod/*/*",
          },
        ],
      },
      context: { userId: "local-e1", organisationId: "tyhi", roles: "enterprise,solver" },
    });
    const asApiGatewayPassesIt = {
      requestContext: {
        authorizer: { principalId: result.principalId, integrationLatency: 3, ...result.context },
      },
    } as unknown as APIGatewayProxyEvent;
    const asCognitoPassesIt = {
      requestContext: {
        authorizer: {
          claims: { sub: "local-e1", "custom:org": "tyhi", "cognito:groups": "[enterprise solver]" },
        },
      },
    } as unknown as APIGatewayProxyEvent;
    expect(principalFrom(asApiGatewayPassesIt)).toEqual(principalFrom(asCognitoPassesIt));
  });

  it("answers Unauthorized (API Gateway's 401) for a forged, malformed or missing token", async () => {
    useSettings(runtime.oidc);
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ "custom:org": "o", "cognito:groups": ["admin"], token_use: "id" })
      .setProtectedHeader({ alg: "RS256", kid: String(runtime.identity.publicJwk.kid) })
      .setSubject("local-x")
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    for (const header of [`Bearer ${forged}`, "Bearer not-a-jwt", "", "Basic abc"]) {
      await expect(handler(event(header)), header.slice(0, 12)).rejects.toThrow(/^Unauthorized$/);
    }
    const gateway = await fetch(`${api()}/v1/programmes`, { headers: { authorization: `Bearer ${forged}` } });
    expect(gateway.status).toBe(401);
  });
});
