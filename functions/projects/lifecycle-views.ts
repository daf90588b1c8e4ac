// What the API shows of a project's chain of executions (docs/project-lifecycle.md): the execution in charge, what it
// waits for, and the inbox of events (the console's history of interrupts). The frame withholds the task token.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";
import { lifecycleEventKinds } from "./lifecycle-model.ts";

export const lifecycleSchema = lazySchema("ProjectLifecycle", () =>
  z.object({
    machine: z.string(),
    execution: z.string(),
    startedAt: z.string(),
    delivered: z.number(),
    wakes: z.number(),
    // The frame withholds the task token (functions/platform/http/task-tokens.ts).
    parked: z.optional(z.object({ stage: z.string(), since: z.string() })),
    anniversaries: z.optional(
      z.array(
        z.object({
          years: z.number(),
          execution: z.string(),
          parked: z.optional(z.object({ since: z.string() })),
        }),
      ),
    ),
  }),
);

export const lifecycleEventSchema = lazySchema("ProjectLifecycleEvent", () =>
  z.object({
    seq: z.number(),
    kind: z.enum(lifecycleEventKinds),
    at: z.string(),
    milestone: z.optional(z.number()),
  }),
);

/** The track's fields of the chain, as every view of a track shows them. */
export const lifecycleFields = () => ({
  lifecycle: z.optional(lifecycleSchema()),
  inbox: z.optional(z.array(lifecycleEventSchema())),
});

/** An operator's resume of the chain (lifecycle-resume.ts): the execution replaced, how it had ended, the one started. */
export const chainResumeSchema = lazySchema("ProjectChainResume", () =>
  z.object({
    projectId: z.string(),
    from: z.object({ executionName: z.string(), status: z.string() }),
    outcome: z.enum(["resumed", "started"]),
    executionName: z.string(),
  }),
);
