// Unit tests of expert review's to-do rules (functions/review/rules/todos.ts): an expert scores an assignment (due 7
// days on) until scored or withdrawn; the bureau, then the approver, confirm a round's shortlist while it waits.
import { describe, expect, it } from "vitest";
import { todoActions } from "../../../../functions/kernel/todos.ts";
import type { ReviewAssignmentRecord, ReviewRoundRecord } from "../../../../functions/review/model.ts";
import { assignmentTodos, roundTodos } from "../../../../functions/review/rules/todos.ts";

const at = "2026-06-01T00:00:00.000Z";

describe("review to-dos", () => {
  it("an assignment is its expert's, due after the scoring term, until scored or withdrawn", () => {
    const a = {
      id: "asg-1",
      challengeId: "chl-1",
      expertId: "u-exp",
      status: "assigned",
      createdAt: at,
    } as ReviewAssignmentRecord;
    expect(assignmentTodos(a)).toEqual([
      {
        action: "review.score",
        since: at,
        deadline: "2026-06-08T00:00:00.000Z",
        titleFrom: { kind: "CHALLENGE", id: "chl-1" },
        link: "/reviews/asg-1/score",
        assignees: [{ user: "u-exp" }],
      },
    ]);
    expect(assignmentTodos({ ...a, status: "scored" })).toEqual([]);
    expect(assignmentTodos({ ...a, status: "withdrawn" })).toEqual([]);
  });

  it("a round's confirmations are the bureau's and the approver's; the scores and the shortlist wait for no staff role", () => {
    const round = (kind: ReviewRoundRecord["pendingTask"] extends infer T ? T : never) =>
      ({
        id: "rnd-1",
        challengeId: "chl-1",
        pendingTask: kind,
        decisions: [],
      }) as unknown as ReviewRoundRecord;
    expect(roundTodos(round({ kind: "bureau-confirmation", token: "t", since: at }))).toMatchObject([
      {
        action: "award.bureau-confirmation",
        assignees: [{ role: "bureau" }],
        deadline: "2026-07-01T00:00:00.000Z",
      },
    ]);
    expect(roundTodos(round({ kind: "approver-confirmation", token: "t", since: at }))).toMatchObject([
      { action: "award.approver-confirmation", assignees: [{ role: "approver" }] },
    ]);
    expect(roundTodos(round({ kind: "scores", token: "t", since: at }))).toEqual([]);
    expect(roundTodos(round({ kind: "shortlist", token: "t", since: at }))).toEqual([]);
    expect(roundTodos(round(undefined))).toEqual([]);
  });

  it("the shortlist is the challenge's enterprises' once the ranking waits for it, until they decided", () => {
    const round = {
      id: "rnd-1",
      challengeId: "chl-1",
      enterpriseOrganisationIds: ["org-ent"],
      pendingTask: { kind: "shortlist", token: "t", since: at },
      decisions: [],
    } as unknown as ReviewRoundRecord;
    expect(roundTodos(round)).toEqual([
      {
        action: "award.shortlist",
        since: at,
        deadline: "2026-07-01T00:00:00.000Z",
        titleFrom: { kind: "CHALLENGE", id: "chl-1" },
        link: "/awards/chl-1/shortlist",
        assignees: [{ role: "enterprise", organisationId: "org-ent" }],
      },
    ]);
    const decided = { kind: "shortlist", race: false, winners: 1, by: "u", at } as const;
    expect(roundTodos({ ...round, pendingDecision: decided } as unknown as ReviewRoundRecord)).toEqual([]);
  });

  it("a notice extended by the official calendar asks the bureau to confirm its re-announcement, due by the corrected end, until confirmed", () => {
    const extendedAt = "2027-09-28T02:00:00.000Z";
    const round = {
      id: "rnd-1",
      challengeId: "chl-1",
      decisions: [],
      noticeExtended: {
        noticeId: "ntc-1",
        previousLastDay: "2027-10-06",
        lastDay: "2027-10-08",
        year: 2027,
        at: extendedAt,
      },
    } as unknown as ReviewRoundRecord;
    expect(roundTodos(round)).toEqual([
      {
        action: "award.reannounce-notice",
        since: extendedAt,
        // 8 October, 23:59:59.999 in Shanghai
        deadline: "2027-10-08T15:59:59.999Z",
        titleFrom: { kind: "CHALLENGE", id: "chl-1" },
        link: "/challenges/chl-1",
        assignees: [{ role: "bureau" }],
      },
    ]);
    // Beside a confirmation the round waits for (a replacement's notice round), both.
    const waiting = { ...round, pendingTask: { kind: "bureau-confirmation", token: "t", since: at } };
    expect(roundTodos(waiting as unknown as ReviewRoundRecord).map((t) => t.action)).toEqual([
      "award.bureau-confirmation",
      "award.reannounce-notice",
    ]);
    const confirmed = {
      ...round,
      noticeExtended: { ...round.noticeExtended, reannounced: { by: "u-b", at: extendedAt } },
    } as unknown as ReviewRoundRecord;
    expect(roundTodos(confirmed)).toEqual([]);
  });

  it("every action a rule declares has a label in both languages", () => {
    for (const action of [
      "review.score",
      "award.shortlist",
      "award.bureau-confirmation",
      "award.approver-confirmation",
      "award.reannounce-notice",
    ]) {
      expect(todoActions).toHaveProperty([action, "zh"]);
    }
  });
});

describe("to-do dates", () => {
  it("never throw on a malformed date: a to-do must not fail its record's write", async () => {
    const { deadlineAfter, endOfShanghaiDay } = await import("../../../../functions/kernel/todos.ts");
    expect(deadlineAfter("not-a-date", 7)).toBe("not-a-date");
    expect(endOfShanghaiDay("2027-13-45x")).toBe("2027-13-45x");
    expect(endOfShanghaiDay("2027-01-30")).toBe("2027-01-30T15:59:59.999Z");
  });
});
