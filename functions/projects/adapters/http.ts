// Adapter (HTTP): project lifecycle routes (立项 → 结题验收) — the task book (任务书) and its signatures, milestone evidence
// uploads, reports, review panels and verdicts, payment opinions; reads for the parties and staff. Thin over
// projects/projects.ts.
import * as z from "zod";
import { isIsoDate } from "../../kernel/dates.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { decideHorseRace, readHorseRace } from "../horse-race.ts";
import { evidenceKinds, signatoryParties, verdicts } from "../model.ts";
import {
  amendTaskBook,
  confirmAcceptancePayment,
  confirmPaymentOpinion,
  decideExtension,
  decideTermination,
  declareFraud,
  draftTaskBook,
  evidenceLink,
  fileReport,
  fixAcceptancePlan,
  nameReviewPanel,
  proposeTermination,
  readProject,
  requestAcceptance,
  requestExtension,
  reserveEvidence,
  signTaskBook,
  terminateProject,
  voteOnAcceptance,
  voteOnReport,
} from "../projects.ts";
import { projectDeps } from "./deps.ts";

const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -");
const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().refine(isIsoDate, { message: "not a date YYYY-MM-DD" });
const projectParams = z.object({ projectId: identifier }).strict();
const milestoneParams = z
  .object({ projectId: identifier, milestone: z.coerce.number().int().min(1).max(36) })
  .strict();
const indicator = z.object({ name: text(200), target: text(200), unit: text(32).optional() }).strict();
const revision = z.number().int().min(1);

