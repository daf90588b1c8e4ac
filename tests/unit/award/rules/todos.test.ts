// Unit tests of the award's to-do rule (functions/award/rules/todos.ts): the bureau rules on a notice's objections
// while the award execution waits for the ruling, due after the ruling term.
import { describe, expect, it } from "vitest";
import type { NoticeRecord } from "../../../../functions/award/model.ts";
import { noticeTodos } from "../../../../functions/award/rules/todos.ts";

describe("notice to-dos", () => {
  it("a ruling on objections is the bureau's, due 30 days on; none otherwise", () => {
    const n = {
      id: "ntc-1",
      title: "关于…的公示",
      status: "ruling",
      pendingTask: { kind: "ruling", token: "t", since: "2026-07-01T00:00:00.000Z" },
    } as NoticeRecord;
    expect(noticeTodos(n)).toEqual([
      {
        action: "award.ruling",
        since: "2026-07-01T00:00:00.000Z",
        deadline: "2026-07-31T00:00:00.000Z",
        title: "关于…的公示",
        link: "/notices/ntc-1/objections",
        assignees: [{ role: "bureau" }],
      },
    ]);
    expect(noticeTodos({ ...n, pendingTask: undefined, status: "ended" })).toEqual([]);
  });
});
