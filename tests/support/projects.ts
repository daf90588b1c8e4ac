// Test support: an awarded project (status awaiting-task-book) seeded straight into the record store — programme,
// challenge's winning application and the PROJECT record as the award writes them — so project lifecycle tests
// (立项 → 结题验收) start at the task book without driving the whole selection.

import { type ApplicationRecord, applicationKind } from "../../functions/applications/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created, type RecordStore } from "../../functions/platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../../functions/programmes/model.ts";
import { planGrant } from "../../functions/programmes/rules/grant.ts";
import { getPolicyPreset } from "../../functions/programmes/rules/policy.ts";
import {
  type ProjectRecord,
  projectKind,
  projectParties,
  projectPartyKind,
} from "../../functions/projects/model.ts";
import type { Runtime } from "../../local/runtime.ts";

export interface SeededProject {
  readonly projectId: string;
  readonly programmeId: string;
  readonly applicationId: string;
  readonly challengeId: string;
  readonly enterpriseOrg: string;
  readonly solverOrg: string;
}

let seeded = 0;

/**
 * A project of `enterpriseOrg` carried out by `solverOrg`, on a policy preset (default Taiyuan 2023): R&D investment
 * 10,000,000 CNY, 3,000,000 requested, the grant as the policy computes it, 24 months, milestones at 12 and 24 months.
 */
export async function awardedProject(
  runtime: Pick<Runtime, "clock">,
  options: {
    /** Where to write (default: the record store of this process's runtime, recordStore()). */
    records?: RecordStore;
    policyId?: string;
    enterpriseOrg?: string;
    solverOrg?: string;
    /** 赛马: another winner of that project's challenge (same programme and challenge). */
    sameChallengeAs?: SeededProject;
    /** The application's period (default 24 months; milestones at 12 and 24, or 12, 24 and 36 for 36). */
    periodMonths?: number;
  } = {},
): Promise<SeededProject> {
  seeded += 1;
  const policyId = options.policyId ?? "taiyuan-2023";
  const enterpriseOrg = options.enterpriseOrg ?? "ent-casting";
  const solverOrg = options.solverOrg ?? "uni-a";
  const at = new Date(runtime.clock.now()).toISOString();
  const note = { actor: "test", role: "bureau", action: "test.seeded" };
  const programme: ProgrammeRecord = {
    // A programme id of the API's shape (prg-<uuid>), so that GET /v1/programmes/{id} finds it.
    id:
      options.sameChallengeAs?.programmeId ??
      `prg-00000000-0000-4000-8000-${String(seeded).padStart(12, "0")}`,
    version: 1,
    name: "Project lifecycle test programme",
    nameZh: "项目管理测试批次",
    year: 2025,
    fields: ["高端装备制造"],
    policyId,
    policy: getPolicyPreset(policyId),
    budgetFen: 100_000_000_00,
    status: "open",
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
  };
  const application: ApplicationRecord = {
    id: `app-proj-${seeded}`,
    version: 1,
    challengeId: options.sameChallengeAs?.challengeId ?? `chl-proj-${seeded}`,
    programmeId: programme.id,
    leadOrganisationId: solverOrg,
    memberOrganisationIds: [],
    team: [
      {
        personId: `${solverOrg}-p1`,
        name: "王工",
        organisationId: solverOrg,
        role: "项目负责人",
        birthDate: "1992-05-01",
        isLead: true,
        isKey: false,
      },
      {
        personId: `${solverOrg}-p2`,
        name: "李博士",
        organisationId: solverOrg,
        role: "技术总师",
        birthDate: "1970-02-01",
        isLead: false,
        isKey: true,
      },
    ],
    chiefEngineerId: `${solverOrg}-p2`,
    technicalPlan: "定向凝固温度场闭环控制与缺陷在线检测。",
    budget: [
      { item: "设备费", amountFen: 6_000_000_00 },
      { item: "材料费", amountFen: 4_000_000_00 },
    ],
    rdInvestmentFen: 10_000_000_00,
    requestedFen: 3_000_000_00,
    periodMonths: options.periodMonths ?? 24,
    milestones: [
      {
        name: "中试线建成",
        monthsAfterStart: 12,
        indicators: [{ name: "良品率", target: ">= 85", unit: "%" }],
      },
      ...(options.periodMonths === 36
        ? [
            {
              name: "小批量试产",
              monthsAfterStart: 24,
              indicators: [{ name: "良品率", target: ">= 88", unit: "%" }],
            },
          ]
        : []),
      {
        name: "验收",
        monthsAfterStart: options.periodMonths ?? 24,
        indicators: [{ name: "良品率", target: ">= 92", unit: "%" }],
      },
    ],
    agreement: { enterpriseSignedAt: at, enterpriseSignedBy: "e1", solverSignedAt: at, solverSignedBy: "s1" },
    status: "awarded",
    submittedAt: at,
    createdBy: "s1",
    createdAt: at,
    updatedAt: at,
  };
  const project: ProjectRecord = {
    id: `prj-test-${seeded}`,
    version: 1,
    programmeId: programme.id,
    challengeId: application.challengeId,
    applicationId: application.id,
    enterprise: { organisationId: enterpriseOrg, name: enterpriseOrg },
    enterpriseOrganisationIds: [enterpriseOrg],
    solverLead: { organisationId: solverOrg, name: solverOrg },
    solverMembers: [],
    chiefEngineerId: application.chiefEngineerId,
    rdInvestmentFen: application.rdInvestmentFen,
    // As the award computes it: the programme's policy on the application's investment and request.
    grantFen: planGrant(programme.policy, {
      rdInvestmentFen: application.rdInvestmentFen,
      requestedFen: application.requestedFen,
    }).grantFen,
    status: "awaiting-task-book",
    noticeId: `ntc-proj-${seeded}`,
    awardedAt: at,
    createdAt: at,
    updatedAt: at,
  };
  await (options.records ?? recordStore()).write(
    [
      ...(options.sameChallengeAs ? [] : [created(programmeKind, programme, note)]),
      created(applicationKind, application, note),
      created(projectKind, project, note),
      ...projectParties(project).map((party) => created(projectPartyKind, party, note)),
    ],
    at,
  );
  return {
    projectId: project.id,
    programmeId: programme.id,
    applicationId: application.id,
    challengeId: application.challengeId,
    enterpriseOrg,
    solverOrg,
  };
}
