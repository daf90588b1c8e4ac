// End-to-end: the embedded runtime configured with another OpenID Connect issuer (as a city's 统一身份认证 platform,
// or JIEBANG_OIDC), not its own — the gateway discovers it over HTTP, verifies its tokens against its JWKS, maps
// its claim names and role values to the platform's, and refuses the runtime's own tokens; /console/config.json
// then names that issuer for the web app's sign-in.

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOidcSettings } from "../../functions/platform/identity/settings.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";

// The city's issuer: its identifier is an https URL (compared, never fetched); discovery is on loopback.
const issuer = "https://ids.city.example.cn/oauth2";
const audience = "city-workbench";
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let issuerServer: Server;
let discoveryBase: string;
let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  keys = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "city-key-1", alg: "RS256", use: "sig" };
  issuerServer = createServer((request, response) => {
    const json = (body: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/.well-known/openid-configuration")
      return json({
        issuer,
        jwks_uri: `${discoveryBase}/jwks.json`,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    if (request.url === "/jwks.json") return json({ keys: [jwk] });
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
  discoveryBase = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-identity-external-"));
  runtime = await startRuntime({
    dataDir,
    oidc: parseOidcSettings({
      issuer,
      audience,
      discoveryUrl: `${discoveryBase}/.well-known/openid-configuration`,
      claims: { user: "uid", organisation: "orgCode", roles: "groups" },
      roleMapping: { kjj: ["bureau"], qy: ["enterprise"] },
    }),
  });
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => issuerServer?.close(resolve));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const cityToken = (claims: Record<string, unknown>, kid = "city-key-1") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(keys.privateKey);

const get = (path: string, token?: string) =>
  fetch(`${runtime.info.apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("the runtime with a city's OpenID Connect issuer", () => {
  it("takes the issuer's tokens with its claim names and role values mapped to the platform's", async () => {
    const bureau = await cityToken({
      uid: "zhang.wei",
      orgCode: "taiyuan-stb",
      groups: ["kjj", "other-app"],
    });
    const demands = await get("/v1/demands", bureau);
    expect(demands.status).toBe(200);
    const tasks = await get("/v1/me/tasks", bureau);
    expect(tasks.status).toBe(200);
    // The enterprise value maps to enterprise: a bureau-only read is refused by role, not by the token.
    const enterprise = await cityToken({ uid: "li.na", orgCode: "tisco", groups: ["qy"] });
    const refused = await get("/v1/credit-records", enterprise);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe("FORBIDDEN_ROLE");
  });

  it("refuses the runtime's own tokens, a token with no mapped role, another audience and an unknown key", async () => {
    const own = await runtime.identity.issue({ user: "b1", org: "taiyuan-stb", roles: ["bureau"] });
    expect((await get("/v1/demands", own)).status).toBe(401);
    const unmapped = await cityToken({ uid: "x", orgCode: "o", groups: ["nobody"] });
    expect((await get("/v1/demands", unmapped)).status).toBe(401);
    const otherAudience = await new SignJWT({ uid: "x", orgCode: "o", groups: ["kjj"] })
      .setProtectedHeader({ alg: "RS256", kid: "city-key-1" })
      .setIssuer(issuer)
      .setAudience("another-app")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(keys.privateKey);
    expect((await get("/v1/demands", otherAudience)).status).toBe(401);
    expect(
      (await get("/v1/demands", await cityToken({ uid: "x", orgCode: "o", groups: ["kjj"] }, "k2"))).status,
    ).toBe(401);
    expect((await get("/v1/demands")).status).toBe(401);
  });

  it("names that issuer to the web app: discovery at its address, no local endpoints", async () => {
    const config = (await (await get("/console/config.json")).json()) as Record<string, unknown>;
    expect(config["issuer"]).toBe(issuer);
    expect(config["clientId"]).toBe(audience);
    expect(config["discoveryUrl"]).toBe(`${discoveryBase}/.well-known/openid-configuration`);
    expect(config).not.toHaveProperty("localTokenEndpoint");
    expect(config).not.toHaveProperty("authorizationEndpoint");
  });
});
