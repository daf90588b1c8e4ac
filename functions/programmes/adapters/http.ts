// Adapter (HTTP): programme (批次) routes — the bureau creates one from a policy preset or a custom policy; every
// signed-in role reads them. Thin over programmes/programmes.ts.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor, etag } from "../../platform/http/request.ts";
import { createProgramme, listProgrammes, loadProgramme, newProgramme } from "../programmes.ts";
import { policyPresets } from "../rules/policy.ts";
import { policyPresetsSchema, programmePageSchema, programmeSchema } from "../views.ts";

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("programmes-api", {
  "POST /v1/programmes": route(
    () => ({
      body: newProgramme,
      response: { 201: programmeSchema },
      description: "Refuses 422 when the policy preset is unknown or a custom policy breaks its own rules.",
    }),
    async (request) => {
      const programme = await createProgramme(deps(request), actor(request.principal), request.body);
      return {
        status: 201,
        body: programme,
        headers: { ...etag(programme.version), location: `/v1/programmes/${programme.id}` },
      };
    },
  ),

  "GET /v1/programmes": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: programmePageSchema },
    }),
    async (request) => {
      const page = await listProgrammes(deps(request), request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),

  "GET /v1/policy-presets": route(
    () => ({ response: { 200: policyPresetsSchema } }),
    async () => ({ status: 200, body: { items: Object.values(policyPresets) } }),
  ),

  "GET /v1/programmes/{programmeId}": route(
    () => ({
      params: z.strictObject({ programmeId: z.string().check(z.minLength(1), z.maxLength(64)) }),
      response: { 200: programmeSchema },
    }),
    async (request) => {
      const programme = await loadProgramme(deps(request), request.params.programmeId);
      return { status: 200, body: programme, headers: etag(programme.version) };
    },
  ),
});
