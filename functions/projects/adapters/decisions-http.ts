// Adapter (HTTP): decisions on a running project — extension (延期) asked and decided, termination (终止) proposed,
// decided or ordered, fraud (弄虚作假) found, the horse race's (赛马) narrowing at its key milestone, and an admin's
// resume of a project's chain of executions (lifecycle-resume.ts). A function of its own (project-decisions-api), so
// that the bundle a milestone report or a signature loads stays small.
import * as z from "zod/mini";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
// From the modules themselves, not the projects.ts entry point: that would bundle every use case of the lifecycle.
import { decideTermination, declareFraud, proposeTermination, terminateProject } from "../endings.ts";
import { decideExtension, requestExtension } from "../extensions.ts";
import { decideHorseRace, readHorseRace } from "../horse-race.ts";
import * as horseRaceViews from "../horse-race-views.ts";
import { resumeChain } from "../lifecycle-resume.ts";
import { chainResumeSchema } from "../lifecycle-views.ts";
import { signatoryParties } from "../model.ts";
import * as views from "../views.ts";
import { projectDeps } from "./deps.ts";
import { identifier, isoDate, projectParams, text } from "./http-inputs.ts";

export const handler = httpHandler("project-decisions-api", {
  "POST /v1/projects/{projectId}/termination": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        reason: text(5_000),
        fault: z.boolean(),
        proposedBy: z.enum(signatoryParties),
        thirdPartyReview: z.optional(
          z.strictObject({ reviewer: text(200), conclusion: text(5_000), reviewedOn: isoDate }),
        ),
        verifiedSpendingFen: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
      }),
      response: { 200: views.postProjectsProjectIdTermination200Schema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({ reason: text(5_000), fault: z.boolean() }),
      response: { 201: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({
        decision: z.enum(["approve", "reject"]),
        fault: z.optional(z.boolean()),
        thirdPartyReview: z.optional(
          z.strictObject({ reviewer: text(200), conclusion: text(5_000), reviewedOn: isoDate }),
        ),
        verifiedSpendingFen: z.optional(z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER))),
        comment: z.optional(text(5_000)),
      }),
      response: { 200: views.postProjectsProjectIdTerminationDecision200Schema },
    }),
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
    () => ({
      params: z.strictObject({ challengeId: identifier }),
      response: { 200: horseRaceViews.getChallengesChallengeIdHorseRace200Schema },
    }),
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
    () => ({
      params: z.strictObject({ challengeId: identifier }),
      body: z.strictObject({
        continuing: z.array(identifier).check(z.minLength(1), z.maxLength(20)),
        settlements: z.optional(
          z
            .array(
              z.strictObject({
                projectId: identifier,
                verifiedSpendingFen: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
              }),
            )
            .check(z.maxLength(20)),
        ),
      }),
      response: { 200: horseRaceViews.horseRaceRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({ reason: text(5_000), proposedBy: z.enum(signatoryParties) }),
      response: { 200: views.postProjectsProjectIdFraud200Schema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({
        months: z.number().check(z.int(), z.gte(1), z.lte(24)),
        reason: text(5_000),
        evidenceFileIds: z._default(z.array(identifier).check(z.maxLength(30)), []),
      }),
      response: { 201: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({ decision: z.enum(["approve", "reject"]), comment: z.optional(text(5_000)) }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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

  "POST /v1/projects/{projectId}/lifecycle/resume": route(
    () => ({
      params: projectParams,
      body: z.strictObject({ reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)) }),
      response: { 200: chainResumeSchema },
    }),
    async (request) => ({
      status: 200,
      body: await resumeChain(projectDeps(request.clock), request.params.projectId, {
        operator: actor(request.principal).userId,
        reason: request.body.reason,
      }),
    }),
  ),
});
