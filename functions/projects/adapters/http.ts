// Adapter (HTTP): project lifecycle routes (立项 → 结题验收) — the task book (任务书) and its signatures, milestone evidence
// uploads and reports; reads for the parties and staff. Thin over projects/projects.ts. The reviews of reports and the
// final acceptance are reviews-http.ts; extension, termination, fraud and the horse race's decision decisions-http.ts.
import * as z from "zod/mini";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
// From the modules themselves, not the projects.ts entry point: that would bundle every use case of the lifecycle.
import { fileReport, reserveEvidence } from "../milestones.ts";
import { evidenceKinds } from "../model.ts";
import { readProject } from "../project-view.ts";
import { evidenceLink } from "../reads.ts";
import { amendTaskBook, draftTaskBook, signTaskBook } from "../task-book.ts";
import * as views from "../views.ts";
import { projectDeps } from "./deps.ts";
import {
  identifier,
  indicator,
  isoDate,
  milestone,
  milestoneParams,
  projectParams,
  revision,
  text,
} from "./http-inputs.ts";

export const handler = httpHandler("projects-api", {
  "GET /v1/projects/{projectId}": route(
    () => ({ params: projectParams, response: { 200: views.getProjectsProjectId200Schema } }),
    async (request) => ({
      status: 200,
      body: await readProject(projectDeps(request.clock), actor(request.principal), request.params.projectId),
    }),
  ),

  "POST /v1/projects/{projectId}/task-book": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        startDate: isoDate,
        ipTerms: text(20_000),
        rewardPenaltyTerms: text(20_000),
        horseRaceKeyMilestone: z.optional(z.number().check(z.int(), z.gte(1), z.lte(36))),
      }),
      response: { 201: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({
        revision,
        startDate: z.optional(isoDate),
        ipTerms: z.optional(text(20_000)),
        rewardPenaltyTerms: z.optional(text(20_000)),
        horseRaceKeyMilestone: z.optional(z.number().check(z.int(), z.gte(1), z.lte(36))),
        milestones: z.optional(
          z
            .array(
              z.strictObject({
                index: z.number().check(z.int(), z.gte(1), z.lte(36)),
                dueDate: z.optional(isoDate),
                indicators: z.optional(z.array(indicator).check(z.minLength(1), z.maxLength(50))),
              }),
            )
            .check(z.maxLength(36)),
        ),
      }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({ revision }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: milestoneParams,
      body: z.strictObject({
        kind: z.enum(evidenceKinds),
        fileName: text(255),
        contentType: text(255),
        sizeBytes: z.number().check(z.int(), z.gte(1)),
        sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, "hex SHA-256")),
      }),
      response: { 201: views.postProjectsProjectIdMilestonesMilestoneEvidence201Schema },
    }),
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
    () => ({
      params: z.strictObject({ projectId: identifier, milestone, fileId: identifier }),
      response: { 200: views.getProjectsProjectIdMilestonesMilestoneEvidenceFileId200Schema },
    }),
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
    () => ({
      params: milestoneParams,
      body: z.strictObject({
        summary: text(20_000),
        indicators: z._default(
          z.array(z.strictObject({ name: text(200), actual: text(200) })).check(z.maxLength(50)),
          [],
        ),
        fileIds: z.array(identifier).check(z.minLength(1), z.maxLength(30)),
      }),
      response: { 202: views.projectTrackRecordSchema },
    }),
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
});
