// Adapter (HTTP): the request schemas the project routes share (identifiers, bounded text, dates, a project's and a
// milestone's path parameters), built on first use.
import * as z from "zod/mini";
import { isIsoDate } from "../../kernel/dates.ts";

export const identifier = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, "letters, digits and . _ : @ -"),
    ),
);
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
export const isoDate = z.lazy(() =>
  z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" })),
);
export const projectParams = z.lazy(() => z.strictObject({ projectId: identifier }));
export const milestone = z.lazy(() => z.coerce.number().check(z.int(), z.gte(1), z.lte(36)));
export const milestoneParams = z.lazy(() => z.strictObject({ projectId: identifier, milestone }));
export const indicator = z.lazy(() =>
  z.strictObject({ name: text(200), target: text(200), unit: z.optional(text(32)) }),
);
export const revision = z.lazy(() => z.number().check(z.int(), z.gte(1)));
