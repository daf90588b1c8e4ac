// Use cases of refinement (榜单凝练, 《太原市实施“双百攻关行动”工作方案》四（二）): the bureau assigns experts to a demand; each assigned
// expert gives an opinion. Experts see only their own assignments, the bureau all. The assignment record kind.

import * as z from "zod/mini";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord, mayAccessRecord } from "../kernel/record-access.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { created, type Page, type RecordStore, updated } from "../platform/ports/records.ts";
import { isExpertConflicted } from "../review/rules/conflicts.ts";
import {
  assignmentId,
  type Demand,
  demandKind,
  type RefinementAssignmentRecord,
  refinementAssignmentKind,
  refinementsOfDemand,
  refinementsOfExpert,
} from "./model.ts";

export const expertsInput = z.lazy(() =>
  z.strictObject({
    experts: z
      .array(
        z.strictObject({
          expertId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
          organisationId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
        }),
      )
      .check(z.minLength(1), z.maxLength(20)),
  }),
);

export const opinionInput = z.lazy(() =>
  z.strictObject({
    recommendation: z.enum(["draft-challenge", "merge", "return"]),
    comment: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)),
  }),
);

export interface RefinementDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
}

async function loadDemand(deps: Pick<RefinementDeps, "records">, demandId: string): Promise<Demand> {
  const demand = await deps.records.get(demandKind, demandId);
  if (!demand)
    throw notFoundError("DEMAND_NOT_FOUND", `Demand ${demandId} not found`, `需求 ${demandId} 不存在`);
  return demand;
}

function notSubmitted(demand: Demand, what: string, whatZh: string) {
  return conflictError(
    "DEMAND_STATE_CONFLICT",
    `Cannot ${what} a demand that is ${demand.status}`,
    `需求当前状态为 ${demand.status}，不能${whatZh}`,
  );
}

/** The expert's own assignment on a demand, if any (used to let an assigned expert read the demand). */
export async function assignmentOf(
  deps: Pick<RefinementDeps, "records">,
  demandId: string,
  expertId: string,
): Promise<RefinementAssignmentRecord | undefined> {
  return deps.records.get(refinementAssignmentKind, assignmentId(demandId, expertId));
}

/** The bureau assigns experts; an expert from the posting enterprise (or a merged demand's) is refused. */
export async function assignExperts(
  deps: RefinementDeps,
  actor: Actor,
  demandId: string,
  input: z.infer<typeof expertsInput>,
): Promise<RefinementAssignmentRecord[]> {
  const demand = await loadDemand(deps, demandId);
  if (demand.status !== "submitted") throw notSubmitted(demand, "assign experts to", "分配专家");
  const enterprises = new Set([demand.organisationId]);
  for (const id of demand.mergedDemandIds ?? []) {
    const merged = await deps.records.get(demandKind, id);
    if (merged) enterprises.add(merged.organisationId);
  }
  const problems = input.experts.flatMap((e, i) =>
    [...enterprises].some((enterpriseId) =>
      isExpertConflicted(e.organisationId, { enterpriseId, solverOrganisationIds: [] }),
    )
      ? [
          {
            path: `body.experts.${i}.organisationId`,
            message: "the expert works for the enterprise that posted the demand",
            messageZh: "专家来自提出需求的企业，须回避",
          },
        ]
      : [],
  );
  const ids = input.experts.map((e) => e.expertId);
  if (new Set(ids).size !== ids.length) {
    problems.push({ path: "body.experts", message: "an expert is listed twice", messageZh: "专家重复" });
  }
  if (problems.length > 0) {
    throw businessRuleError(
      "EXPERT_CONFLICT_OF_INTEREST",
      "Some experts cannot refine this demand",
      "部分专家不能参与该需求的凝练",
      problems,
    );
  }
  const at = deps.clock.now().toISOString();
  const writes = [];
  for (const e of input.experts) {
    // Assigning an expert already assigned changes nothing (a retried request).
    if (await assignmentOf(deps, demand.id, e.expertId)) continue;
    const record: RefinementAssignmentRecord = {
      id: assignmentId(demand.id, e.expertId),
      version: 1,
      demandId: demand.id,
      programmeId: demand.programmeId,
      expertId: e.expertId,
      expertOrganisationId: e.organisationId,
      assignedBy: actor.userId,
      assignedAt: at,
      status: "assigned",
      updatedAt: at,
    };
    writes.push(
      created(refinementAssignmentKind, record, {
        actor: actor.userId,
        role: "bureau",
        action: "refinement.expert-assigned",
        detail: { demandId: demand.id, expertId: e.expertId },
      }),
    );
  }
  await deps.records.write(writes, at);
  return (await listRefinement(deps, actor, demand.id)).items;
}

/** An assigned expert gives (or revises) an opinion while the demand awaits the bureau's decision. */
export async function giveOpinion(
  deps: RefinementDeps,
  actor: Actor,
  demandId: string,
  input: z.infer<typeof opinionInput>,
): Promise<RefinementAssignmentRecord> {
  const demand = await loadDemand(deps, demandId);
  const assignment = await assignmentOf(deps, demandId, actor.userId);
  authorizeRecord(actor, "refinement", "write", { assignedUserIds: assignment ? [assignment.expertId] : [] });
  if (!assignment) throw new Error("unreachable: authorizeRecord refused an unassigned expert");
  if (demand.status !== "submitted") throw notSubmitted(demand, "give an opinion on", "提出意见");
  const same =
    assignment.opinion?.recommendation === input.recommendation &&
    assignment.opinion.comment === input.comment &&
    assignment.opinion.submission === demand.submissions;
  if (same) return assignment;
  const at = deps.clock.now().toISOString();
  const next: RefinementAssignmentRecord = {
    ...assignment,
    version: assignment.version + 1,
    status: "opinion-given",
    opinion: { ...input, submission: demand.submissions, givenAt: at },
    updatedAt: at,
  };
  await deps.records.write(
    [
      updated(refinementAssignmentKind, assignment, next, {
        actor: actor.userId,
        role: "expert",
        action: assignment.opinion ? "refinement.opinion-revised" : "refinement.opinion-given",
        detail: { demandId, recommendation: input.recommendation },
      }),
    ],
    at,
  );
  return next;
}

/** The bureau (admin, auditor) sees every assignment of a demand; an expert only their own. */
export async function listRefinement(
  deps: Pick<RefinementDeps, "records">,
  actor: Actor,
  demandId: string,
): Promise<Page<RefinementAssignmentRecord>> {
  if (mayAccessRecord(actor, "refinement", "read")) {
    // Staff: every assignment of the demand (the rule grants them any record, no facts needed).
    return deps.records.list(refinementsOfDemand(demandId), {
      limit: 100,
      newestFirst: false,
    });
  }
  const own = await assignmentOf(deps, demandId, actor.userId);
  authorizeRecord(actor, "refinement", "read", { assignedUserIds: own ? [own.expertId] : [] });
  return { items: own ? [own] : [] };
}

/** An expert's own assignments, newest first. */
export async function myAssignments(
  deps: Pick<RefinementDeps, "records">,
  actor: Actor,
  filter: { limit: number; cursor?: string },
): Promise<Page<RefinementAssignmentRecord>> {
  return deps.records.list(refinementsOfExpert(actor.userId), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
}
