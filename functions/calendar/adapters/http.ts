// Adapter (HTTP): the working-day calendar — which years the platform has (and which it counts provisionally), and an
// administrator loading a new year's holiday arrangement (法定节假日及调休), which recomputes the open notices counted
// provisionally in it.
import * as z from "zod/mini";
import { correctNoticeWindows } from "../../award/notice-calendar.ts";
import { awardDeps, recordStore } from "../../platform/deps.ts";
import { httpErrors } from "../../platform/http/errors.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { calendarYears, loadCalendarYear } from "../calendar.ts";
import { calendarYearLoadedSchema, getCalendarYears200Schema } from "../views.ts";

const isoDate = z.lazy(() => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")));

export const handler = httpHandler("calendar-api", {
  "GET /v1/calendar/years": route({ response: { 200: getCalendarYears200Schema } }, async (request) => ({
    status: 200,
    body: { items: await calendarYears(recordStore(), request.clock.now().getTime()) },
  })),

  "PUT /v1/calendar/years/{year}": route(
    () => ({
      params: z.strictObject({ year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)) }),
      body: z.strictObject({
        holidays: z.array(isoDate).check(z.maxLength(60)),
        makeUpWorkdays: z.array(isoDate).check(z.maxLength(20)),
        source: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
      }),
      response: { 200: calendarYearLoadedSchema },
    }),
    async (request) => {
      if (!request.principal) throw httpErrors.unauthenticated();
      const actor = { userId: request.principal.userId, role: "admin" };
      const record = await loadCalendarYear(
        { records: recordStore(), now: () => request.clock.now() },
        actor,
        { year: request.params.year, ...request.body },
      );
      // Open notices counted provisionally in this year are recomputed (extended, or their end confirmed); a retry
      // of this request finishes what a failed one left (each notice is corrected once, and EndNotice checks too).
      const noticeWindows = await correctNoticeWindows(awardDeps(request.clock), actor, record.year);
      return { status: 200, body: { ...record, noticeWindows } };
    },
  ),
});
