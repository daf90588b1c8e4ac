// CDK profiles (infra/bin): `npm run synth:profiles` synthesizes every deployment profile — aws us-east-1, aws-cn
// cn-north-1 and cn-northwest-1 — each into its own directory, cdk.out/profiles/<partition>-<region> (or under argv[2]).
import path from "node:path";
import { buildApp } from "../app.ts";
import { contextKeys, profiles } from "../config.ts";

/**
 * The issuer the aws-cn profiles are synthesized with when `jiebang:oidc` is not given (identity there is always oidc,
 * which needs the issuer's settings): an example to check the templates with, not one to deploy (docs/identity.md).
 */
export const exampleOidcSettings = {
  issuer: "https://ids.example.cn/oauth2",
  audience: "jiebang-workbench",
  claims: { user: "uid", organisation: "orgCode", roles: "groups" },
  roleMapping: { kjj: ["bureau"], qy: ["enterprise"] },
  authorizationEndpoint: "https://ids.example.cn/oauth2/authorize",
  tokenEndpoint: "https://ids.example.cn/oauth2/token",
} as const;

export function synthesizeProfiles(
  root: string,
  options: { bundle?: boolean; nag?: boolean; context?: Record<string, unknown> } = {},
): { partition: string; region: string; outdir: string }[] {
  return profiles.map((profile) => {
    const outdir = path.join(root, `${profile.partition}-${profile.region}`);
    const { app } = buildApp({
      outdir,
      bundle: options.bundle ?? true,
      nag: options.nag ?? true,
      processEnv: {},
      context: {
        ...(profile.partition === "aws-cn" ? { [contextKeys.oidc]: exampleOidcSettings } : {}),
        ...options.context,
        [contextKeys.partition]: profile.partition,
        [contextKeys.region]: profile.region,
      },
    });
    app.synth();
    return { ...profile, outdir };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(process.argv[2] ?? "cdk.out/profiles");
  for (const p of synthesizeProfiles(root)) console.log(`${p.partition} ${p.region}: ${p.outdir}`);
}
