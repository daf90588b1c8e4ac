// Unit: filing an application against the organisation registry (机构名录) from this container's recent reads — an
// amendment does not read the registry again for a party found unregistered a moment ago, but guards that absence in
// its transaction, so a registration in between still gives the amendment the registered name and code.
import { describe, expect, it, vi } from "vitest";
import { amendApplication, applyToChallenge } from "../../../functions/applications/filing.ts";
import { type ChallengeRecord, challengeKind } from "../../../functions/challenges/model.ts";
import { type OrganisationRecord, organisationKind } from "../../../functions/organisations/model.ts";
import { created } from "../../../functions/platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../../../functions/programmes/model.ts";
import { getPolicyPreset } from "../../../functions/programmes/rules/policy.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const at = "2026-03-02T02:00:00.000Z";
const seeded = { actor: "test", role: "bureau", action: "test.seeded" };

const programme: ProgrammeRecord = {
  id: "prg-registry",
  version: 1,
  name: "p",
  nameZh: "批次",
  year: 2026,
  fields: ["高端装备制造"],
  policyId: "taiyuan-2023",
  policy: getPolicyPreset("taiyuan-2023"),
  budgetFen: 1_000_000_00,
  status: "open",
  createdBy: "test",
  createdAt: at,
  updatedAt: at,
};

const challenge: ChallengeRecord = {
  id: "chl-registry",
  version: 1,
  programmeId: programme.id,
  demandIds: ["dmd-1"],
  enterpriseOrganisationIds: ["ent-1"],
  field: "高端装备制造",
  title: "榜单",
  description: "d",
  keyTechnologies: [{ name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] }],
  fundingCapFen: 5_000_000_00,
  rdInvestmentFen: 20_000_000_00,
  periodMonths: 36,
  solverRequirements: "中试条件",
  horseRace: { allowed: false, maxWinners: 1 },
  window: { opensAt: "2026-03-01T00:00:00.000Z", closesAt: "2026-03-31T00:00:00.000Z" },
  status: "open",
  round: 1,
  publishedAt: "2026-03-01T00:00:00.000Z",
  createdBy: "test",
  createdAt: at,
  updatedAt: at,
};

const content = (org: string) => ({
  memberOrganisationIds: [],
  team: [
    {
      personId: "p1",
      name: "王工",
      organisationId: org,
      role: "项目负责人",
      birthDate: "1992-05-01",
      isLead: true,
      isKey: false,
    },
    {
      personId: "p2",
      name: "李博士",
      organisationId: org,
      role: "技术总师",
      birthDate: "1975-02-01",
      isLead: false,
      isKey: true,
    },
  ],
  chiefEngineerId: "p2",
  technicalPlan: "方案",
  budget: [{ item: "设备费", amountFen: 10_000_000_00 }],
  rdInvestmentFen: 10_000_000_00,
  requestedFen: 3_000_000_00,
  periodMonths: 24,
  milestones: [{ name: "验收", monthsAfterStart: 24, indicators: [{ name: "良品率", target: ">= 92" }] }],
});

describe("an application's parties in the organisation registry, from recent reads", () => {
  it("amends without reading the registry for a party just found unregistered, and a registration meanwhile still names it", async () => {
    const records = memoryRecordStore();
    await records.write(
      [created(programmeKind, programme, seeded), created(challengeKind, challenge, seeded)],
      at,
    );
    const reads = vi.spyOn(records, "getMany");
    const deps = { records, clock: fixedClock(at), organisationRegistry: "optional" as const };
    const org = "uni-registry-absence";
    const actor = { userId: "u-1", organisationId: org, roles: ["solver" as const] };

    const draft = await applyToChallenge(deps, actor, challenge.id, content(org));
    expect(reads).toHaveBeenCalledTimes(1);
    expect(draft.organisationCodes).toBeUndefined();

    // The absence read a moment ago is relied on, guarded in the amendment's transaction: no second read.
    const amended = await amendApplication(deps, actor, draft.id, 1, { technicalPlan: "修订" });
    expect(amended.version).toBe(2);
    expect(reads).toHaveBeenCalledTimes(1);

    // Registered meanwhile (by another container, say): the guard fails, the amendment reruns on a fresh read.
    const registered: OrganisationRecord = {
      id: org,
      version: 1,
      registeredName: "太原示例理工大学",
      uscc: "12140100MB0000000A",
      type: "university",
      createdBy: "b-1",
      createdAt: at,
      updatedAt: at,
    };
    await records.write([created(organisationKind, registered, seeded)], at);
    const renamed = await amendApplication(deps, actor, draft.id, 2, { technicalPlan: "再修订" });
    expect(reads).toHaveBeenCalledTimes(2);
    expect(renamed.version).toBe(3);
    expect(renamed.organisationNames).toEqual({ [org]: "太原示例理工大学" });
    expect(renamed.organisationCodes).toEqual({ [org]: "12140100MB0000000A" });
    expect((await records.auditTrail(organisationKind as never, org)).length).toBe(1);
  });
});
