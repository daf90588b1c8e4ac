// Adapter (HTTP): a project's performance evaluation (绩效评价: opened by the bureau, scored by the named experts,
// decided — continue, exit or replacement 递补) and the dynamic adjustment of its targets (动态调整, signed again by the
// three parties). Thin over followup/performance.ts, replacement.ts and adjustments.ts. Its own function (performance-api):
// an exit or a replacement ends the project (Step Functions, the evidence bucket's ports) and the follow-up bundle stays small.
import * as z from "zod/mini";
import { isIsoDate } from "../../kernel/dates.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { proposeAdjustment, signAdjustment } from "../adjustments.ts";
import { decideEvaluation, openEvaluation, readPerformance, scoreEvaluation } from "../performance.ts";
import { performanceDecisions } from "../performance-model.ts";
import { performanceSchema } from "../performance-views.ts";
import { replaceOnPerformance } from "../replacement.ts";
import { endingDeps } from "./deps.ts";

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoDate = () => z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" }));
const projectId = () =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -"),
    );
const projectParams = z.lazy(() => z.strictObject({ projectId: projectId() }));
const seqParams = z.lazy(() =>
  z.strictObject({
    projectId: projectId(),
    seq: z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)),
  }),
);
const milestoneIndex = () => z.number().check(z.int(), z.gte(1), z.lte(36));

export const handler = httpHandler("performance-api", {
  "GET /v1/projects/{projectId}/performance": route(
    () => ({
      params: projectParams,
      response: { 200: () => z.nullable(performanceSchema()) },
      description: "null when the project has had no evaluation nor adjustment.",
    }),
    async (request) => ({
      status: 200,
      body: await readPerformance(deps(request), actor(request.principal), request.params.projectId),
    }),
  ),

  "POST /v1/projects/{projectId}/performance-evaluations": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        periodFrom: isoDate(),
        periodTo: isoDate(),
        expertIds: z.array(text(64)).check(z.minLength(1), z.maxLength(15)),
      }),
      response: { 201: performanceSchema },
      description:
        "Opens a periodic performance evaluation of a project under way. Refuses 409 PROJECT_NOT_RUNNING, 409 EVALUATION_OPEN, 422 PERIOD_OUTSIDE_TASK_BOOK, 422 PERIOD_NOT_ENDED, 422 EXPERT_NOT_IN_POOL.",
    }),
    async (request) => ({
      status: 201,
      body: await openEvaluation(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/performance-evaluations/{seq}/scores": route(
    () => ({
      params: seqParams,
      body: z.strictObject({
        scores: z
          .array(
            z.strictObject({
              milestone: milestoneIndex(),
              indicator: text(200),
              score: z.number().check(z.int(), z.gte(0), z.lte(100)),
            }),
          )
          .check(z.minLength(1), z.maxLength(200)),
        comment: text(5_000),
      }),
      response: { 200: performanceSchema },
      description:
        "A named expert's scores (0–100) of every indicator. Refuses 403 NOT_ON_EVALUATION_PANEL, 409 ALREADY_SCORED, 422 INDICATOR_NOT_SCORED_ONCE.",
    }),
    async (request) => ({
      status: 200,
      body: await scoreEvaluation(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.params.seq,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/performance-evaluations/{seq}/decision": route(
    () => ({
      params: seqParams,
      body: z.strictObject({
        decision: z.enum(performanceDecisions),
        reason: text(5_000),
        verifiedSpendingFen: z.optional(z.number().check(z.int(), z.gte(0), z.lte(100_000_000_000_00))),
      }),
      response: { 200: performanceSchema },
      description:
        "Continue, exit (a termination without fault with its settlement) or replace (递补: the next-ranked application gets a new project with the money left). Refuses 409 EVALUATION_NOT_SCORED, 409 EVALUATION_DECIDED, 422 EVALUATION_PASSED, 422 NO_REPLACEMENT_CANDIDATE, 422 NO_MONEY_LEFT, 409 PROJECT_CLOSED.",
    }),
    async (request) => {
      const d = endingDeps(request.clock);
      const who = actor(request.principal);
      const { projectId: id, seq } = request.params;
      const body =
        request.body.decision === "replace"
          ? await replaceOnPerformance(d, who, id, seq, request.body)
          : await decideEvaluation(d, who, id, seq, { ...request.body, decision: request.body.decision });
      return { status: 200, body };
    },
  ),

  "POST /v1/projects/{projectId}/adjustments": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        reason: text(5_000),
        changes: z
          .array(z.strictObject({ milestone: milestoneIndex(), indicator: text(200), target: text(200) }))
          .check(z.minLength(1), z.maxLength(100)),
      }),
      response: { 201: performanceSchema },
      description:
        "The bureau's dynamic adjustment of targets of milestones not yet passed; in force once the three parties sign. Refuses 409 ADJUSTMENT_PENDING, 409 PROJECT_NOT_RUNNING, 422 INDICATOR_UNKNOWN, 422 MILESTONE_PASSED, 422 TARGET_UNCHANGED.",
    }),
    async (request) => ({
      status: 201,
      body: await proposeAdjustment(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/adjustments/{seq}/signatures": route(
    () => ({
      params: seqParams,
      response: { 200: performanceSchema },
      description:
        "One signatory's signature of the adjusted task book; the last makes it the task book's new revision. Refuses 409 ALREADY_SIGNED, 409 ADJUSTMENT_SIGNED, 409 STALE_REVISION.",
    }),
    async (request) => ({
      status: 200,
      body: await signAdjustment(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.params.seq,
      ),
    }),
  ),
});
