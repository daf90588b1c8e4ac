// Unit tests of the error mapper (functions/platform/http/error-mapper.ts) alone: each kind of error to its status,
// body and headers; a refusal logged at info, a crash at error with the error itself, never in the response; the
// response set without ending middy's onError chain (the correlation id's onError still runs after it).
import { describe, expect, it } from "vitest";
import { businessRuleError, conflictError, notFoundError } from "../../../functions/kernel/errors.ts";
import { errorMapper } from "../../../functions/platform/http/error-mapper.ts";
import { httpErrors } from "../../../functions/platform/http/errors.ts";
import type { Logger } from "../../../functions/platform/logger.ts";
import { apiEvent, middyRequest, run } from "../../support/middleware.ts";

function recorder() {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: (message, data) => lines.push({ level: "debug", message, ...(data ? { data } : {}) }),
    info: (message, data) => lines.push({ level: "info", message, ...(data ? { data } : {}) }),
    warn: (message, data) => lines.push({ level: "warn", message, ...(data ? { data } : {}) }),
    error: (message, data) => lines.push({ level: "error", message, ...(data ? { data } : {}) }),
    child: () => logger,
  };
  return { lines, logger };
}

async function mapped(error: unknown) {
  const { lines, logger } = recorder();
  const request = middyRequest(apiEvent(), { awsRequestId: "l-9" });
  request.error = error as Error;
  const returned = await run(errorMapper(logger), "onError", request);
  const response = request.response!;
  return { returned, lines, response, body: JSON.parse(response.body) as Record<string, unknown> };
}

describe("the error mapper", () => {
  it("maps the frame's refusals with their status, headers and both languages, logged at info", async () => {
    const { returned, lines, response, body } = await mapped(httpErrors.unauthenticated());
    expect(returned).toBeUndefined();
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({
      "www-authenticate": 'Bearer realm="jiebang"',
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    expect(body).toEqual({
      code: "UNAUTHENTICATED",
      message: "A valid bearer token is required",
      messageZh: "需要有效的身份令牌",
    });
    expect(lines).toEqual([
      {
        level: "info",
        message: "request refused",
        data: { status: 401, code: "UNAUTHENTICATED", awsRequestId: "l-9" },
      },
    ]);
  });

  it("maps domain errors by kind: not found 404, conflict 409, business rule 422", async () => {
    expect((await mapped(notFoundError("NO_DEMAND", "no demand", "无此需求"))).response.statusCode).toBe(404);
    expect((await mapped(conflictError("VERSION_CONFLICT", "changed", "已修改"))).response.statusCode).toBe(
      409,
    );
    const rule = await mapped(businessRuleError("RULE", "broken", "违反规则"));
    expect(rule.response.statusCode).toBe(422);
    expect(rule.body).toEqual({ code: "RULE", message: "broken", messageZh: "违反规则" });
  });

  it("hides anything else behind a 500, logging the error itself at error", async () => {
    const crash = new Error("secret detail");
    const { response, body, lines } = await mapped(crash);
    expect(response.statusCode).toBe(500);
    expect(body).toEqual({
      code: "INTERNAL",
      message: "Internal error; it has been logged",
      messageZh: "服务器内部错误，已记录",
    });
    expect(response.body).not.toContain("secret");
    expect(lines).toEqual([
      { level: "error", message: "request failed", data: { error: crash, awsRequestId: "l-9" } },
    ]);
  });
});
