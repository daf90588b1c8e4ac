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

/**
 * Conflicted: the expert's organisation is an enterprise or an applicant organisation, or the expert declared a
 * conflict with one — compared by unified social credit code (统一社会信用代码) where the registry knows it (`codeOf`;
 * a declaration carries the code it was made under), so one body under a second id is still the same body.
 */
export function isConflicted(
  expert: Pick<ExpertRecord, "organisationId" | "conflicts">,
  parties: { enterpriseIds: readonly string[]; solverOrganisationIds: readonly string[] },
  codeOf: (organisationId: string) => string | undefined = () => undefined,
): boolean {
  const key = (id: string, code = codeOf(id)) => (code ? `code:${code}` : `id:${id}`);
  const all = [...parties.enterpriseIds, ...parties.solverOrganisationIds];
  const partyKeys = new Set(all.flatMap((id) => [key(id), `id:${id}`]));
  const expertKeys = [
    key(expert.organisationId),
    `id:${expert.organisationId}`,
    ...expert.conflicts.flatMap((c) => [
      key(c.organisationId, c.uscc ?? codeOf(c.organisationId)),
      `id:${c.organisationId}`,
    ]),
  ];
  return expertKeys.some((k) => partyKeys.has(k));
}
