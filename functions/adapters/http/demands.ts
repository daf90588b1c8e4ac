// Adapter (HTTP): the demand routes of the enterprise and bureau portals, thin over use-cases/demands.
import * as z from "zod";
import { DomainError } from "../../domain/errors.ts";
import { httpErrors } from "../../shared/errors.ts";
import { type HttpRequest, httpHandler, type Principal, route } from "../../shared/http.ts";
import { demandDraft, demandStatuses, publicView } from "../../use-cases/demand-model.ts";
import {
  decideDemand,
  draftDemand,
  editDemand,
  listDemands,
  readDemand,
  reserveAttachment,
  submitDemand,
} from "../../use-cases/demands.ts";
import { demandPorts } from "../deps.ts";

const demandParams = z
  .object({ demandId: z.string().regex(/^dmd-[0-9a-f-]{36}$/, "not a demand id") })
  .strict();

/** Expected version from the If-Match header (`"3"` or `3`): required on edits so a stale client gets 409. */
function ifMatch(request: HttpRequest<unknown, unknown, unknown>, required: boolean): number | undefined {
  const raw = request.headers["if-match"];
  if (!raw) {
    if (!required) return undefined;
    throw new DomainError({
      code: "IF_MATCH_REQUIRED",
      kind: "validation",
      message: "Send the version you edited in the If-Match header",
      messageZh: "请在 If-Match 请求头中提供所修改记录的版本号",
      fields: [{ path: "headers.if-match", message: "required", messageZh: "必填" }],
    });
  }
  const version = Number(raw.replace(/^W\//, "").replace(/"/g, ""));
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new DomainError({
      code: "IF_MATCH_INVALID",
      kind: "validation",
      message: "If-Match must be a record version",
      messageZh: "If-Match 必须是记录版本号",
      fields: [{ path: "headers.if-match", message: "not a version number", messageZh: "不是版本号" }],
    });
  }
  return version;
}

function actor(principal: Principal | undefined): Principal {
  if (!principal) throw httpErrors.unauthenticated();
  return principal;
}

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  ...demandPorts(),
  clock: request.clock,
});
const etag = (version: number) => ({ etag: `"${version}"` });

export const handler = httpHandler("demands-api", {
  "POST /v1/demands": route({ body: demandDraft }, async (request) => {
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
      body: z
        .object({
          decision: z.enum(["accept", "return"]),
          comment: z.string().trim().min(1).max(5000).optional(),
        })
        .strict(),
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
});
