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
  it("a replacement's notice (递补公示): its open objections are the bureau's from the first raised, due 30 days after the window; none once ruled or superseded", () => {
    const n = {
      id: "ntc-r",
      title: "递补公示",
      status: "open",
      publishedAt: "2027-03-01T02:00:00.000Z",
      endsAt: "2027-03-05T16:00:00.000Z",
      replacement: { projectId: "prj-2", replacedProjectId: "prj-1", replacedOrganisationNames: ["甲"] },
      objections: [
        { objectionId: "obj-2", winnerPosition: 1, status: "open", raisedAt: "2027-03-03T01:00:00.000Z" },
        { objectionId: "obj-1", winnerPosition: 1, status: "open", raisedAt: "2027-03-02T01:00:00.000Z" },
      ],
    } as unknown as NoticeRecord;
    expect(noticeTodos(n)).toEqual([
      {
        action: "award.ruling",
        since: "2027-03-02T01:00:00.000Z",
        deadline: "2027-04-04T16:00:00.000Z",
        title: "递补公示",
        link: "/notices/ntc-r/objections",
        assignees: [{ role: "bureau" }],
      },
    ]);
    const ruled = n.objections.map((o) => ({ ...o, status: "dismissed" as const }));
    expect(noticeTodos({ ...n, objections: ruled })).toEqual([]);
    expect(noticeTodos({ ...n, status: "superseded" })).toEqual([]);
    expect(noticeTodos({ ...n, objections: [] })).toEqual([]);
  });
});