export const handler = httpHandler("projects-api", {
  "GET /v1/projects/{projectId}": route({ params: projectParams }, async (request) => ({
    status: 200,
    body: await readProject(projectDeps(request.clock), actor(request.principal), request.params.projectId),
  })),

  "POST /v1/projects/{projectId}/task-book": route(
    {
      params: projectParams,
      body: z
        .object({
          startDate: isoDate,
          ipTerms: text(20_000),
          rewardPenaltyTerms: text(20_000),
          horseRaceKeyMilestone: z.number().int().min(1).max(36).optional(),
        })
        .strict(),
    },
    async (request) => ({
      status: 201,
      body: await draftTaskBook(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "PATCH /v1/projects/{projectId}/task-book": route(
    {
      params: projectParams,
      body: z
        .object({
          revision,
          startDate: isoDate.optional(),
          ipTerms: text(20_000).optional(),
          rewardPenaltyTerms: text(20_000).optional(),
          horseRaceKeyMilestone: z.number().int().min(1).max(36).optional(),
          milestones: z
            .array(
              z
                .object({
                  index: z.number().int().min(1).max(36),
                  dueDate: isoDate.optional(),
                  indicators: z.array(indicator).min(1).max(50).optional(),
                })
                .strict(),
            )
            .max(36)
            .optional(),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await amendTaskBook(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/task-book/sign": route(
    { params: projectParams, body: z.object({ revision }).strict() },
    async (request) => ({
      status: 200,
      body: await signTaskBook(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/milestones/{milestone}/evidence": route(
    {
      params: milestoneParams,
      body: z
        .object({
          kind: z.enum(evidenceKinds),
          fileName: text(255),
          contentType: text(255),
          sizeBytes: z.number().int().min(1),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, "hex SHA-256"),
        })
        .strict(),
    },
    async (request) => ({
      status: 201,
      body: await reserveEvidence(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
        request.body,
      ),
    }),
  ),

  "GET /v1/projects/{projectId}/milestones/{milestone}/evidence/{fileId}": route(
    { params: milestoneParams.extend({ fileId: identifier }).strict() },
    async (request) => ({
      status: 200,
      body: await evidenceLink(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
        request.params.fileId,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/milestones/{milestone}/report": route(
    {
      params: milestoneParams,
      body: z
        .object({
          summary: text(20_000),
          indicators: z
            .array(z.object({ name: text(200), actual: text(200) }).strict())
            .max(50)
            .default([]),
          fileIds: z.array(identifier).min(1).max(30),
        })
        .strict(),
    },
    async (request) => ({
      status: 202,
      body: await fileReport(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/milestones/{milestone}/experts": route(
    { params: milestoneParams, body: z.object({ expertIds: z.array(identifier).min(1).max(15) }).strict() },
    async (request) => ({
      status: 200,
      body: await nameReviewPanel(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
        request.body.expertIds,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/milestones/{milestone}/review": route(
    {
      params: milestoneParams,
      body: z
        .object({
          verdict: z.enum(verdicts),
          comment: text(5_000),
          rectifyDays: z.number().int().min(1).max(180).optional(),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await voteOnReport(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/milestones/{milestone}/payment-opinion": route(
    { params: milestoneParams, body: z.object({ decision: z.literal("confirm") }).strict() },
    async (request) => ({
      status: 200,
      body: await confirmPaymentOpinion(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.params.milestone,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/termination": route(
    {
      params: projectParams,
      body: z
        .object({
          reason: text(5_000),
          fault: z.boolean(),
          proposedBy: z.enum(signatoryParties),
          thirdPartyReview: z
            .object({ reviewer: text(200), conclusion: text(5_000), reviewedOn: isoDate })
            .strict()
            .optional(),
          verifiedSpendingFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await terminateProject(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/termination/proposal": route(
    {
      params: projectParams,
      body: z.object({ reason: text(5_000), fault: z.boolean() }).strict(),
    },
    async (request) => ({
      status: 201,
      body: await proposeTermination(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/termination/decision": route(
    {
      params: projectParams,
      body: z
        .object({
          decision: z.enum(["approve", "reject"]),
          fault: z.boolean().optional(),
          thirdPartyReview: z
            .object({ reviewer: text(200), conclusion: text(5_000), reviewedOn: isoDate })
            .strict()
            .optional(),
          verifiedSpendingFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
          comment: text(5_000).optional(),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await decideTermination(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  // ---- horse race (赛马制): the projects of one challenge ----
  "GET /v1/challenges/{challengeId}/horse-race": route(
    { params: z.object({ challengeId: identifier }).strict() },
    async (request) => ({
      status: 200,
      body: await readHorseRace(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
      ),
    }),
  ),

  "POST /v1/challenges/{challengeId}/horse-race/decision": route(
    {
      params: z.object({ challengeId: identifier }).strict(),
      body: z
        .object({
          continuing: z.array(identifier).min(1).max(20),
          settlements: z
            .array(
              z
                .object({
                  projectId: identifier,
                  verifiedSpendingFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
                })
                .strict(),
            )
            .max(20)
            .optional(),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await decideHorseRace(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.challengeId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/fraud": route(
    {
      params: projectParams,
      body: z.object({ reason: text(5_000), proposedBy: z.enum(signatoryParties) }).strict(),
    },
    async (request) => ({
      status: 200,
      body: await declareFraud(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/extension": route(
    {
      params: projectParams,
      body: z
        .object({
          months: z.number().int().min(1).max(24),
          reason: text(5_000),
          evidenceFileIds: z.array(identifier).max(30).default([]),
        })
        .strict(),
    },
    async (request) => ({
      status: 201,
      body: await requestExtension(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/extension/decision": route(
    {
      params: projectParams,
      body: z.object({ decision: z.enum(["approve", "reject"]), comment: text(5_000).optional() }).strict(),
    },
    async (request) => ({
      status: 200,
      body: await decideExtension(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/acceptance": route(
    { params: projectParams, body: z.object({ summary: text(20_000) }).strict() },
    async (request) => ({
      status: 201,
      body: await requestAcceptance(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/acceptance/plan": route(
    {
      params: projectParams,
      body: z.object({ plan: text(20_000), expertIds: z.array(identifier).min(1).max(15) }).strict(),
    },
    async (request) => ({
      status: 200,
      body: await fixAcceptancePlan(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/acceptance/review": route(
    {
      params: projectParams,
      body: z
        .object({
          verdict: z.enum(["pass", "fail"]),
          performanceScore: z.number().int().min(0).max(100),
          comment: text(5_000),
        })
        .strict(),
    },
    async (request) => ({
      status: 200,
      body: await voteOnAcceptance(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/acceptance/payment-opinion": route(
    { params: projectParams, body: z.object({ decision: z.literal("confirm") }).strict() },
    async (request) => ({
      status: 200,
      body: await confirmAcceptancePayment(
        projectDeps(request.clock),
        actor(request.principal),
        request.params.projectId,
      ),
    }),
  ),
});
