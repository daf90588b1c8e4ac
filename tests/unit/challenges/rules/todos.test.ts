// Unit tests of a challenge's to-do rule (functions/challenges/rules/todos.ts): the bureau's sign-off, the approver's,
// the bureau's resubmission — each while the publication execution waits for it; due after the term, or when it first
// ran out (overdueSince); none once a sign-off is sent and not yet applied.
import { describe, expect, it } from "vitest";
import type { ChallengeRecord } from "../../../../functions/challenges/model.ts";
import { challengeTodos } from "../../../../functions/challenges/rules/todos.ts";

const since = "2026-04-01T00:00:00.000Z";
const challenge = (kind: string | undefined, more: Partial<ChallengeRecord> = {}): ChallengeRecord =>
  ({
    id: "chl-1",
    version: 3,
    title: "高温合金叶片",
    status: "awaiting-bureau",
    ...(kind ? { pendingTask: { kind, token: "t", since } } : {}),
    ...more,
  }) as ChallengeRecord;

describe("challenge to-dos", () => {
  it("each sign-off is its role's, due 14 days on; the resubmission the bureau's, due 60 days on", () => {
    expect(challengeTodos(challenge("bureau-sign-off"))).toEqual([
      {
        action: "challenge.bureau-sign-off",
        since,
        deadline: "2026-04-15T00:00:00.000Z",
        title: "高温合金叶片",
        link: "/challenges/chl-1/sign-off",
        assignees: [{ role: "bureau" }],
      },
    ]);
    expect(challengeTodos(challenge("approver-sign-off"))).toMatchObject([
      { action: "challenge.approver-sign-off", assignees: [{ role: "approver" }] },
    ]);
    expect(challengeTodos(challenge("sign-off-resubmission"))).toMatchObject([
      { action: "challenge.resubmit", deadline: "2026-05-31T00:00:00.000Z", link: "/challenges/chl-1" },
    ]);
  });

  it("an overdue wait keeps its first deadline; nothing waits without a parked task or with a sign-off in flight", () => {
    expect(
      challengeTodos(challenge("bureau-sign-off", { overdueSince: "2026-04-15T00:00:01.000Z" }))[0]?.deadline,
    ).toBe("2026-04-15T00:00:01.000Z");
    expect(challengeTodos(challenge(undefined))).toEqual([]);
    expect(
      challengeTodos(
        challenge("bureau-sign-off", { pendingSignOff: {} as ChallengeRecord["pendingSignOff"] }),
      ),
    ).toEqual([]);
  });
});
