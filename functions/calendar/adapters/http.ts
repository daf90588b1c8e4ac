// Adapter (HTTP): the working-day calendar — which years the platform has, and an administrator loading a new year's
// holiday arrangement (法定节假日及调休) so public notices can be counted in it.
import * as z from "zod";
import { recordStore } from "../../platform/deps.ts";
import { httpErrors } from "../../platform/http/errors.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { calendarYears, loadCalendarYear } from "../calendar.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const handler = httpHandler("calendar-api", {
  "GET /v1/calendar/years": route({}, async () => ({
    status: 200,
    body: { items: await calendarYears(recordStore()) },
  })),

  "PUT /v1/calendar/years/{year}": route(
    {
      params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict(),
      body: z
        .object({
          holidays: z.array(isoDate).max(60),
          makeUpWorkdays: z.array(isoDate).max(20),
          source: z.string().trim().min(1).max(500),
        })
        .strict(),
    },
    async (request) => {
      if (!request.principal) throw httpErrors.unauthenticated();
      const record = await loadCalendarYear(
        { records: recordStore(), now: () => request.clock.now() },
        { userId: request.principal.userId, role: "admin" },
        { year: request.params.year, ...request.body },
      );
      return { status: 200, body: record };
    },
  ),
});
