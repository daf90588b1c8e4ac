// Use cases of the expert pool (专家库): registering experts, listing them, declared conflicts of interest, and the
// experts eligible for a panel with their current load.

import type { Actor } from "../kernel/actor.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import { registeredOrganisations } from "../organisations/organisations.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import type { AwardDeps } from "./common.ts";
import { allExperts, assignmentsOfExpert, type Expertise, type ExpertRecord, expertKind } from "./model.ts";
import { isConflicted } from "./rules/conflicts.ts";

// ---- expert pool ---------------------------------------------------------------------------------------------

export async function registerExpert(
  deps: AwardDeps,
  actor: Actor,
  input: {
    expertId: string;
    organisationId: string;
    name: string;
    expertise: Expertise;
    conflicts?: { organisationId: string; reason: string }[] | undefined;
  },
): Promise<ExpertRecord> {
  if (await deps.records.get(expertKind, input.expertId)) {
    throw conflictError(
      "EXPERT_EXISTS",
      `Expert ${input.expertId} is already registered`,
      `专家 ${input.expertId} 已在专家库中`,
    );
  }
  const at = nowIso(deps);
  const expert: ExpertRecord = {
    id: input.expertId,
    version: 1,
    organisationId: input.organisationId,
    name: input.name,
    expertise: input.expertise,
    conflicts: (input.conflicts ?? []).map((c) => ({ ...c, declaredAt: at })),
    active: true,
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(expertKind, expert, {
        actor: actor.userId,
        role: actor.roles.includes("bureau") ? "bureau" : "admin",
        action: "expert.registered",
        detail: { expertise: expert.expertise },
      }),
    ],
    at,
  );
  return expert;
}

export async function listExperts(deps: AwardDeps): Promise<ExpertRecord[]> {
  return listAll(deps.records, allExperts());
}

/** An expert declares a conflict of interest with an organisation (回避申报); later assignments avoid it. */
export async function declareConflict(
  deps: AwardDeps,
  actor: Actor,
  input: { organisationId: string; reason: string },
): Promise<ExpertRecord> {
  return retryOnConflict(async () => {
    const expert = await deps.records.get(expertKind, actor.userId);
    if (!expert) {
      throw notFoundError("EXPERT_NOT_REGISTERED", "You are not in the expert pool", "您尚未入选专家库");
    }
    if (expert.conflicts.some((c) => c.organisationId === input.organisationId)) return expert;
    const at = nowIso(deps);
    // The code it was declared under: a conflict holds against the body, whatever id it applies under later.
    const uscc = (await registeredOrganisations(deps.records, [input.organisationId])).get(
      input.organisationId,
    )?.uscc;
    const next = bump(expert, at, {
      conflicts: [...expert.conflicts, { ...input, ...(uscc ? { uscc } : {}), declaredAt: at }],
    });
    await deps.records.write(
      [
        updated(expertKind, expert, next, {
          actor: actor.userId,
          role: "expert",
          action: "expert.conflict-declared",
          detail: { organisationId: input.organisationId, ...(uscc ? { uscc } : {}) },
        }),
      ],
      at,
    );
    return next;
  });
}

async function expertLoad(deps: AwardDeps, expertId: string): Promise<number> {
  const assignments = await listAll(deps.records, assignmentsOfExpert(expertId));
  return assignments.filter((a) => a.status !== "withdrawn").length;
}

export async function eligibleExperts(
  deps: AwardDeps,
  parties: { enterpriseIds: readonly string[]; solverOrganisationIds: readonly string[] },
  exclude: ReadonlySet<string>,
): Promise<{ expert: ExpertRecord; load: number }[]> {
  const experts = await listExperts(deps);
  // 回避 by unified social credit code: the registry's code of every organisation named (experts' and parties').
  const registry = await registeredOrganisations(deps.records, [
    ...parties.enterpriseIds,
    ...parties.solverOrganisationIds,
    ...experts.flatMap((e) => [e.organisationId, ...e.conflicts.map((c) => c.organisationId)]),
  ]);
  const codeOf = (id: string) => registry.get(id)?.uscc;
  const pool = experts.filter((e) => e.active && !exclude.has(e.id) && !isConflicted(e, parties, codeOf));
  return Promise.all(pool.map(async (expert) => ({ expert, load: await expertLoad(deps, expert.id) })));
}
