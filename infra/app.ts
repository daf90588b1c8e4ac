// CDK app assembly (infra/): builds the two stacks and registers cdk-nag; infra/bin/app.ts runs it, tests call buildApp.
import { readFileSync } from "node:fs";
import { App, type Environment, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
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
}

export interface BuiltApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The cdk-nag pack registered on the app, if any (tests call its validateScope). */
  readonly nag?: AwsSolutionsChecks;
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

export function buildApp(props: BuildAppProps = {}): BuiltApp {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...props.context };
  if (props.bundle === false) context["aws:cdk:bundling-stacks"] = [];
  const app = new App({ context, ...(props.outdir ? { outdir: props.outdir } : {}) });

  const stateful = new StatefulStack(app, stackNames.stateful, {
    env: props.env,
    description:
      "jiebang 揭榜挂帅: records table, evidence and audit-report buckets, user pool (retained on delete)",
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, stackNames.stateless, {
    env: props.env,
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
  return { app, stateful, stateless, nag };
}
