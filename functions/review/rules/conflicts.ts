// Pure rule of expert review (专家评审): the conflict-of-interest test (回避) — an expert from the enterprise or from any
// organisation of the applying consortium.

import { forbiddenError } from "../../kernel/errors.ts";
import type { ExpertRecord } from "../model.ts";

/** An expert is conflicted when from the enterprise or any organisation of the consortium. */
export function isExpertConflicted(
  expertOrganisationId: string,
  parties: { enterpriseId: string; solverOrganisationIds: readonly string[] },
): boolean {
  return (
    expertOrganisationId === parties.enterpriseId ||
    parties.solverOrganisationIds.includes(expertOrganisationId)
  );
}

export function assertExpertNotConflicted(
  expertOrganisationId: string,
  parties: { enterpriseId: string; solverOrganisationIds: readonly string[] },
): void {
  if (isExpertConflicted(expertOrganisationId, parties)) {
    throw forbiddenError(
      "EXPERT_CONFLICT_OF_INTEREST",
      "the expert's organisation is the enterprise or a member of the applying consortium",
      "专家所在单位为出题企业或揭榜联合体成员单位，须回避",
    );
  }
}

/** Conflicted: same organisation as an enterprise or any applicant organisation, or a declared conflict with one. */
export function isConflicted(
  expert: Pick<ExpertRecord, "organisationId" | "conflicts">,
  parties: { enterpriseIds: readonly string[]; solverOrganisationIds: readonly string[] },
): boolean {
  const sameOrganisation = parties.enterpriseIds.some((enterpriseId) =>
    isExpertConflicted(expert.organisationId, {
      enterpriseId,
      solverOrganisationIds: parties.solverOrganisationIds,
    }),
  );
  const all = [...parties.enterpriseIds, ...parties.solverOrganisationIds];
  return sameOrganisation || expert.conflicts.some((c) => all.includes(c.organisationId));
}
