// Unit tests (tests/unit/domain/): lifecycles as data — transitions, actors and guards.
import { describe, expect, it } from "vitest";
import {
  allowedActions,
  applicationLifecycle,
  challengeLifecycle,
  findTransition,
  guardNames,
  guards,
  lifecycles,
  paymentLifecycle,
  projectLifecycle,
  trancheLifecycle,
  transition,
} from "../../../functions/domain/lifecycle.ts";
import { getPolicyPreset } from "../../../functions/domain/policy.ts";

const policy = getPolicyPreset("taiyuan-2023");

describe("lifecycle data is consistent", () => {
  for (const lc of Object.values(lifecycles)) {
    it(`${lc.name}: every state reachable from the initial one, terminal states have no exits`, () => {
      const all = lc.states as readonly string[];
      for (const tr of lc.transitions) {
        expect(all).toContain(tr.to);
        for (const f of tr.from) expect(all).toContain(f);
        for (const g of tr.guards) expect(guardNames).toContain(g);
      }
      const seen = new Set<string>([lc.initial]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const tr of lc.transitions)
          if (tr.from.some((f) => seen.has(f)) && !seen.has(tr.to)) {
            seen.add(tr.to);
            grew = true;
          }
      }
      expect([...seen].sort()).toEqual([...all].sort());
      for (const s of lc.terminal) expect(allowedActions(lc as never, s)).toEqual([]);
    });
  }
});

