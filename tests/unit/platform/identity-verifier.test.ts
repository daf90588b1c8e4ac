// Unit tests of the OpenID Connect verification (functions/platform/identity/verifier.ts, settings.ts) against an
// issuer served from memory (discovery and JWKS through an injected fetch): what it accepts, refuses and maps.
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { parseOidcSettings } from "../../../functions/platform/identity/settings.ts";
import { mapRoles, oidcVerifier } from "../../../functions/platform/identity/verifier.ts";

const issuer = "https://idp.city.example.cn/realms/tongyi";
const audience = "jiebang-web";
type Key = {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  publicJwk: JWK;
};
let rsa: Key;
let ec: Key;
let published: JWK[];
let fetches: string[];

async function keyPair(alg: "RS256" | "ES256", kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** The issuer's discovery document and JWKS, counting each fetch. */
const issuerFetch = (async (input: string | URL | Request) => {
  const url = String(input instanceof Request ? input.url : input);
  fetches.push(url);
  if (url === `${issuer}/.well-known/openid-configuration`)
    return Response.json({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` });
  if (url === `${issuer}/protocol/openid-connect/certs`) return Response.json({ keys: published });
  return new Response("not found", { status: 404 });
}) as typeof fetch;

const settings = parseOidcSettings({
  issuer,
  audience,
  claims: { user: "preferred_username", organisation: "org_code", roles: "realm_access.roles" },
  roleMapping: { "keji-ju": ["bureau"], qiye: ["enterprise"], caizheng: ["finance", "auditor"] },
});
const now = Math.floor(Date.now() / 1000);
const good = {
  preferred_username: "zhang.san",
  org_code: "91140100MA0K",
  realm_access: { roles: ["keji-ju"] },
};

function sign(key: Key, claims: Record<string, unknown> = good, alg: "RS256" | "ES256" = "RS256") {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject("u-1")
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(key.privateKey);
}

const verifier = () => oidcVerifier(settings, { fetch: issuerFetch, jwksCooldownMs: 0 });

beforeAll(async () => {
  rsa = await keyPair("RS256", "rsa-1");
  ec = await keyPair("ES256", "ec-1");
});

describe("the OpenID Connect verifier", () => {
  it("accepts a good RS256 or ES256 token and maps its claims (names, dotted path, role mapping)", async () => {
    published = [rsa.publicJwk, ec.publicJwk];
    fetches = [];
    const v = verifier();
    await expect(v.verify(await sign(rsa))).resolves.toEqual({
      userId: "zhang.san",
      organisationId: "91140100MA0K",
      roles: ["bureau"],
      expiresAt: now + 3600,
    });
    const finance = await sign(
      ec,
      { ...good, realm_access: { roles: ["caizheng", "offline_access"] } },
      "ES256",
    );
    await expect(v.verify(finance)).resolves.toMatchObject({ roles: ["finance", "auditor"] });
    // Discovery once, the JWKS once: both kept for the verifier's life (a Lambda environment's invocations).
    expect(fetches).toEqual([
      `${issuer}/.well-known/openid-configuration`,
      `${issuer}/protocol/openid-connect/certs`,
    ]);
  });

  it("refuses a wrong issuer, a wrong audience and an expired token (beyond the clock tolerance)", async () => {
    published = [rsa.publicJwk];
    const v = verifier();
    const other = (claims: Record<string, unknown>, edit: (j: SignJWT) => SignJWT) =>
      edit(new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: rsa.kid }).setSubject("u-1")).sign(
        rsa.privateKey,
      );
    const base = (j: SignJWT) => j.setIssuedAt(now).setExpirationTime(now + 3600);
    await expect(
      v.verify(await other(good, (j) => base(j).setIssuer("https://evil.example").setAudience(audience))),
    ).rejects.toThrow(/iss/);
    await expect(
      v.verify(await other(good, (j) => base(j).setIssuer(issuer).setAudience("another-client"))),
    ).rejects.toThrow(/aud/);
    const expired = (seconds: number) =>
      other(good, (j) =>
        j
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt(now - 7200)
          .setExpirationTime(now - seconds),
      );
    await expect(v.verify(await expired(120))).rejects.toThrow(/exp/);
    // Ten seconds past expiry is within the 30 s tolerance for clocks that differ a little.
    await expect(v.verify(await expired(10))).resolves.toMatchObject({ userId: "zhang.san" });
  });

  it("refuses alg none, and HS256 signed with the issuer's public key as the secret", async () => {
    published = [rsa.publicJwk];
    const v = verifier();
    const unsigned = new UnsecuredJWT(good)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .encode();
    await expect(v.verify(unsigned)).rejects.toThrow();
    // The classic confusion: the public key (as published) used as an HMAC secret.
    const secret = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
    const confused = await new SignJWT(good)
      .setProtectedHeader({ alg: "HS256", kid: rsa.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(secret);
    await expect(v.verify(confused)).rejects.toThrow(/alg/);
    // A token whose header claims RS256 but carries an HMAC of the same input is a bad signature.
    const [header, payload] = (await sign(rsa)).split(".");
    const forged = `${header}.${payload}.${base64url.encode(new Uint8Array(256))}`;
    await expect(v.verify(forged)).rejects.toThrow(/signature/);
  });

  it("an unknown key id fetches the JWKS again: a rotated key is then accepted, a foreign one refused", async () => {
    published = [rsa.publicJwk];
    fetches = [];
    const v = verifier();
    await v.verify(await sign(rsa));
    const rotated = await keyPair("RS256", "rsa-2");
    published = [rsa.publicJwk, rotated.publicJwk];
    await expect(v.verify(await sign(rotated))).resolves.toMatchObject({ userId: "zhang.san" });
    const foreign = await keyPair("RS256", "rsa-x");
    const before = fetches.length;
    await expect(v.verify(await sign(foreign))).rejects.toThrow(/no applicable key/);
    expect(fetches.length).toBe(before + 1);
    expect(fetches.filter((f) => f.endsWith("/certs"))).toHaveLength(3);
  });

  it("refuses a token with no platform role, or whose user or organisation is not a non-empty string", async () => {
    published = [rsa.publicJwk];
    const v = verifier();
    await expect(
      v.verify(await sign(rsa, { ...good, realm_access: { roles: ["offline_access"] } })),
    ).rejects.toThrow(/no platform roles/);
    for (const org of [null, ["a"], { a: 1 }, 42, ""]) {
      await expect(
        v.verify(await sign(rsa, { ...good, org_code: org })),
        JSON.stringify(org),
      ).rejects.toThrow(/org_code/);
    }
    await expect(v.verify(await sign(rsa, { ...good, preferred_username: 7 }))).rejects.toThrow(
      /preferred_username/,
    );
  });

  it("maps roles from an array or a separated string; without a mapping, platform role names only", () => {
    expect(mapRoles("bureau approver,root", undefined)).toEqual(["bureau", "approver"]);
    expect(mapRoles(["qiye", "bureau"], { qiye: ["enterprise"] })).toEqual(["enterprise"]);
    expect(mapRoles(["constructor", "__proto__"], { qiye: ["enterprise"] })).toEqual([]);
    expect(mapRoles({ bureau: true }, undefined)).toEqual([]);
  });

  it("settings: issuer and audience required, https only (http on loopback), no none or HS* algorithms", () => {
    expect(() => parseOidcSettings({ audience })).toThrow(/issuer/);
    expect(() => parseOidcSettings({ issuer })).toThrow(/audience/);
    expect(() => parseOidcSettings({ issuer: "http://idp.example.cn", audience })).toThrow(/https/);
    expect(parseOidcSettings({ issuer: "http://127.0.0.1:8080/idp", audience }).discoveryUrl).toBe(
      "http://127.0.0.1:8080/idp/.well-known/openid-configuration",
    );
    expect(() => parseOidcSettings({ issuer, audience, algorithms: ["HS256"] })).toThrow(/algorithms/);
    expect(() => parseOidcSettings({ issuer, audience, algorithms: ["none"] })).toThrow(/algorithms/);
    expect(() => parseOidcSettings({ issuer, audience, roleMapping: { x: ["root"] } })).toThrow(
      /roleMapping/,
    );
    expect(parseOidcSettings(JSON.stringify({ issuer, audience })).claims).toEqual({
      user: "sub",
      organisation: "custom:org",
      roles: "cognito:groups",
    });
  });

  it("refuses an issuer whose discovery document names another issuer, and tries discovery again later", async () => {
    let answer = { issuer: "https://elsewhere.example", jwks_uri: `${issuer}/protocol/openid-connect/certs` };
    published = [rsa.publicJwk];
    const v = oidcVerifier(settings, {
      fetch: (async (input: string | URL | Request) =>
        String(input).endsWith("openid-configuration")
          ? Response.json(answer)
          : issuerFetch(input)) as typeof fetch,
    });
    await expect(v.verify(await sign(rsa))).rejects.toThrow(/discovery names issuer/);
    answer = { ...answer, issuer };
    await expect(v.verify(await sign(rsa))).resolves.toMatchObject({ userId: "zhang.san" });
  });
});
