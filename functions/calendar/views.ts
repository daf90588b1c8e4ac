// Use case (calendar): what the API returns — every route's response body as a zod/mini schema, built on first use
// (functions/kernel/view-schemas.ts), named after the domain type it describes; the routes' results are typed by them.
import * as z from "zod/mini";
import { lazySchema } from "../kernel/view-schemas.ts";

export const getCalendarYears200Schema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        year: z.number(),
        source: z.string(),
        loaded: z.boolean(),
        /** Counted from the statutory holidays until the State Council's arrangement is loaded. */
        provisional: z.boolean(),
      }),
    ),
  }),
);
export const calendarYearRecordSchema = lazySchema("CalendarYearRecord", () =>
  z.object({
    loadedBy: z.string(),
    loadedAt: z.string(),
    id: z.string(),
    version: z.number(),
    year: z.number(),
    holidays: z.array(z.string()),
    makeUpWorkdays: z.array(z.string()),
    source: z.string(),
  }),
);
/** PUT /v1/calendar/years/{year}: the year as stored, and the open notices it recomputed (ids extended or confirmed). */
export const calendarYearLoadedSchema = lazySchema("CalendarYearLoaded", () =>
  z.object({
    ...calendarYearRecordSchema().shape,
    noticeWindows: z.object({ extended: z.array(z.string()), confirmed: z.array(z.string()) }),
  }),
);
