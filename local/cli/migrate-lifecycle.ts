// CLI `migrate project-lifecycle`: the one-off move of projects still on the older project-phase machine onto the chain
// of executions (docs/project-lifecycle.md, "Projects already running on project-phase"; docs/deploy.md): every track
// without `lifecycle` and not closed goes on the chain at the stage its records say. Idempotent: a second run moves
// nothing. The running platform's table, engine and clock, or AWS's with --aws (standard AWS variables, TABLE_NAME and
// the STATE_MACHINE_*_ARN variables of the projects' functions). --dry-run only says what it would start.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { stateMachineAliasName, stateMachineArnEnvVar } from "../../functions/catalog.ts";
import { systemClock } from "../../functions/platform/clock.ts";
import type { Clock } from "../../functions/platform/ports/clock.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import { type ChainMigration, migrateToChain } from "../../functions/projects/lifecycle.ts";
import { lifecycleMachines, phaseStateMachine, trackKind } from "../../functions/projects/model.ts";
import { cursorKeyEnvVar, localNames, tableEnvVar } from "../../infra/resources.ts";
import { localServiceCredentials } from "../sigv4.ts";
import { localStateMachineArn } from "../workflows.ts";
import { flags, noPositionals } from "./args.ts";
import { chosenTable, dataDirOf, runtimeFile, tableFlags } from "./audit.ts";

/** Points this process's AWS clients at the running platform, as its handlers are; its controllable clock's now. */
export async function useLocalPlatform(dataDir: string): Promise<Clock> {
  const info = runtimeFile(dataDir);
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: localServiceCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localServiceCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SFN: info.stepFunctionsEndpoint,
    [tableEnvVar]: localNames.table,
    [cursorKeyEnvVar]: `file:${dataDir}/cursor-key`,
    ...Object.fromEntries(
      [phaseStateMachine, ...Object.values(lifecycleMachines)].map((m) => [
        stateMachineArnEnvVar(m),
        `${localStateMachineArn(m)}:${stateMachineAliasName}`,
      ]),
    ),
  });
  const answer = await fetch(`${info.apiUrl}/local/clock`);
  const now = Date.parse(((await answer.json()) as { now: string }).now);
  return { now: () => new Date(now) };
}

/** `migrate project-lifecycle`: exit 0 when every project is on the chain (or closed) afterwards. */
export async function projectLifecycle(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { ...tableFlags, "dry-run": { type: "boolean" } });
  noPositionals(positionals);
  const dryRun = values["dry-run"] ?? false;
  const clock = values.aws ? systemClock : await useLocalPlatform(dataDirOf(values));
  const { client, table } = chosenTable(values);
  const results: ChainMigration[] = [];
  try {
    const deps = projectDeps(clock);
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: "sk = :kind",
          ExpressionAttributeValues: { ":kind": trackKind.name },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const id = (item["data"] as { id?: string } | undefined)?.id;
        if (id && String(item["pk"]) === `${trackKind.name}#${id}`)
          results.push(await migrateToChain(deps, id, { dryRun }));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    client.destroy();
  }
  const moved = results.filter((r) => r.outcome === "moved");
  if (values.json) console.log(JSON.stringify({ dryRun, projects: results }));
  else {
    console.log(
      `project-lifecycle${dryRun ? " (dry run: nothing written)" : ""}: ${moved.length} moved onto the chain, ` +
        `${results.filter((r) => r.outcome === "on-chain").length} already on it, ` +
        `${results.filter((r) => r.outcome === "closed").length} closed`,
    );
    for (const r of moved)
      console.log(`  ${r.projectId} → ${[r.executionName, ...(r.anniversaries ?? [])].join(", ")}`);
  }
  return 0;
}
