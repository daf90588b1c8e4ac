// Test support: the challenge of a seeded project (tests/support/projects.ts) with its review round's ranking, as a
// replacement (递补) reads them — the project's application first, then uni-b (rank 2, its 揭榜 agreement not signed by
// the enterprise) and uni-c (rank 3, signed), both not selected — or the candidates given, by name; or the project's
// application alone.
import { type ApplicationRecord, applicationKind } from "../../functions/applications/model.ts";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { type ReviewRoundRecord, roundKind } from "../../functions/review/model.ts";
import type { SeededProject } from "./projects.ts";

/**
 * The challenge of a seeded project and its round's ranking: the project's application first, then uni-b (rank 2,
 * the 揭榜 agreement not signed by the enterprise) and uni-c (rank 3, signed), both not selected.
 */
export async function rankedChallenge(
  project: SeededProject,
  withCandidates = true,
  /** Other candidates instead of uni-b and uni-c: ranked 2, 3, … in this order, each with its name. */
  candidates?: readonly { org: string; name: string; signed: boolean }[],
) {
  const records = recordStore();
  const winner = (await records.get(applicationKind, project.applicationId)) as ApplicationRecord;
  const at = winner.createdAt;
  const note = { actor: "test", role: "bureau", action: "test.seeded" };
  const other = (org: string, rank: number, signed: boolean): ApplicationRecord => ({
    ...winner,
    id: `${project.applicationId}-${org}`,
    leadOrganisationId: org,
    team: winner.team.map((m) => ({
      ...m,
      personId: m.personId.replace(winner.leadOrganisationId, org),
      organisationId: org,
    })),
    chiefEngineerId: winner.chiefEngineerId.replace(winner.leadOrganisationId, org),
    agreement: signed ? winner.agreement : { solverSignedAt: at, solverSignedBy: "s" },
    status: "not-selected",
    rank,
  });
  const b = other("uni-b", 2, false);
  const c = other("uni-c", 3, true);
  const listed = (candidates ?? []).map((x, i) => ({
    ...other(x.org, i + 2, x.signed),
    organisationNames: { [x.org]: x.name },
  }));
  const ranked = candidates ? listed : [b, c];
  const challenge: ChallengeRecord = {
    id: project.challengeId,
    version: 1,
    programmeId: project.programmeId,
    demandIds: [],
    enterpriseOrganisationIds: [project.enterpriseOrg],
    field: "高端装备制造",
    title: "高温合金叶片定向凝固",
    description: "performance",
    keyTechnologies: [{ name: "定向凝固", targetMetrics: [{ name: "良品率", target: ">= 92", unit: "%" }] }],
    fundingCapFen: 3_000_000_00,
    rdInvestmentFen: 10_000_000_00,
    periodMonths: 24,
    solverRequirements: "中试条件",
    horseRace: { allowed: false, maxWinners: 1 },
    window: { opensAt: at, closesAt: at },
    status: "awarded",
    round: 1,
    publishedAt: at,
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
  };
  const round: ReviewRoundRecord = {
    id: `rnd-${challenge.id}-r1`,
    version: 1,
    challengeId: challenge.id,
    programmeId: project.programmeId,
    round: 1,
    panelSize: 5,
    status: "awarded",
    assignments: [],
    ranking: (withCandidates ? [winner, ...ranked] : [winner]).map((a, i) => ({
      applicationId: a.id,
      rank: i + 1,
      scoreBp: 9000 - i * 500,
      financeBudgetPoints: 10,
    })),
    decisions: [],
    noticeIds: [],
    projectIds: [project.projectId],
    createdAt: at,
    updatedAt: at,
  };
  await records.write(
    [
      created(challengeKind, challenge, note),
      created(roundKind, round, note),
      ...(withCandidates ? ranked.map((a) => created(applicationKind, a, note)) : []),
    ],
    at,
  );
  return { b, c, candidates: listed };
}
