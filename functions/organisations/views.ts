// Use case (organisations): what the API returns of the organisation registry (机构名录) — one organisation, a page.
import * as z from "zod/mini";
import { int, lazySchema, pageOf, timestamp } from "../kernel/view-schemas.ts";
import { organisationTypes } from "./model.ts";

export const organisationSchema = lazySchema("Organisation", () =>
  z.object({
    id: z.string(),
    version: int(),
    registeredName: z.string(),
    uscc: z.string(),
    type: z.enum(organisationTypes),
    createdBy: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
export const organisationPageSchema = lazySchema("OrganisationPage", () => pageOf(organisationSchema()));
