// Unit tests of 回避 by unified social credit code in the expert pool's use cases (functions/review/pool.ts) on the
// in-memory record store: a conflict declared against a registered organisation keeps its code, and the experts
// eligible for a panel leave out an expert whose organisation or declared conflict is an applicant's body by code.
import { describe, expect, it } from "vitest";
import type { Actor } from "../../../functions/kernel/actor.ts";
import { registerOrganisation } from "../../../functions/organisations/organisations.ts";
import { usccCheckCharacter } from "../../../functions/organisations/rules/uscc.ts";
import { declareConflict, eligibleExperts, registerExpert } from "../../../functions/review/pool.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const code = (base17: string) => `${base17}${usccCheckCharacter(base17)}`;
const bureau = { userId: "b1", organisationId: "stb", roles: ["bureau"] } as unknown as Actor;

async function setup() {
  const records = memoryRecordStore();
  const clock = fixedClock("2026-05-04T02:00:00.000Z");
  const deps = { records, clock, workflows: {} as never };
  const org = (organisationId: string, uscc: string) =>
    registerOrganisation({ records, clock }, bureau, {
      organisationId,
      registeredName: `${organisationId} 单位`,
      uscc,
      type: "enterprise",
    });
  return { deps, org };
}

const expertise = "technical" as const;

describe("回避 by unified social credit code", () => {
  it("keeps the code a conflict was declared under, and leaves the expert out of a panel of that body", async () => {
    const { deps, org } = await setup();
    const lead = code("91140100MA0K00053");
    await org("lead-a", lead);
    await org("expert-home", code("91140100MA0K00061"));
    await registerExpert(deps, bureau, {
      expertId: "x1",
      organisationId: "expert-home",
      name: "张",
      expertise,
    });
    await registerExpert(deps, bureau, {
      expertId: "x2",
      organisationId: "expert-home",
      name: "李",
      expertise,
    });
    const declared = await declareConflict(
      deps,
      { userId: "x1", organisationId: "expert-home", roles: ["expert"] } as never,
      {
        organisationId: "lead-a",
        reason: "近三年曾在该单位兼职",
      },
    );
    expect(declared.conflicts[0]).toMatchObject({ organisationId: "lead-a", uscc: lead });
    const parties = { enterpriseIds: ["ent-z"], solverOrganisationIds: ["lead-a"] };
    const eligible = await eligibleExperts(deps, parties, new Set());
    expect(eligible.map((e) => e.expert.id)).toEqual(["x2"]);
  });
});
