// Adapter (HTTP): the demand routes of the enterprise, bureau and expert portals — intake and refinement (榜单凝练) —
// thin over demands/ and demands/refinement.ts.
import * as z from "zod";
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
import { decisionInput, demandDraft, demandStatuses, newDemand, publicView } from "../model.ts";
import {
  assignExperts,
  expertsInput,
  giveOpinion,
  listRefinement,
  myAssignments,
  opinionInput,
} from "../refinement.ts";

const demandParams = z
  .object({ demandId: z.string().regex(/^dmd-[0-9a-f-]{36}$/, "not a demand id") })
  .strict();

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  ...demandPorts(),
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("demands-api", {
  "POST /v1/demands": route({ body: newDemand }, async (request) => {
    const demand = await draftDemand(deps(request), actor(request.principal), request.body);
    return {
      status: 201,
      body: publicView(demand),
      headers: { ...etag(demand.version), location: `/v1/demands/${demand.id}` },
    };
  }),

  "GET /v1/demands": route(
    {
      query: z
        .object({
          status: z.enum(demandStatuses).optional(),
          programmeId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
          cursor: z.string().max(2048).optional(),
        })
        .strict(),
    },
    async (request) => {
      const page = await listDemands(deps(request), actor(request.principal), request.query);
      return {
        status: 200,
        body: { items: page.items.map(publicView), ...(page.next ? { next: page.next } : {}) },
      };
    },
  ),

  "GET /v1/demands/{demandId}": route({ params: demandParams }, async (request) => {
    const demand = await readDemand(deps(request), actor(request.principal), request.params.demandId);
    return { status: 200, body: publicView(demand), headers: etag(demand.version) };
  }),

  "PATCH /v1/demands/{demandId}": route(
    { params: demandParams, body: demandDraft.partial().strict() },
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
    {
      params: demandParams,
      body: z
        .object({
          fileName: z
            .string()
            .trim()
            .min(1)
            .max(255)
            .regex(/^[^/\\\0]+$/, "no path separators"),
          contentType: z.string().min(3).max(127),
          sizeBytes: z.number().int().positive(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex SHA-256"),
        })
        .strict(),
    },
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
    {
      params: z
        .object({
          demandId: demandParams.shape.demandId,
          attachmentId: z.string().regex(/^att-[0-9a-f-]{36}$/, "not an attachment id"),
        })
        .strict(),
    },
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

  "POST /v1/demands/{demandId}/submit": route({ params: demandParams }, async (request) => {
    const demand = await submitDemand(
      deps(request),
      actor(request.principal),
      request.params.demandId,
      ifMatch(request, false),
    );
    return { status: 202, body: publicView(demand), headers: etag(demand.version) };
  }),

  "POST /v1/demands/{demandId}/decision": route(
    {
      params: demandParams,
      body: decisionInput,
    },
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
    { params: demandParams, body: expertsInput },
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

  "GET /v1/demands/{demandId}/refinement": route({ params: demandParams }, async (request) => {
    const page = await listRefinement(deps(request), actor(request.principal), request.params.demandId);
    return { status: 200, body: { items: page.items } };
  }),

  "POST /v1/demands/{demandId}/opinion": route(
    { params: demandParams, body: opinionInput },
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
    {
      query: z
        .object({
          limit: z.coerce.number().int().min(1).max(100).default(25),
          cursor: z.string().max(2048).optional(),
        })
        .strict(),
    },
    async (request) => {
      const page = await myAssignments(deps(request), actor(request.principal), request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),
});
