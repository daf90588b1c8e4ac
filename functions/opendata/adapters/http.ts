// Adapter (HTTP, no login): open data (公开数据) — every award and its disbursements as a 360Giving Data Standard package
// (JSON) or its CSV. Only rules/grants.ts's public fields leave this function (docs/open-data.md).
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { openDataNow } from "../open-data.ts";
import { grantsCsv } from "../rules/grants.ts";

/** The package as the OpenAPI document shows it; the 360Giving schema (schemas/360giving/) is the full description. */
const openDataPackageSchema = () =>
  z.looseObject({
    version: z.string(),
    title: z.string(),
    issued: z.string(),
    publisher: z.object({ identifier: z.string(), name: z.string() }),
    license: z.string(),
    grants: z.array(
      z.looseObject({ id: z.string(), amountAwarded: z.number(), amountDisbursed: z.number() }),
    ),
  });

const cacheable = { "cache-control": "public, max-age=300" };
const described =
  "360Giving Data Standard 1.4 (https://standard.threesixtygiving.org/): each award (揭榜挂帅 project) with its amount awarded and disbursed (net of money recovered), planned dates, recipient and funding organisations (CN-USCI- identifiers from the unified social credit codes) and grant programme; recovered money is a negative disbursement transaction. No people, scores, bank details or budgets. See docs/open-data.md.";

export const handler = httpHandler("open-data-api", {
  "GET /v1/public/open-data/grants.json": route(
    () => ({
      response: { 200: openDataPackageSchema },
      description: described,
    }),
    async (request) => ({
      status: 200,
      body: await openDataNow({ records: recordStore(), now: () => request.clock.now() }),
      headers: cacheable,
    }),
  ),

  "GET /v1/public/open-data/grants.csv": route(
    () => ({
      response: {
        200: { description: "the grants as 360Giving CSV (UTF-8 with a BOM)", contentType: "text/csv" },
      },
      description: described,
    }),
    async (request) => {
      const pkg = await openDataNow({ records: recordStore(), now: () => request.clock.now() });
      return {
        status: 200,
        body: grantsCsv(pkg.grants),
        headers: {
          ...cacheable,
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="grants.csv"',
        },
      };
    },
  ),
});
