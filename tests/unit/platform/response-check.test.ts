// Unit tests of the tests' response checker (tests/support/response-check.ts): what the e2e HTTP client holds every
// answer to — the documented status and the operation's schema — and the clear message when one does not match.
import { describe, expect, it } from "vitest";
import { checkResponse, ResponseMismatch } from "../../support/response-check.ts";

const programme = {
  id: "prg_1",
  name: "Key technology",
  nameZh: "关键技术",
  year: 2026,
  fields: ["新材料"],
  policyId: "taiyuan-2023",
  policy: {
    nameZh: "太原",
    subsidyRateBp: 3000,
    capFen: 100,
    maxPeriodMonths: 36,
    youngResearcherMinShareBp: 0,
    horseRaceLimit: 3,
    noticeWorkingDays: 5,
  },
  status: "open",
};

describe("the response checker", () => {
  it("accepts a body the document describes", () => {
    expect(() =>
      checkResponse({
        method: "GET",
        path: "/v1/public/programmes?limit=5",
        status: 200,
        contentType: "application/json",
        body: { items: [programme] },
      }),
    ).not.toThrow();
  });

  it("refuses a wrong body, naming the operation, the status and Ajv's errors", () => {
    const wrong = { items: [{ ...programme, year: "2026", extra: true }] };
    let error: unknown;
    try {
      checkResponse({
        method: "GET",
        path: "/v1/public/programmes",
        status: 200,
        contentType: null,
        body: wrong,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResponseMismatch);
    const message = (error as Error).message;
    expect(message).toContain("getPublicProgrammes (GET /v1/public/programmes) answered 200");
    expect(message).toContain("/items/0/year must be integer");
    expect(message).toContain("must NOT have additional properties");
  });

  it("refuses a status the operation does not document, and an error body without its code", () => {
    expect(() =>
      checkResponse({
        method: "GET",
        path: "/v1/public/programmes",
        status: 201,
        contentType: null,
        body: {},
      }),
    ).toThrow(/status not documented/);
    expect(() =>
      checkResponse({
        method: "GET",
        path: "/v1/programmes/prg_1",
        status: 404,
        contentType: "application/json",
        body: { message: "gone" },
      }),
    ).toThrow(/must have required property 'code'/);
  });

  it("refuses a path the document does not have", () => {
    expect(() =>
      checkResponse({ method: "GET", path: "/v1/nowhere", status: 200, contentType: null, body: {} }),
    ).toThrow(/no operation/);
  });
});
