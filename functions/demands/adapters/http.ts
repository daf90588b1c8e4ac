// Adapter (HTTP): the demand routes of the enterprise, bureau and expert portals — intake and refinement (榜单凝练) —
// thin over demands/ and demands/refinement.ts.
import * as z from "zod/mini";
import { registeredNames } from "../../organisations/organisations.ts";
import { demandPorts, recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor, etag, ifMatch } from "../../platform/http/request.ts";
import { decideDemand } from "../decisions.ts";
import {
  draftDemand,
  editDemand,
  listDemands,
  readDemand,
  removeAttachment,
  reserveAttachment,
  submitDemand,
} from "../intake.ts";
import { decisionInput, demandPatch, demandStatuses, newDemand } from "../model.ts";
import {
  assignExperts,
  expertsInput,
  giveOpinion,
  listRefinement,
  myAssignments,
  opinionInput,
} from "../refinement.ts";
import {
  demandViewSchema,
  getDemands200Schema,
  getDemandsDemandIdRefinement200Schema,
  getRefinementAssignments200Schema,
  postDemandsDemandIdAttachments201Schema,
  postDemandsDemandIdExperts201Schema,
  publicView,
  refinementAssignmentRecordSchema,
} from "../views.ts";

const demandId = z.lazy(() => z.string().check(z.regex(/^dmd-[0-9a-f-]{36}$/, "not a demand id")));
const demandParams = z.lazy(() => z.strictObject({ demandId }));

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  ...demandPorts(),
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("demands-api", {
  "POST /v1/demands": route(
    () => ({ body: newDemand, response: { 201: demandViewSchema } }),
    async (request) => {
      const demand = await draftDemand(deps(request), actor(request.principal), request.body);
      return {
        status: 201,
        body: publicView(demand),
        headers: { ...etag(demand.version), location: `/v1/demands/${demand.id}` },
      };
    },
  ),

  "GET /v1/demands": route(
    () => ({
      query: z.strictObject({
        status: z.optional(z.enum(demandStatuses)),
        programmeId: z.optional(z.string().check(z.maxLength(64))),
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: getDemands200Schema },
    }),
    async (request) => {
      const page = await listDemands(deps(request), actor(request.principal), request.query);
      const names = await registeredNames(
        recordStore(),
        page.items.map((d) => d.organisationId),
      );
      return {
        status: 200,
        body: {
          items: page.items.map((d) => publicView(d, names)),
          ...(page.next ? { next: page.next } : {}),
        },
      };
    },
  ),

  "GET /v1/demands/{demandId}": route(
    () => ({ params: demandParams, response: { 200: demandViewSchema } }),
    async (request) => {
      const demand = await readDemand(deps(request), actor(request.principal), request.params.demandId);
      const names = await registeredNames(recordStore(), [demand.organisationId]);
      return { status: 200, body: publicView(demand, names), headers: etag(demand.version) };
    },
  ),

  "PATCH /v1/demands/{demandId}": route(
    () => ({ params: demandParams, body: demandPatch, response: { 200: demandViewSchema } }),
    async (request) => {
      const version = ifMatch(request, true)!;
      const demand = await editDemand(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        version,
        request.body,
      );
      return { status: 200, body: publicView(demand), headers: etag(demand.version) };
    },
  ),

  "POST /v1/demands/{demandId}/attachments": route(
    () => ({
      params: demandParams,
      body: z.strictObject({
        fileName: z
          .string()
          .check(z.trim(), z.minLength(1), z.maxLength(255), z.regex(/^[^/\\\0]+$/, "no path separators")),
        contentType: z.string().check(z.minLength(3), z.maxLength(127)),
        sizeBytes: z.number().check(z.int(), z.positive()),
        sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, "lower-case hex SHA-256")),
      }),
      response: { 201: postDemandsDemandIdAttachments201Schema },
    }),
    async (request) => {
      const { demand, attachment, upload } = await reserveAttachment(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        request.body,
      );
      return { status: 201, body: { attachment, upload }, headers: etag(demand.version) };
    },
  ),

  "DELETE /v1/demands/{demandId}/attachments/{attachmentId}": route(
    () => ({
      params: z.strictObject({
        demandId,
        attachmentId: z.string().check(z.regex(/^att-[0-9a-f-]{36}$/, "not an attachment id")),
      }),
      response: { 200: demandViewSchema },
    }),
    async (request) => {
      const demand = await removeAttachment(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        request.params.attachmentId,
        ifMatch(request, false),
      );
      return { status: 200, body: publicView(demand), headers: etag(demand.version) };
    },
  ),

  "POST /v1/demands/{demandId}/submit": route(
    () => ({ params: demandParams, response: { 202: demandViewSchema } }),
    async (request) => {
      const demand = await submitDemand(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        ifMatch(request, false),
      );
      return { status: 202, body: publicView(demand), headers: etag(demand.version) };
    },
  ),

  "POST /v1/demands/{demandId}/decision": route(
    () => ({
      params: demandParams,
      body: decisionInput,
      response: { 202: demandViewSchema },
    }),
    async (request) => {
      const demand = await decideDemand(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        request.body,
      );
      return { status: 202, body: publicView(demand), headers: etag(demand.version) };
    },
  ),

  "POST /v1/demands/{demandId}/experts": route(
    () => ({
      params: demandParams,
      body: expertsInput,
      response: { 201: postDemandsDemandIdExperts201Schema },
    }),
    async (request) => {
      const items = await assignExperts(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        request.body,
      );
      return { status: 201, body: { items } };
    },
  ),

  "GET /v1/demands/{demandId}/refinement": route(
    () => ({ params: demandParams, response: { 200: getDemandsDemandIdRefinement200Schema } }),
    async (request) => {
      const page = await listRefinement(deps(request), actor(request.principal), request.params.demandId);
      return { status: 200, body: { items: page.items } };
    },
  ),

  "POST /v1/demands/{demandId}/opinion": route(
    () => ({ params: demandParams, body: opinionInput, response: { 200: refinementAssignmentRecordSchema } }),
    async (request) => {
      const assignment = await giveOpinion(
        deps(request),
        actor(request.principal),
        request.params.demandId,
        request.body,
      );
      return { status: 200, body: assignment, headers: etag(assignment.version) };
    },
  ),

  "GET /v1/refinement/assignments": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: getRefinementAssignments200Schema },
    }),
    async (request) => {
      const page = await myAssignments(deps(request), actor(request.principal), request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),
});
