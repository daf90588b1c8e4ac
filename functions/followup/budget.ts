// Use cases of the chief engineer's budget rights (《太原市…行动方案》四（七）2): the task book's budget as signed (the
// application's items), each reallocation by the person entitled — equipment by the solver organisation (承担单位),
// other costs by the chief engineer (技术总师) — as an audited budget revision the enterprise and the bureau see; a change
// of chief engineer or sub-project lead (课题负责人) only by a bureau decision with a reason; the solver never replaced.
import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, forbiddenError } from "../kernel/errors.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated } from "../platform/ports/records.ts";
import { solverOrgs } from "../projects/common.ts";
import { type ProjectRecord, type ProjectTrackRecord, projectKind } from "../projects/model.ts";
import { assertRunning, type FollowupDeps, projectFor } from "./common.ts";
import { budgetId, budgetKind, type PersonnelChange, type TaskBookBudgetRecord } from "./model.ts";
import {
  type BudgetCategory,
  type BudgetHolder,
  budgetCategoryOf,
  reallocate,
  refuseSolverReplacement,
} from "./rules/budget.ts";

const notSigned = () =>
  conflictError(
    "TASK_BOOK_NOT_SIGNED",
    "The budget is reallocated once the task book is signed",
    "任务书签署后方可调剂预算",
  );

/** The budget as signed: the application's items, the chief engineer and sub-project leads (课题负责人) of its team. */
async function initialBudget(
  deps: FollowupDeps,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  at: string,
): Promise<TaskBookBudgetRecord> {
  const application = await mustGet<ApplicationRecord>(
    deps.records,
    applicationKind,
    project.applicationId,
    "Application",
    "揭榜申请",
  );
  const items = application.budget.map((b) => ({ ...b, category: budgetCategoryOf(b.item) }));
  const chief = application.team.find((m) => m.personId === track.taskBook.chiefEngineerId);
  return {
    id: budgetId(project.id),
    version: 1,
    projectId: project.id,
    programmeId: project.programmeId,
    taskBookRevision: track.taskBook.revision,
    signedItems: items,
    items,
    totalFen: items.reduce((s, i) => s + i.amountFen, 0),
    grantFen: project.grantFen,
    revision: 1,
    revisions: [],
    chiefEngineer: {
      personId: track.taskBook.chiefEngineerId,
      ...(chief ? { name: chief.name, organisationId: chief.organisationId } : {}),
    },
    subProjectLeads: application.team
      .filter((m) => m.role.includes("课题负责人"))
      .map((m) => ({ subProject: m.role, personId: m.personId, name: m.name })),
    personnelChanges: [],
    createdAt: at,
    updatedAt: at,
  };
}

/** The stored budget, or the one as signed (not yet stored: no change so far); undefined before signing. */
async function currentBudget(
  deps: FollowupDeps,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  at: string,
) {
  const stored = await deps.records.get(budgetKind, budgetId(project.id));
  if (stored) return { budget: stored, stored: true };
  if (track.status === "drafting" || !track.taskBook.signedAt) return undefined;
  return { budget: await initialBudget(deps, project, track, at), stored: false };
}

/** The task book's budget, its revisions and personnel changes (the project's parties and staff). */
export async function readBudget(deps: FollowupDeps, actor: Actor, projectId: string) {
  const { project, track, at } = await projectFor(deps, actor, projectId, "read");
  const current = await currentBudget(deps, project, track, at);
  if (!current) throw notSigned();
  return current.budget;
}

const write = (
  deps: FollowupDeps,
  current: { budget: TaskBookBudgetRecord; stored: boolean },
  after: TaskBookBudgetRecord,
  note: { actor: string; role: string; action: string; detail: Record<string, unknown> },
  at: string,
  more: RecordWrite[] = [],
) =>
  deps.records.write(
    [
      current.stored
        ? updated(budgetKind, current.budget, after, note)
        : created(budgetKind, { ...after, version: 1 }, note),
      ...more,
    ],
    at,
  );

/** A reallocation between two items by the holder of the right (the caller says in which capacity they act). */
export async function reallocateBudget(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: {
    fromItem: string;
    toItem: string;
    amountFen: number;
    actingAs: BudgetHolder;
    newCategory?: BudgetCategory | undefined;
    reason: string;
  },
): Promise<TaskBookBudgetRecord> {
  return retryOnConflict(async () => {
    const { project, track, at } = await projectFor(deps, actor, projectId, "reallocate");
    assertRunning(track, "reallocate the budget", "调剂预算");
    const current = await currentBudget(deps, project, track, at);
    if (!current) throw notSigned();
    const budget = current.budget;
    // The capacity claimed must be the caller's: the lead solver's organisation, or the chief engineer's.
    const organisation =
      input.actingAs === "solver-organisation"
        ? project.solverLead.organisationId
        : (budget.chiefEngineer.organisationId ?? project.solverLead.organisationId);
    if (actor.organisationId !== organisation) {
      throw forbiddenError(
        "BUDGET_RIGHT_NOT_HELD",
        input.actingAs === "solver-organisation"
          ? "Only the solver organisation (承担单位) reallocates equipment budget"
          : "Only the chief engineer's organisation acts for the chief engineer (技术总师)",
        input.actingAs === "solver-organisation" ? "仅项目承担单位可调剂设备费" : "仅技术总师可调剂其他费用",
      );
    }
    const moved = reallocate(budget.items, input);
    const revision = {
      revision: budget.revision + 1,
      fromItem: input.fromItem,
      toItem: input.toItem,
      amountFen: input.amountFen,
      holder: moved.holder,
      ...(moved.holder === "chief-engineer" ? { personId: budget.chiefEngineer.personId } : {}),
      reason: input.reason,
      by: actor.userId,
      organisationId: actor.organisationId,
      at,
      taskBookRevision: track.taskBook.revision,
      totalFen: budget.totalFen,
      grantFen: budget.grantFen,
    };
    const after = bump(budget, at, {
      items: moved.items,
      revision: revision.revision,
      revisions: [...budget.revisions, revision],
    });
    await write(
      deps,
      current,
      after,
      {
        actor: actor.userId,
        role: "solver",
        action: "task-book.budget-reallocated",
        detail: {
          revision: revision.revision,
          fromItem: input.fromItem,
          toItem: input.toItem,
          amountFen: input.amountFen,
          holder: moved.holder,
        },
      },
      at,
    );
    return after;
  });
}

