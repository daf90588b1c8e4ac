// Unit: the frame's responses never carry a workflow task token (functions/platform/http/task-tokens.ts, applied by
// response.ts to every JSON body): a pending task keeps what is awaited and since when, loses its token, wherever
// it is nested; `taskToken` keys go; everything else is untouched, text bodies included.
import { describe, expect, it } from "vitest";
import { jsonResponse } from "../../../functions/platform/http/response.ts";
import { withoutTaskTokens } from "../../../functions/platform/http/task-tokens.ts";

const pending = { kind: "approval", token: "AQCEAAAAKgAAAAMAAAAAAAAAAdz", since: "2025-06-02T02:00:00.000Z" };

describe("task tokens in responses", () => {
  it("withholds the token of every pending task, at any depth, and every taskToken key", () => {
    const body = {
      id: "pay-1",
      pendingTask: pending,
      track: { phase: 1, pendingTask: { token: "t-2", since: "x", phase: 1 } },
      items: [{ pendingTask: { ...pending, token: "t-3" } }, { taskToken: "t-4", note: "kept" }],
      nested: { step: { input: { TaskToken: "t-5", projectId: "p-1" } } },
    };
    expect(withoutTaskTokens(body)).toEqual({
      id: "pay-1",
      pendingTask: { kind: "approval", since: "2025-06-02T02:00:00.000Z" },
      track: { phase: 1, pendingTask: { since: "x", phase: 1 } },
      items: [{ pendingTask: { kind: "approval", since: "2025-06-02T02:00:00.000Z" } }, { note: "kept" }],
      nested: { step: { input: { projectId: "p-1" } } },
    });
    // The record itself is not changed: the use case still has its token.
    expect(body.pendingTask.token).toBe(pending.token);
  });

  it("keeps everything else as it is: other tokens, strings, numbers, nulls, dates", () => {
    const at = new Date("2025-06-02T02:00:00.000Z");
    const body = { token: "a bearer token", nextToken: "page-2", count: 3, none: null, at, list: ["token"] };
    expect(withoutTaskTokens(body)).toEqual(body);
    expect(withoutTaskTokens("text")).toBe("text");
  });

  it("applies to every JSON response of the frame, but not to a text body", () => {
    expect(JSON.parse(jsonResponse(200, { pendingTask: pending }).body)).toEqual({
      pendingTask: { kind: "approval", since: pending.since },
    });
    const csv = 'pendingTask,token\n"x","y"';
    expect(jsonResponse(200, csv, { "content-type": "text/csv" }).body).toBe(csv);
  });
});
