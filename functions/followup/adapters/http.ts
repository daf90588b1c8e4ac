// Adapter (HTTP): a project's follow-up routes — the judicial referral of a fraud finding and its outcomes (with the list
// finance and auditors read), the investment road-show (request, decision with the session, declared interest), the
// task book's budget (reallocation by the entitled person, personnel changes by the bureau). Thin over followup/*.ts. The
// performance evaluation and the dynamic adjustment are performance-http.ts (performance-api).
import * as z from "zod/mini";
import { isIsoDate } from "../../kernel/dates.ts";
import { clientsFor } from "../../platform/clients-for.ts";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import type { ReportStore } from "../../platform/ports/report-store.ts";
import { s3ReportStore } from "../../platform/s3/report-store.ts";
import { changePersonnel, readBudget, reallocateBudget } from "../budget.ts";
import { institutionKinds, personnelRoles, referralOutcomes } from "../model.ts";
import { listReferrals, readReferral, recordReferralOutcome, referToJudiciary } from "../referrals.ts";
import { decideRoadShow, readRoadShow, recordInterest, requestRoadShow } from "../road-shows.ts";
import { budgetCategories } from "../rules/budget.ts";
import {
  judicialReferralListSchema,
  judicialReferralSchema,
  roadShowSchema,
  taskBookBudgetSchema,
} from "../views.ts";

let reports: ReportStore | undefined;
const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => {
  if (!reports) {
    const { storage, config } = clientsFor();
    reports = s3ReportStore(storage(), config.auditBucket());
  }
  return { records: recordStore(), clock: request.clock, reports };
};

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const isoDate = () => z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" }));
const amount = () => z.number().check(z.int(), z.gte(1), z.lte(100_000_000_000_00));
const projectParams = z.lazy(() =>
  z.strictObject({
    projectId: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(128),
        z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -"),
      ),
  }),
);