export interface PersonnelInput {
  readonly role: "chief-engineer" | "sub-project-lead" | "solver-organisation";
  readonly subProject?: string | undefined;
  readonly personId?: string | undefined;
  readonly name?: string | undefined;
  /** The solver organisation the new person belongs to (never another: the solver cannot be replaced). */
  readonly personOrganisationId?: string | undefined;
  readonly reason: string;
}

const required = (path: string) =>
  businessRuleError("FIELD_REQUIRED", `${path} is required for this change`, `此项变更须填写 ${path}`, [
    { path: `body.${path}`, message: "required", messageZh: "必填" },
  ]);

/**
 * The bureau's decision changing the chief engineer or a sub-project lead, with a reason (技术总师和课题负责人不得随意
 * 更换). A new chief engineer is also written on the project. Replacing the solver is refused (SOLVER_NOT_REPLACEABLE).
 */
export async function changePersonnel(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: PersonnelInput,
): Promise<TaskBookBudgetRecord> {
  const role = input.role === "solver-organisation" ? refuseSolverReplacement() : input.role;
  return retryOnConflict(async () => {
    const { project, track, at } = await projectFor(deps, actor, projectId, "decide");
    assertRunning(track, "change the team", "变更人员");
    if (!input.personId) throw required("personId");
    if (!input.name) throw required("name");
    if (!input.personOrganisationId) throw required("personOrganisationId");
    if (input.role === "sub-project-lead" && !input.subProject) throw required("subProject");
    if (!solverOrgs(project).includes(input.personOrganisationId)) {
      throw businessRuleError(
        "NOT_A_SOLVER_ORGANISATION",
        `${input.personOrganisationId} is not a solver organisation of the project (the solver cannot be replaced)`,
        `${input.personOrganisationId} 不是项目承担单位（不得更换揭榜方）`,
        [
          {
            path: "body.personOrganisationId",
            message: "not a solver organisation",
            messageZh: "非承担单位",
          },
        ],
      );
    }
    const current = await currentBudget(deps, project, track, at);
    if (!current) throw notSigned();
    const budget = current.budget;
    const previous =
      input.role === "chief-engineer"
        ? budget.chiefEngineer
        : budget.subProjectLeads.find((l) => l.subProject === input.subProject);
    if (previous?.personId === input.personId) {
      throw businessRuleError("SAME_PERSON", "The new person is the one in place", "新人员与现任相同", [
        { path: "body.personId", message: "already in place", messageZh: "已是现任" },
      ]);
    }
    const change: PersonnelChange = {
      seq: budget.personnelChanges.length + 1,
      role,
      ...(input.subProject ? { subProject: input.subProject } : {}),
      ...(previous
        ? { from: { personId: previous.personId, ...(previous.name ? { name: previous.name } : {}) } }
        : {}),
      to: { personId: input.personId, name: input.name, organisationId: input.personOrganisationId },
      reason: input.reason,
      decidedBy: actor.userId,
      at,
    };
    const person = { personId: input.personId, name: input.name };
    const after = bump(budget, at, {
      personnelChanges: [...budget.personnelChanges, change],
      ...(input.role === "chief-engineer"
        ? { chiefEngineer: { ...person, organisationId: input.personOrganisationId } }
        : {
            subProjectLeads: [
              ...budget.subProjectLeads.filter((l) => l.subProject !== input.subProject),
              { subProject: input.subProject as string, ...person },
            ],
          }),
    });
    const note = { actor: actor.userId, role: "bureau" };
    await write(
      deps,
      current,
      after,
      {
        ...note,
        action: "task-book.personnel-changed",
        detail: { role: input.role, to: input.personId, ...(previous ? { from: previous.personId } : {}) },
      },
      at,
      input.role === "chief-engineer"
        ? [
            updated(projectKind, project, bump(project, at, { chiefEngineerId: input.personId }), {
              ...note,
              action: "project.chief-engineer-changed",
              detail: { from: project.chiefEngineerId, to: input.personId },
            }),
          ]
        : [],
    );
    return after;
  });
}
