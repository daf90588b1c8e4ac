// CLI group `projects`: an operator's hand on a project's chain of executions (docs/project-lifecycle.md, "Resuming a
// chain"). `projects resume-lifecycle <projectId> --reason R --operator NAME` starts a new round of the stage the records
// say when the execution in charge ended without handing over (failed past the 14 days a redrive allows, or ended in a
// Fail state a redrive would only repeat); audited with who and why. The running platform, or AWS with --aws (standard
// AWS variables, TABLE_NAME and the STATE_MACHINE_*_ARN variables of the projects' functions).
import { systemClock } from "../../functions/platform/clock.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import { resumeChain } from "../../functions/projects/lifecycle-resume.ts";
import { flags, subcommands, UsageError } from "./args.ts";
import { dataDirOf, tableFlags } from "./audit.ts";
import { useLocalPlatform } from "./migrate-lifecycle.ts";

/** `projects resume-lifecycle`: exit 0 with the execution started, 1 when refused (the reason printed). */
async function resumeLifecycle(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    ...tableFlags,
    reason: { type: "string" },
    operator: { type: "string" },
  });
  const [projectId, ...extra] = positionals;
  if (!projectId) throw new UsageError("resume-lifecycle needs the project id");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const reason = values.reason?.trim();
  const operator = values.operator?.trim();
  if (!reason)
    throw new UsageError("--reason is required: why the chain is resumed (kept in the audit trail)");
  if (!operator) throw new UsageError("--operator is required: who resumes it (kept in the audit trail)");
  const clock = values.aws ? systemClock : await useLocalPlatform(dataDirOf(values));
  const resumed = await resumeChain(projectDeps(clock), projectId, { operator, reason });
  if (values.json) console.log(JSON.stringify(resumed));
  else
    console.log(
      `resume-lifecycle: ${resumed.from.executionName} (${resumed.from.status}) → ${resumed.executionName}` +
        (resumed.outcome === "started" ? " (never started before: started now)" : ""),
    );
  return 0;
}

export const projectCommands = subcommands(
  "projects",
  "an operator's hand on a project's chain of executions: projects resume-lifecycle <projectId> --reason R --operator NAME",
  "usage:\n  projects resume-lifecycle <projectId> --reason R --operator NAME [--json] [--data-dir DIR | --aws --table T]   a new round of the stage the records say, after the execution in charge ended without handing over (audited)",
  { "resume-lifecycle": resumeLifecycle },
);