export const handler = httpHandler("followup-api", {
  "POST /v1/projects/{projectId}/judicial-referral": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        organ: text(200),
        referredOn: isoDate(),
        reference: text(100),
        reasoning: text(10_000),
        documents: z._default(
          z
            .array(z.strictObject({ title: text(200), reference: z.optional(text(100)) }))
            .check(z.maxLength(50)),
          [],
        ),
      }),
      response: { 201: judicialReferralSchema },
      description:
        "Refers a project closed for fraud to a judicial organ. Refuses 409 NOT_A_FRAUD_FINDING, 409 ALREADY_REFERRED, 422 REFERRAL_BEFORE_FINDING.",
    }),
    async (request) => ({
      status: 201,
      body: await referToJudiciary(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "GET /v1/projects/{projectId}/judicial-referral": route(
    () => ({
      params: projectParams,
      response: { 200: () => z.nullable(judicialReferralSchema()) },
      description: "null when the project has not been referred.",
    }),
    async (request) => ({
      status: 200,
      body: await readReferral(deps(request), actor(request.principal), request.params.projectId),
    }),
  ),

  "POST /v1/projects/{projectId}/judicial-referral/outcomes": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        outcome: z.enum(referralOutcomes),
        decidedOn: isoDate(),
        reference: z.optional(text(100)),
        summary: text(5_000),
      }),
      response: { 200: judicialReferralSchema },
      description:
        "Records the organ's answer (立案, 起诉, 判决 …) in date order. Refuses 422 OUTCOME_OUT_OF_ORDER.",
    }),
    async (request) => ({
      status: 200,
      body: await recordReferralOutcome(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "GET /v1/judicial-referrals": route(
    () => ({ response: { 200: judicialReferralListSchema } }),
    async (request) => ({ status: 200, body: await listReferrals(deps(request), actor(request.principal)) }),
  ),

  "POST /v1/projects/{projectId}/road-show": route(
    () => ({
      params: projectParams,
      body: z.strictObject({ reason: text(5_000), followOnNeedFen: amount() }),
      response: { 201: roadShowSchema },
      description:
        "The enterprise's voluntary request. Refuses 409 ROAD_SHOW_ALREADY_REQUESTED, 409 PROJECT_CLOSED.",
    }),
    async (request) => ({
      status: 201,
      body: await requestRoadShow(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "GET /v1/projects/{projectId}/road-show": route(
    () => ({
      params: projectParams,
      response: { 200: () => z.nullable(roadShowSchema()) },
      description: "null when no road-show was asked for.",
    }),
    async (request) => ({
      status: 200,
      body: await readRoadShow(deps(request), actor(request.principal), request.params.projectId),
    }),
  ),

  "POST /v1/projects/{projectId}/road-show/decision": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        decision: z.enum(["approve", "decline"]),
        comment: text(5_000),
        session: z.optional(
          z.strictObject({
            date: isoDate(),
            venue: text(200),
            institutions: z
              .array(z.strictObject({ name: text(200), kind: z.enum(institutionKinds) }))
              .check(z.minLength(1), z.maxLength(50)),
          }),
        ),
      }),
      response: { 200: roadShowSchema },
      description:
        "Agrees (fixing the session) or declines. Refuses 422 ROAD_SHOW_SESSION_REQUIRED, 422 SESSION_IN_PAST, 409 ROAD_SHOW_DECIDED.",
    }),
    async (request) => ({
      status: 200,
      body: await decideRoadShow(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/road-show/interests": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        institution: text(200),
        amountFen: amount(),
        declaredOn: isoDate(),
        note: z.optional(text(2_000)),
      }),
      response: { 200: roadShowSchema },
      description:
        "An invited institution's declared interest (declared, not committed). Refuses 422 INSTITUTION_NOT_INVITED, 422 INTEREST_BEFORE_SESSION, 422 ROAD_SHOW_NOT_SCHEDULED.",
    }),
    async (request) => ({
      status: 200,
      body: await recordInterest(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "GET /v1/projects/{projectId}/budget": route(
    () => ({ params: projectParams, response: { 200: taskBookBudgetSchema } }),
    async (request) => ({
      status: 200,
      body: await readBudget(deps(request), actor(request.principal), request.params.projectId),
    }),
  ),

  "POST /v1/projects/{projectId}/budget/reallocations": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        fromItem: text(200),
        toItem: text(200),
        amountFen: amount(),
        actingAs: z.enum(["solver-organisation", "chief-engineer"]),
        newCategory: z.optional(z.enum(budgetCategories)),
        reason: text(5_000),
      }),
      response: { 200: taskBookBudgetSchema },
      description:
        "Moves money between two budget items (totals and public money unchanged): equipment by the solver organisation, other costs by the chief engineer. Refuses 403 BUDGET_RIGHT_NOT_HELD, 422 BUDGET_ITEM_UNKNOWN, 422 BUDGET_ITEM_INSUFFICIENT, 409 TASK_BOOK_NOT_SIGNED.",
    }),
    async (request) => ({
      status: 200,
      body: await reallocateBudget(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),

  "POST /v1/projects/{projectId}/personnel-changes": route(
    () => ({
      params: projectParams,
      body: z.strictObject({
        role: z.enum(personnelRoles),
        subProject: z.optional(text(200)),
        personId: z.optional(text(64)),
        name: z.optional(text(100)),
        personOrganisationId: z.optional(text(128)),
        reason: text(5_000),
      }),
      response: { 200: taskBookBudgetSchema },
      description:
        "The bureau's decision changing the chief engineer or a sub-project lead, with a reason. Refuses 422 SOLVER_NOT_REPLACEABLE (the solver is never replaced), 422 NOT_A_SOLVER_ORGANISATION, 422 SAME_PERSON.",
    }),
    async (request) => ({
      status: 200,
      body: await changePersonnel(
        deps(request),
        actor(request.principal),
        request.params.projectId,
        request.body,
      ),
    }),
  ),
});
