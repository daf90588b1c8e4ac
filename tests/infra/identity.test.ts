// Infra test: identity as configuration (infra/config.ts `jiebang:identity`) — the default Cognito user pool and
// authorizer, or with "oidc" no user pool and the OpenID Connect Lambda authorizer on every signed-in route.
import { beforeAll, describe, expect, it } from "vitest";
import { identityAuthorizerFunction, routes } from "../../functions/catalog.ts";
import { oidcSettingsEnvVar } from "../../functions/platform/identity/settings.ts";
import { type Synthesized, synthesize } from "./support.ts";

const oidc = {
  issuer: "https://ids.taiyuan.gov.cn/oauth2",
  audience: "jiebang-workbench",
  claims: { user: "uid", organisation: "orgCode", roles: "groups" },
  roleMapping: { kjj: ["bureau"], qy: ["enterprise"] },
  authorizationEndpoint: "https://ids.taiyuan.gov.cn/oauth2/authorize",
};

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

// Two synths (about a minute each on a busy machine): in the hooks, whose time limit is longer.
let withOidc: Synthesized;
let withCognito: Synthesized;
beforeAll(() => {
  withOidc = synthesize({ "jiebang:identity": "oidc", "jiebang:oidc": oidc });
});
beforeAll(() => {
  withCognito = synthesize();
});

describe("identity: cognito (default) or any OpenID Connect issuer", () => {
  it("oidc: no user pool, a TOKEN authorizer (cached 300 s on the Authorization header) on every signed-in route", () => {
    const s = withOidc;
    s.stateful.resourceCountIs("AWS::Cognito::UserPool", 0);
    s.stateless.resourceCountIs("AWS::Cognito::UserPoolDomain", 0);
    s.api.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
    s.api.hasResourceProperties("AWS::ApiGateway::Authorizer", {
      Type: "TOKEN",
      IdentitySource: "method.request.header.Authorization",
      AuthorizerResultTtlInSeconds: 300,
    });
    const fn = s.built.stateless.functions.get(identityAuthorizerFunction);
    expect(fn).toBeDefined();
    const resources = s.stateless.toJSON()["Resources"] as Resources;
    const fnProps = Object.values(resources).find(
      (r) =>
        r.Type === "AWS::Lambda::Function" &&
        JSON.stringify(r.Properties["Environment"] ?? {}).includes(oidcSettingsEnvVar),
    )!.Properties;
    const env = (fnProps["Environment"] as { Variables: Record<string, string> }).Variables;
    expect(JSON.parse(env[oidcSettingsEnvVar]!)).toMatchObject({
      issuer: oidc.issuer,
      audience: [oidc.audience],
      discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
      claims: oidc.claims,
      roleMapping: { kjj: ["bureau"], qy: ["enterprise"] },
      algorithms: ["RS256", "ES256"],
    });
    const apiResources = s.api.toJSON()["Resources"] as Resources;
    const methods = Object.values(apiResources).filter((r) => r.Type === "AWS::ApiGateway::Method");
    const signedIn = routes.filter((r) => "roles" in r.auth).length;
    expect(methods.filter((m) => m.Properties["AuthorizationType"] === "CUSTOM")).toHaveLength(signedIn);
    expect(methods.filter((m) => m.Properties["AuthorizationType"] === "COGNITO_USER_POOLS")).toHaveLength(0);
  });

  it("cognito (default): the user pool authorizer, its results cached 300 s, and no Lambda authorizer", () => {
    const s = withCognito;
    s.api.hasResourceProperties("AWS::ApiGateway::Authorizer", {
      Type: "COGNITO_USER_POOLS",
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(s.built.stateless.functions.get(identityAuthorizerFunction)).toBeUndefined();
  });

  it("refuses an unknown mode, oidc without settings, and settings the verifier would not accept", () => {
    expect(() => synthesize({ "jiebang:identity": "ldap" })).toThrow(/must be cognito or oidc/);
    expect(() => synthesize({ "jiebang:identity": "oidc" })).toThrow(/jiebang:oidc/);
    expect(() =>
      synthesize({
        "jiebang:identity": "oidc",
        "jiebang:oidc": { ...oidc, issuer: "http://ids.example.cn" },
      }),
    ).toThrow(/https/);
    expect(() =>
      synthesize({
        "jiebang:identity": "oidc",
        "jiebang:oidc": { ...oidc, roleMapping: { kjj: ["mayor"] } },
      }),
    ).toThrow(/roleMapping/);
  });
});
