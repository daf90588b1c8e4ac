// Unit tests of the embedded runtime's identity provider (local/auth.ts, local/idp.ts): what it issues, and what the
// platform's verification (functions/platform/identity/verifier.ts), discovering it like any issuer, refuses.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, importJWK, type JWK, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcVerifier } from "../../../functions/platform/identity/verifier.ts";
import {
  type LocalIdentityProvider,
  localAudience,
  localIdentityProvider,
  localIssuer,
  localOidcSettings,
} from "../../../local/auth.ts";
import { personNames } from "../../../local/demo/cast.ts";
import { localIdp } from "../../../local/idp.ts";

let dir: string;
let idp: LocalIdentityProvider;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jiebang-auth-"));
  idp = await localIdentityProvider(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const now = Math.floor(Date.now() / 1000);
const base = "http://127.0.0.1:9";

/** The platform's verification of the local issuer, its discovery and JWKS answered by local/idp.ts in memory. */
function verifierOf(provider: LocalIdentityProvider) {
  const endpoints = localIdp(provider);
  return oidcVerifier(localOidcSettings(base), {
    fetch: (async (input: string | URL | Request) => {
      const answer = await endpoints({
        method: "GET",
        url: new URL(String(input)),
        body: Buffer.alloc(0),
        baseUrl: base,
      });
      return new Response(answer?.body ?? "", {
        status: answer?.status ?? 404,
        headers: answer?.headers ?? {},
      });
    }) as typeof fetch,
  });
}
const verify = (token: string, provider: LocalIdentityProvider = idp) => verifierOf(provider).verify(token);

describe("local identity provider", () => {
  it("issues tokens with Cognito's claims and verifies them", async () => {
    const token = await idp.issue({ user: "f1", org: "finance-bureau", roles: ["finance"] });
    expect(await verify(token)).toMatchObject({
      userId: "local-f1",
      organisationId: "finance-bureau",
      roles: ["finance"],
    });
    const [, payload] = token.split(".");
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({
      sub: "local-f1",
      "custom:org": "finance-bureau",
      "cognito:groups": ["finance"],
      token_use: "id",
      iss: localIssuer,
      aud: localAudience,
    });
  });

  it("puts the person's name in OIDC's standard `name` claim: the one asked for, else the demo cast's, else none", async () => {
    const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(
      claims(await idp.issue({ user: "f1", org: "o", roles: ["finance"], name: "周晓梅" })),
    ).toMatchObject({
      name: "周晓梅",
    });
    expect(claims(await idp.issue({ user: "stb-zhao", org: "taiyuan-stb", roles: ["bureau"] })).name).toBe(
      personNames["stb-zhao"],
    );
    expect(claims(await idp.issue({ user: "f1", org: "o", roles: ["finance"] }))).not.toHaveProperty("name");
  });

  it("keeps its key across restarts (same data directory)", async () => {
    const token = await idp.issue({ user: "a", org: "o", roles: ["admin"] });
    const again = await localIdentityProvider(dir);
    await expect(verify(token, again)).resolves.toMatchObject({ userId: "local-a" });
  });

  it("refuses expired, forged, wrong-audience, wrong-issuer and unsigned tokens", async () => {
    const expired = await idp.issue({
      user: "x",
      org: "o",
      roles: ["bureau"],
      nowSeconds: now - 7200,
      ttlSeconds: 3600,
    });
    await expect(verify(expired)).rejects.toThrow(/exp/);

    const { privateKey } = await generateKeyPair("RS256");
    const claims = { "custom:org": "o", "cognito:groups": ["admin"], token_use: "id" };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("local-x")
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    await expect(verify(forged)).rejects.toThrow(/signature/);

    const other = await localIdentityProvider(mkdtempSync(join(tmpdir(), "jiebang-auth-other-")));
    await expect(verify(await other.issue({ user: "x", org: "o", roles: ["admin"] }))).rejects.toThrow();

    const unsigned = new UnsecuredJWT(claims)
      .setSubject("local-x")
      .setIssuer(localIssuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime("1h")
      .encode();
    await expect(verify(unsigned)).rejects.toThrow();

    // The right key but another audience (a token for another app client) is refused too.
    await expect(verify(await signWithLocalKey({ ...claims, aud: "another-client" }))).rejects.toThrow(/aud/);
  });

  it("refuses an access token, or one whose groups are not roles", async () => {
    await expect(
      verify(await signWithLocalKey({ "custom:org": "o", "cognito:groups": ["admin"], token_use: "access" })),
    ).rejects.toThrow(/token_use/);
    await expect(
      verify(await signWithLocalKey({ "custom:org": "o", "cognito:groups": ["root"], token_use: "id" })),
    ).rejects.toThrow(/roles/);
    await expect(idp.issue({ user: "x", org: "o", roles: [] })).rejects.toThrow(/role/);
  });

  it("refuses a token issued in the future (beyond a few minutes of clock skew), as Cognito never issues one", async () => {
    const claims = { "custom:org": "o", "cognito:groups": ["admin"], token_use: "id" };
    const year = 365 * 86_400;
    for (const ahead of [year, 3600, 10 * 60]) {
      const token = await signWithLocalKey(claims, { iat: now + ahead, exp: now + ahead + 3600 });
      await expect(verify(token), `${ahead} s ahead`).rejects.toThrow(/iat|future/);
    }
    // A minute ahead is ordinary clock skew.
    const skewed = await signWithLocalKey(claims, { iat: now + 60, exp: now + 3600 });
    await expect(verify(skewed)).resolves.toMatchObject({ organisationId: "o" });
    const issuedAhead = await idp.issue({ user: "x", org: "o", roles: ["admin"], nowSeconds: now + year });
    await expect(verify(issuedAhead)).rejects.toThrow(/iat|future/);
  });

  it("refuses a custom:org that is not a non-empty string (null, an array, an object, a number)", async () => {
    for (const org of [null, ["a", "b"], { a: 1 }, 42, true, ""]) {
      const token = await signWithLocalKey({
        "custom:org": org,
        "cognito:groups": ["admin"],
        token_use: "id",
      });
      await expect(verify(token), JSON.stringify(org)).rejects.toThrow(/custom:org/);
    }
  });
});

/** Signs arbitrary claims with the provider's own private key (read from its data directory). */
async function signWithLocalKey(
  claims: Record<string, unknown>,
  times: { iat?: number; exp?: number } = {},
): Promise<string> {
  const stored = JSON.parse(readFileSync(join(dir, "auth", "signing-key.json"), "utf8")) as {
    kid: string;
    privateJwk: JWK;
  };
  const key = await importJWK(stored.privateJwk, "RS256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: stored.kid })
    .setSubject("local-x")
    .setIssuer(localIssuer)
    .setAudience((claims["aud"] as string | undefined) ?? localAudience)
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp ?? "1h")
    .sign(key);
}
