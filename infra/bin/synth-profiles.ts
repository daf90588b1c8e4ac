// CDK profiles (infra/bin): `npm run synth:profiles` synthesizes every deployment profile — aws us-east-1, aws-cn
// cn-north-1 and cn-northwest-1 — each into its own directory, cdk.out/profiles/<partition>-<region> (or under argv[2]).
import path from "node:path";
import { buildApp } from "../app.ts";
import { contextKeys, profiles } from "../config.ts";

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
