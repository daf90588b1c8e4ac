// Adapter (HTTP): the reviews of a running project — a milestone report's review panel (评审专家), the experts' verdicts
// and the payment opinion (拨付意见), and the final acceptance (结题验收: request, plan, verdicts with performance scores,
// the final payment opinion). Its own function (project-reviews-api), so that the bundle a task book or a report loads
// stays small. Thin over projects/projects.ts.
import * as z from "zod/mini";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
// From the modules themselves, not the projects.ts entry point: that would bundle every use case of the lifecycle.
import {
  confirmAcceptancePayment,
  fixAcceptancePlan,
  requestAcceptance,
  voteOnAcceptance,
} from "../acceptance.ts";
import { confirmPaymentOpinion, nameReviewPanel, voteOnReport } from "../milestones.ts";
import { verdicts } from "../model.ts";
import * as views from "../views.ts";
import { projectDeps } from "./deps.ts";
import { identifier, milestoneParams, projectParams, text } from "./http-inputs.ts";

export const handler = httpHandler("project-reviews-api", {
  "POST /v1/projects/{projectId}/milestones/{milestone}/experts": route(
    () => ({
      params: milestoneParams,
      body: z.strictObject({ expertIds: z.array(identifier).check(z.minLength(1), z.maxLength(15)) }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: milestoneParams,
      body: z.strictObject({
        verdict: z.enum(verdicts),
        comment: text(5_000),
        rectifyDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(180))),
      }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: milestoneParams,
      body: z.strictObject({ decision: z.literal("confirm") }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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

  "POST /v1/projects/{projectId}/acceptance": route(
    () => ({
      params: projectParams,
      body: z.strictObject({ summary: text(20_000) }),
      response: { 201: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({
        plan: text(20_000),
        expertIds: z.array(identifier).check(z.minLength(1), z.maxLength(15)),
      }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({
        verdict: z.enum(["pass", "fail"]),
        performanceScore: z.number().check(z.int(), z.gte(0), z.lte(100)),
        comment: text(5_000),
      }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
    () => ({
      params: projectParams,
      body: z.strictObject({ decision: z.literal("confirm") }),
      response: { 200: views.projectTrackRecordSchema },
    }),
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
