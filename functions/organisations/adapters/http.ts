// Adapter (HTTP): the organisation registry's routes (机构名录) — the bureau or an admin registers and renames; every
// signed-in role reads one, finds one by code, lists them. Thin over organisations/organisations.ts.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor, etag, ifMatch } from "../../platform/http/request.ts";
import {
  changeOrganisation,
  listOrganisations,
  loadOrganisation,
  newOrganisation,
  organisationByCode,
  organisationChange,
  organisationIdSchema,
  registeredOrganisations,
  registerOrganisation,
} from "../organisations.ts";
import { organisationPageSchema, organisationSchema } from "../views.ts";

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

/** The role the caller acts in here (bureau before admin, as both may). */
const roleOf = (roles: readonly string[]) => (roles.includes("bureau") ? "bureau" : "admin");

export const handler = httpHandler("organisations-api", {
  "POST /v1/organisations": route(
    () => ({
      body: newOrganisation,
      response: { 201: organisationSchema },
      description:
        "Refuses 400 USCC_INVALID (length, characters, or the GB 32100-2015 check character), 409 ORGANISATION_EXISTS " +
        "for an id already registered and 409 USCC_HELD for a code another organisation holds.",
    }),
    async (request) => {
      const caller = actor(request.principal);
      const organisation = await registerOrganisation(
        deps(request),
        caller,
        request.body,
        roleOf(caller.roles),
      );
      return {
        status: 201,
        body: organisation,
        headers: { ...etag(organisation.version), location: `/v1/organisations/${organisation.id}` },
      };
    },
  ),

  "GET /v1/organisations": route(
    () => ({
      query: z.strictObject({
        uscc: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
        id: z.optional(organisationIdSchema),
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: organisationPageSchema },
      description:
        "With ?uscc= the page holds the one organisation holding that code, or none; with ?id= the one registered under that id, or none (a page asking whether someone is registered gets an empty page, not a 404).",
    }),
    async (request) => {
      if (request.query.uscc !== undefined) {
        const found = await organisationByCode(deps(request), request.query.uscc);
        return { status: 200, body: { items: found ? [found] : [] } };
      }
      if (request.query.id !== undefined) {
        const found = await registeredOrganisations(deps(request).records, [request.query.id]);
        const organisation = found.get(request.query.id);
        return { status: 200, body: { items: organisation ? [organisation] : [] } };
      }
      const page = await listOrganisations(deps(request), request.query);
      return { status: 200, body: { items: page.items, ...(page.next ? { next: page.next } : {}) } };
    },
  ),

  "GET /v1/organisations/{organisationId}": route(
    () => ({
      params: z.strictObject({ organisationId: organisationIdSchema }),
      response: { 200: organisationSchema },
    }),
    async (request) => {
      const organisation = await loadOrganisation(deps(request), request.params.organisationId);
      return { status: 200, body: organisation, headers: etag(organisation.version) };
    },
  ),

  "PATCH /v1/organisations/{organisationId}": route(
    () => ({
      params: z.strictObject({ organisationId: organisationIdSchema }),
      body: organisationChange,
      response: { 200: organisationSchema },
      description:
        "Needs If-Match with the version read; the code never changes (a new code is a new registration).",
    }),
    async (request) => {
      const caller = actor(request.principal);
      const organisation = await changeOrganisation(
        deps(request),
        caller,
        request.params.organisationId,
        ifMatch(request, true) as number,
        request.body,
        roleOf(caller.roles),
      );
      return { status: 200, body: organisation, headers: etag(organisation.version) };
    },
  ),
});
