// Unit: the pure rules of applications (揭榜, 《太原市实施“双百攻关行动”工作方案》四（四）) — the window by the server's clock to the
// millisecond, and the content's consistency (duplicates, chief engineer, lead, budget sum, milestones, period).
import { describe, expect, it } from "vitest";
import { type ApplicationContent, contentIssues } from "../../../functions/applications/model.ts";
import { assertWindowOpen } from "../../../functions/applications/rules/window.ts";
import type { ChallengeRecord } from "../../../functions/challenges/model.ts";
import { DomainError } from "../../../functions/kernel/errors.ts";

const window = { opensAt: "2025-06-01T00:00:00.000Z", closesAt: "2025-06-30T09:00:00.000Z" };
const challenge = { id: "chl-1", status: "open", window } as unknown as ChallengeRecord;

function codeOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : "not a domain error";
  }
}

describe("assertWindowOpen", () => {
  it("accepts from opensAt up to the last millisecond before closesAt", () => {
    expect(codeOf(() => assertWindowOpen(challenge, new Date(window.opensAt)))).toBeUndefined();
    expect(
      codeOf(() => assertWindowOpen(challenge, new Date(Date.parse(window.closesAt) - 1))),
    ).toBeUndefined();
  });

  it("refuses before opening, at closesAt and after, and whenever the challenge is not open", () => {
    expect(codeOf(() => assertWindowOpen(challenge, new Date(Date.parse(window.opensAt) - 1)))).toBe(
      "APPLICATION_WINDOW_NOT_OPEN",
    );
    expect(codeOf(() => assertWindowOpen(challenge, new Date(window.closesAt)))).toBe(
      "APPLICATION_WINDOW_CLOSED",
    );
    expect(codeOf(() => assertWindowOpen(challenge, new Date(Date.parse(window.closesAt) + 1000)))).toBe(
      "APPLICATION_WINDOW_CLOSED",
    );
    const closed = { ...challenge, status: "closed" } as ChallengeRecord;
    expect(codeOf(() => assertWindowOpen(closed, new Date("2025-06-10T00:00:00Z")))).toBe(
      "CHALLENGE_NOT_OPEN",
    );
    const noWindow = { ...challenge, window: undefined } as unknown as ChallengeRecord;
    expect(codeOf(() => assertWindowOpen(noWindow, new Date("2025-06-10T00:00:00Z")))).toBe(
      "CHALLENGE_NOT_OPEN",
    );
  });
});

const person = (personId: string, isLead = false) => ({
  personId,
  name: personId,
  organisationId: "uni-001",
  role: "骨干",
  birthDate: "1990-01-01",
  isLead,
  isKey: !isLead,
});

const valid: ApplicationContent = {
  memberOrganisationIds: ["lab-002"],
  team: [person("p1", true), person("p2")],
  chiefEngineerId: "p2",
  technicalPlan: "plan",
  budget: [
    { item: "设备费", amountFen: 700 },
    { item: "材料费", amountFen: 300 },
  ],
  rdInvestmentFen: 1000,
  requestedFen: 300,
  periodMonths: 24,
  milestones: [
    { name: "a", monthsAfterStart: 12, indicators: [{ name: "x", target: "1" }] },
    { name: "b", monthsAfterStart: 24, indicators: [{ name: "x", target: "2" }] },
  ],
};

describe("contentIssues", () => {
  it("finds nothing wrong with a consistent application", () => {
    expect(contentIssues(valid)).toEqual([]);
  });

  it("names each inconsistency by its path", () => {
    const paths = contentIssues({
      ...valid,
      memberOrganisationIds: ["lab-002", "lab-003", "lab-002"],
      team: [person("p1"), person("p1")],
      chiefEngineerId: "p9",
      requestedFen: 1001,
      milestones: [
        { name: "a", monthsAfterStart: 12, indicators: [{ name: "x", target: "1" }] },
        { name: "b", monthsAfterStart: 12, indicators: [{ name: "x", target: "2" }] },
        { name: "c", monthsAfterStart: 30, indicators: [{ name: "x", target: "3" }] },
      ],
    }).map((i) => i.path);
    expect(paths).toEqual([
      "memberOrganisationIds.2",
      "team.1.personId",
      "chiefEngineerId",
      "team",
      "requestedFen",
      "milestones.1.monthsAfterStart",
      "milestones.2.monthsAfterStart",
    ]);
  });

  it("requires the budget items to sum to the R&D investment exactly", () => {
    expect(contentIssues({ ...valid, rdInvestmentFen: 1001 }).map((i) => i.path)).toEqual(["budget"]);
  });
});
