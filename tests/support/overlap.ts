// Test support for 就高不重复: a registered organisation with a valid unified social credit code, and an awarded project
// seeded with its challenge (title and key technologies) so that overlap checks have content to compare.
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { usccCheckCharacter } from "../../functions/organisations/rules/uscc.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import type { Runtime } from "../../local/runtime.ts";
import type { apiClient } from "./api.ts";
import { awardedProject, type SeededProject } from "./projects.ts";

/** A code with the right GB 32100-2015 check character after these 17 characters. */
export const validCode = (base17: string) => `${base17}${usccCheckCharacter(base17)}`;

export async function registerOrganisation(
  api: ReturnType<typeof apiClient>,
  bureauToken: string,
  organisationId: string,
  uscc: string,
  registeredName: string,
): Promise<void> {
  const made = await api.post("/v1/organisations", bureauToken, {
    organisationId,
    registeredName,
    uscc,
    type: "university",
  });
  if (made.status !== 201) throw new Error(`registering ${organisationId}: ${JSON.stringify(made.body)}`);
}

/** An awarded project of `solverOrg` (awaiting its task book) whose challenge carries this title and key technologies. */
export async function projectWithContent(
  runtime: Pick<Runtime, "clock">,
  solverOrg: string,
  title: string,
  keyTechnologies: readonly string[],
): Promise<SeededProject> {
  const seeded = await awardedProject(runtime, { solverOrg });
  const at = new Date(runtime.clock.now()).toISOString();
  const challenge = {
    id: seeded.challengeId,
    version: 1,
    programmeId: seeded.programmeId,
    demandIds: [],
    enterpriseOrganisationIds: [seeded.enterpriseOrg],
    field: "高端装备制造",
    title,
    description: title,
    keyTechnologies: keyTechnologies.map((name) => ({ name, targetMetrics: [] })),
    fundingCapFen: 5_000_000_00,
    rdInvestmentFen: 10_000_000_00,
    periodMonths: 24,
    solverRequirements: "—",
    horseRace: { allowed: false, maxWinners: 1 },
    status: "awarded",
    round: 1,
    createdBy: "b1",
    createdAt: at,
    updatedAt: at,
  } as unknown as ChallengeRecord;
  await recordStore().write(
    [created(challengeKind, challenge, { actor: "test", role: "bureau", action: "test.seeded" })],
    at,
  );
  return seeded;
}