describe("transition", () => {
  it("moves a challenge through its life", () => {
    let s = challengeLifecycle.initial;
    s = transition(challengeLifecycle, s, "refine", "bureau");
    s = transition(challengeLifecycle, s, "approve", "approver", { policy, horseRaceSlots: 2 });
    s = transition(challengeLifecycle, s, "publish", "bureau");
    s = transition(challengeLifecycle, s, "close", "bureau");
    s = transition(challengeLifecycle, s, "award", "bureau", { policy, horseRaceSlots: 2, winners: 2 });
    expect(s).toBe("awarded");
  });
  it("refuses unknown transitions with a conflict listing the allowed ones", () => {
    expect(() => transition(challengeLifecycle, "draft", "publish", "bureau")).toThrow(
      expect.objectContaining({
        code: "INVALID_TRANSITION",
        kind: "conflict",
        message: expect.stringContaining("refine, withdraw"),
      }),
    );
    expect(() => findTransition(challengeLifecycle, "awarded", "publish")).toThrow(/allowed: none/);
  });
  it("refuses the wrong actor", () => {
    expect(() => transition(challengeLifecycle, "refining", "approve", "bureau")).toThrow(
      expect.objectContaining({ code: "ACTOR_NOT_ALLOWED", kind: "forbidden" }),
    );
  });
  it("a programming error when a guard lacks context", () => {
    expect(() => transition(challengeLifecycle, "refining", "approve", "approver")).toThrow(TypeError);
  });

  describe("application guards", () => {
    const team = [{ birthDate: "1990-01-01", isLead: true, isKey: false }];
    const ok = {
      policy,
      team,
      today: "2026-03-01",
      periodMonths: 36,
      organisationIds: ["org"],
      creditRecords: [],
    };
    it("submit: not blacklisted, young researchers, period", () => {
      expect(transition(applicationLifecycle, "draft", "submit", "solver", ok)).toBe("submitted");
      expect(() =>
        transition(applicationLifecycle, "draft", "submit", "solver", {
          ...ok,
          creditRecords: [{ organisationId: "org", recordedOn: "2025-01-01", blockedUntil: "2028-01-01" }],
        }),
      ).toThrow(expect.objectContaining({ code: "ORGANISATION_BLACKLISTED" }));
      expect(() =>
        transition(applicationLifecycle, "draft", "submit", "solver", { ...ok, periodMonths: 48 }),
      ).toThrow(expect.objectContaining({ code: "PERIOD_EXCEEDS_MAX" }));
      expect(() =>
        transition(applicationLifecycle, "draft", "submit", "solver", {
          ...ok,
          team: [{ birthDate: "1970-01-01", isLead: true, isKey: false }],
        }),
      ).toThrow(expect.objectContaining({ code: "YOUNG_RESEARCHER_SHARE_TOO_LOW" }));
    });
    it("objections during the notice; award only after the notice with none open", () => {
      const endsAt = Date.parse("2025-10-13T23:59:59.999+08:00");
      expect(transition(applicationLifecycle, "on-notice", "object", "public")).toBe("objected");
      expect(transition(applicationLifecycle, "objected", "dismiss-objection", "bureau")).toBe("on-notice");
      expect(transition(applicationLifecycle, "objected", "uphold-objection", "bureau")).toBe("rejected");
      const award = { policy, horseRaceSlots: 1, winners: 1, noticeEndsAtMs: endsAt, openObjections: 0 };
      expect(() =>
        transition(applicationLifecycle, "on-notice", "award", "bureau", { ...award, nowMs: endsAt }),
      ).toThrow(
        expect.objectContaining({ code: "NOTICE_RUNNING", messageZh: expect.stringContaining("2025-10-13") }),
      );
      expect(() =>
        transition(applicationLifecycle, "on-notice", "award", "bureau", {
          ...award,
          nowMs: endsAt + 1,
          openObjections: 1,
        }),
      ).toThrow(expect.objectContaining({ code: "OBJECTIONS_OPEN", kind: "conflict" }));
      expect(() =>
        transition(applicationLifecycle, "on-notice", "award", "bureau", {
          ...award,
          nowMs: endsAt + 1,
          winners: 2,
        }),
      ).toThrow(expect.objectContaining({ code: "HORSE_RACE_LIMIT_EXCEEDED" }));
      expect(
        transition(applicationLifecycle, "on-notice", "award", "bureau", { ...award, nowMs: endsAt + 1 }),
      ).toBe("awarded");
    });
  });

  it("project: task book within the period, solver and chief engineer locked", () => {
    const solver = { solverLeadId: "u", solverMemberIds: [], chiefEngineerId: "p" };
    const ctx = {
      policy,
      taskBook: { startDate: "2025-07-01", endDate: "2028-06-30" },
      approvedSolver: solver,
      proposedSolver: solver,
    };
    expect(transition(projectLifecycle, "awaiting-task-book", "sign-task-book", "bureau", ctx)).toBe(
      "in-progress",
    );
    expect(() =>
      transition(projectLifecycle, "in-progress", "amend-team", "bureau", {
        ...ctx,
        proposedSolver: { ...solver, chiefEngineerId: "q" },
      }),
    ).toThrow(expect.objectContaining({ code: "CHIEF_ENGINEER_LOCKED" }));
    expect(transition(projectLifecycle, "extended", "terminate", "bureau")).toBe("terminated");
  });

  it("tranche and payment: nothing payable on a rejected or unreviewed milestone", () => {
    const payability = {
      signedOn: "2025-07-01",
      milestones: [{ index: 1, status: "rejected" as const }],
      finalAccepted: false,
      today: "2026-01-01",
    };
    const condition = { kind: "milestone-passed" as const, milestone: 1 };
    expect(() =>
      transition(trancheLifecycle, "planned", "become-due", "bureau", { condition, payability }),
    ).toThrow(expect.objectContaining({ code: "MILESTONE_NOT_PASSED" }));
    expect(() =>
      transition(paymentLifecycle, "drafted", "approve", "approver", { condition, payability }),
    ).toThrow(expect.objectContaining({ code: "MILESTONE_NOT_PASSED" }));
    const passed = { ...payability, milestones: [{ index: 1, status: "passed" as const }] };
    expect(
      transition(trancheLifecycle, "planned", "become-due", "bureau", { condition, payability: passed }),
    ).toBe("due");
    expect(
      transition(paymentLifecycle, "drafted", "approve", "approver", { condition, payability: passed }),
    ).toBe("approved");
    expect(transition(paymentLifecycle, "submitted", "confirm", "finance")).toBe("paid");
    expect(transition(trancheLifecycle, "approved", "cancel", "finance")).toBe("cancelled");
  });

  it("every guard is implemented", () => {
    expect(Object.keys(guards).sort()).toEqual([...guardNames].sort());
  });
});
