// Use case (recoveries): the names a person reads a recovery by — its project's title (its challenge's) and its payer's
// name — taken from the names read for a whole page at once (projects/names.ts), never one read a row.
import type { ProjectNames } from "../projects/names.ts";
import type { RecoveryRecord } from "./model.ts";

/** The project's title and the payer's name where known, as the optional fields a recovery's view spreads. */
export function namesOf(
  names: ReadonlyMap<string, ProjectNames>,
  r: Pick<RecoveryRecord, "projectId" | "payerOrganisationId">,
): { projectTitle?: string; payerName?: string } {
  const title = names.get(r.projectId)?.title;
  const payerName = names.get(r.projectId)?.organisationNames.get(r.payerOrganisationId);
  return { ...(title !== undefined ? { projectTitle: title } : {}), ...(payerName ? { payerName } : {}) };
}
