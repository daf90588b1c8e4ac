// CDK app assembly (infra/): builds the two stacks and registers cdk-nag; infra/bin/app.ts runs it, tests call buildApp.
import { readFileSync } from "node:fs";
import { App, type Environment, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { contextKeys, type DeploymentProfile, resolveProfile } from "./config.ts";
import { StatefulStack } from "./stacks/stateful-stack.ts";
import { StatelessStack } from "./stacks/stateless-stack.ts";

export const stackNames = { stateful: "Jiebang-Stateful", stateless: "Jiebang-Stateless" } as const;

export interface BuildAppProps {
  /** Context values, as `-c key=value` would give them (tests); the CLI passes cdk.json's itself. */
  readonly context?: Record<string, unknown>;
  readonly env?: Environment;
  readonly outdir?: string;
  /** Bundle the functions with esbuild (default true; tests pass false to skip it). */
  readonly bundle?: boolean;
  /** Register cdk-nag's AwsSolutions checks on the app (default true). */
  readonly nag?: boolean;
  /** Where JIEBANG_PARTITION / JIEBANG_REGION are read (default process.env; context wins). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

export interface BuiltApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The cdk-nag pack registered on the app, if any (tests call its validateScope). */
  readonly nag?: AwsSolutionsChecks;
  /** The deployment profile (partition, region, identity) the stacks were built for. */
  readonly profile: DeploymentProfile;
}

/**
 * cdk.json's context (feature flags, `jiebang:*` defaults). The CLI passes it to the app itself; reading it here as
 * defaults makes an app built in a test synthesize exactly what `cdk synth` does. CLI values (`-c`) still win.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const file = new URL("../cdk.json", import.meta.url);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}

/** The context the CDK CLI hands the app (`-c key=value`): CDK_CONTEXT_JSON, or a file when it is too large. */
function cliContext(): Record<string, unknown> {
  const inline = process.env["CDK_CONTEXT_JSON"];
  const file = process.env["CONTEXT_OVERFLOW_LOCATION_ENV"];
  return {
    ...(inline ? (JSON.parse(inline) as Record<string, unknown>) : {}),
    ...(file ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {}),
  };
}

export function buildApp(props: BuildAppProps = {}): BuiltApp {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...props.context };
  if (props.bundle === false) context["aws:cdk:bundling-stacks"] = [];
  // The profile is resolved once (context — the CLI's `-c` included — else environment variables) and written back
  // after the CLI's context, so every construct reads the same resolved values there.
  const profile = resolveProfile({ ...context, ...cliContext() }, props.processEnv);
  const resolved: Record<string, unknown> = {
    [contextKeys.partition]: profile.partition,
    [contextKeys.identity]: profile.identity,
    ...(profile.region ? { [contextKeys.region]: profile.region } : {}),
  };
  const app = new App({
    context,
    postCliContext: resolved,
    ...(props.outdir ? { outdir: props.outdir } : {}),
  });
  // A profile fixes the region (and so the partition literals in every ARN); the account stays the CLI's.
  const env: Environment | undefined = profile.region ? { ...props.env, region: profile.region } : props.env;

  const stateful = new StatefulStack(app, stackNames.stateful, {
    env,
    description:
      "jiebang 揭榜挂帅: records table, evidence and audit-report buckets, audit key, user pool where Cognito is used (retained on delete)",
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, stackNames.stateless, {
    env,
    description: "jiebang 揭榜挂帅: functions, state machines, REST API",
    stateful: stateful.refs,
  });
  // The references are named exports/imports (infra/stacks/shared.ts), so the order is declared here.
  stateless.addStackDependency(stateful);

  let nag: AwsSolutionsChecks | undefined;
  if (props.nag !== false) {
    nag = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(nag);
  }
  return { app, stateful, stateless, nag, profile };
}
