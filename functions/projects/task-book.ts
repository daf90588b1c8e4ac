// Use cases of the task book (任务书/军令状, 《太原市实施“双百攻关行动”工作方案》四（六）): drafted from the winning application with the grant
// and tranches the programme's policy computes, amended (a new revision voids every signature), signed by bureau,
// enterprise and solver in any order; the last signature starts the project and creates its tranches.

import { type ApplicationRecord, applicationKind } from "../applications/model.ts";
import { assertPeriodWithinMax } from "../applications/rules/team.ts";
import { noticeKind } from "../award/model.ts";
import { assertReplacementNoticeOver } from "../award/rules/replacement-notice.ts";
import { type Actor, actorName } from "../kernel/actor.ts";
import { addMonths, shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, validationError } from "../kernel/errors.ts";
import { assertOverlapSettled } from "../overlap/checks.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, type RecordWrite, updated } from "../platform/ports/records.ts";
import { type ProgrammeRecord, programmeKind } from "../programmes/model.ts";
import { planGrant, splitByShares } from "../programmes/rules/grant.ts";
import { conditionToken } from "../programmes/rules/policy.ts";
import {
  audit,
  enterpriseOrgs,
  loadProject,
  loadTrackAndChain,
  milestoneOf,
  type ProjectDeps,
  partyOf,
  projectWithTrack,
  saveTrack,
  startPhase,
  stateConflict,
  wake,
} from "./common.ts";
import { loadChain, withEvent } from "./inbox.ts";
import { startSignatures } from "./lifecycle.ts";
import {
  defaultHorseRaceKeyMilestone,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
  signatoryParties,
  type TaskBook,
  type TaskBookMilestone,
  type TaskBookTranche,
  type TrancheRecord,
  trackKind,
  trancheId,
  trancheKind,
} from "./model.ts";
import { assertSolverUnchanged, assertTaskBookPeriod } from "./rules/task-book.ts";

// ---- task book -----------------------------------------------------------------------------------------------
export interface TaskBookTerms {
  readonly startDate: string;
  readonly ipTerms: string;
  readonly rewardPenaltyTerms: string;
  /** 赛马制 key milestone (1..milestones); default the first. */
  readonly horseRaceKeyMilestone?: number | undefined;
}

/** Milestones from the application (due = start + months), tranches from the programme's policy. */
function composeTaskBook(
  programme: ProgrammeRecord,
  project: ProjectRecord,
  application: ApplicationRecord,
  terms: TaskBookTerms,
  overrides: readonly {
    index: number;
    dueDate?: string | undefined;
    indicators?: TaskBookMilestone["indicators"] | undefined;
  }[],
  previous: { revision: number; draftedBy: string; draftedAt: string },
): TaskBook {
  const policy = programme.policy;
  assertPeriodWithinMax(application.periodMonths, policy);
  const endDate = addMonths(terms.startDate, application.periodMonths);
  assertTaskBookPeriod({ startDate: terms.startDate, endDate }, policy);
  const plan = planGrant(policy, {
    rdInvestmentFen: application.rdInvestmentFen,
    requestedFen: application.requestedFen,
  });
  // The award fixed the grant; the schedule is the policy's (one tranche on signing under the lump-sum threshold).
  const planned =
    plan.grantFen === project.grantFen
      ? plan.tranches
      : project.grantFen <= policy.lumpSumThresholdFen
        ? [
            {
              index: 1,
              condition: { kind: "task-book-signed" as const },
              conditionToken: "task-book-signed",
              amountFen: project.grantFen,
            },
          ]
        : splitByShares(project.grantFen, policy.tranches);
  const tranches: TaskBookTranche[] = planned.map((t) => ({
    index: t.index,
    condition: t.condition,
    conditionToken: conditionToken(t.condition),
    amountFen: t.amountFen,
  }));
  const milestones: TaskBookMilestone[] = application.milestones.map((m, i) => {
    const index = i + 1;
    const override = overrides.find((o) => o.index === index);
    const releases = tranches.find(
      (t) => t.condition.kind === "milestone-passed" && t.condition.milestone === index,
    );
    return {
      index,
      title: m.name,
      dueDate: override?.dueDate ?? addMonths(terms.startDate, m.monthsAfterStart),
      indicators: (override?.indicators ?? m.indicators).map((x) => ({ ...x })),
      ...(releases ? { releasesTranche: releases.index } : {}),
    };
  });
  for (const t of tranches) {
    if (t.condition.kind === "milestone-passed" && t.condition.milestone > milestones.length) {
      throw businessRuleError(
        "MILESTONE_FOR_TRANCHE_MISSING",
        `tranche ${t.index} is released by milestone ${t.condition.milestone}, but the plan has ${milestones.length}`,
        `第${t.index}期拨款以第${t.condition.milestone}个里程碑为条件，但计划只有 ${milestones.length} 个里程碑`,
        [{ path: "milestones", message: "too few milestones for the policy", messageZh: "里程碑数量不足" }],
      );
    }
  }
  milestones.forEach((m, i) => {
    if (m.dueDate < terms.startDate || m.dueDate > endDate) {
      throw validationError(
        "MILESTONE_OUTSIDE_PERIOD",
        "milestone due outside the project period",
        "里程碑时间超出项目实施期",
        [{ path: `body.milestones.${i}.dueDate`, message: "outside the period", messageZh: "超出实施期" }],
      );
    }
  });
  const keyMilestone = terms.horseRaceKeyMilestone ?? defaultHorseRaceKeyMilestone;
  if (!Number.isInteger(keyMilestone) || keyMilestone < 1 || keyMilestone > milestones.length) {
    throw validationError(
      "KEY_MILESTONE_OUT_OF_RANGE",
      `The horse race's key milestone must be one of the plan's milestones (1 to ${milestones.length})`,
      `赛马关键节点须为计划中的里程碑（第1至第${milestones.length}个）`,
      [
        {
          path: "body.horseRaceKeyMilestone",
          message: `1 to ${milestones.length}`,
          messageZh: `1 至 ${milestones.length}`,
        },
      ],
    );
  }
  return {
    revision: previous.revision,
    startDate: terms.startDate,
    endDate,
    periodMonths: application.periodMonths,
    milestones,
    grantFen: project.grantFen,
    tranches,
    ipTerms: terms.ipTerms,
    rewardPenaltyTerms: terms.rewardPenaltyTerms,
    horseRaceKeyMilestone: keyMilestone,
    solverLeadId: application.leadOrganisationId,
    solverMemberIds: [...application.memberOrganisationIds],
    chiefEngineerId: application.chiefEngineerId,
    signatures: [],
    draftedBy: previous.draftedBy,
    draftedAt: previous.draftedAt,
  };
}

async function sources(deps: ProjectDeps, project: ProjectRecord) {
  const programme = await mustGet<ProgrammeRecord>(
    deps.records,
    programmeKind,
    project.programmeId,
    "Programme",
    "批次",
  );
  const application = await mustGet<ApplicationRecord>(
    deps.records,
    applicationKind,
    project.applicationId,
    "Application",
    "揭榜申请",
  );
  return { programme, application };
}

/** The bureau drafts the task book from the winning application; the project's chain starts (project-<id>-start-r1). */
export async function draftTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  terms: TaskBookTerms,
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  const existing = await deps.records.get(trackKind, projectId);
  if (existing) {
    // Already drafted: make sure its execution in charge runs (idempotent by name), then refuse a second draft. A
    // track still drafting goes on the chain (also when a crash came between the draft and its start, or it was
    // drafted on project-phase before the switch); a project in progress on project-phase keeps its phase until the
    // migration moves it (docs/project-lifecycle.md).
    if (existing.status === "drafting" || (await loadChain(deps, projectId)))
      await startSignatures(deps, projectId);
    else await startPhase(deps, projectId, existing.phase);
    throw conflictError(
      "TASK_BOOK_EXISTS",
      "The task book is already drafted; amend it instead",
      "任务书已起草，请修改",
    );
  }
  if (project.status !== "awaiting-task-book")
    throw stateConflict("draft a task book", "起草任务书", project.status);
  // 就高不重复 (《太原市…行动方案》六（一）): the overlap check runs again before the task book; undecided findings stop it.
  await assertOverlapSettled(deps, actor, [project.applicationId], "task-book");
  const { programme, application } = await sources(deps, project);
  const at = nowIso(deps);
  const taskBook = composeTaskBook(programme, project, application, terms, [], {
    revision: 1,
    draftedBy: actor.userId,
    draftedAt: at,
  });
  const track: ProjectTrackRecord = {
    id: projectId,
    version: 1,
    projectId,
    programmeId: project.programmeId,
    enterpriseOrganisationIds: enterpriseOrgs(project),
    status: "drafting",
    taskBook,
    milestones: taskBook.milestones.map((m) => ({
      index: m.index,
      status: "pending",
      dueDate: m.dueDate,
      files: [],
      reports: [],
      panel: [],
      rectificationUsed: false,
    })),
    phase: 1,
    phaseStartedAt: at,
    notices: [],
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(
        trackKind,
        track,
        audit(actor, "bureau", "task-book.drafted", { revision: 1, grantFen: taskBook.grantFen }),
      ),
    ],
    at,
  );
  // The chain's first execution, project-<id>-start-r1 (docs/project-lifecycle.md): the signatures, then milestone 1.
  await startSignatures(deps, projectId);
  return track;
}

export interface TaskBookAmendment {
  readonly revision: number;
  readonly startDate?: string | undefined;
  readonly ipTerms?: string | undefined;
  readonly rewardPenaltyTerms?: string | undefined;
  readonly horseRaceKeyMilestone?: number | undefined;
  readonly milestones?:
    | readonly {
        index: number;
        dueDate?: string | undefined;
        indicators?: TaskBookMilestone["indicators"] | undefined;
      }[]
    | undefined;
}

/** The bureau changes the draft: a new revision, and every signature so far is void. */
export async function amendTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  change: TaskBookAmendment,
): Promise<ProjectTrackRecord> {
  const project = await loadProject(deps, projectId);
  const { programme, application } = await sources(deps, project);
  const next = await retryOnConflict(async () => {
    const { track, chain } = await loadTrackAndChain(deps, projectId);
    if (track.status !== "drafting")
      throw conflictError("TASK_BOOK_SIGNED", "A signed task book cannot change", "任务书已签订，不能修改");
    const book = track.taskBook;
    if (change.revision !== book.revision) {
      throw conflictError(
        "STALE_REVISION",
        `The task book is at revision ${book.revision}`,
        `任务书已是第${book.revision}版`,
      );
    }
    const overrides =
      change.milestones ??
      book.milestones.map((m) => ({ index: m.index, dueDate: m.dueDate, indicators: m.indicators }));
    const at = nowIso(deps);
    const composed = composeTaskBook(
      programme,
      project,
      application,
      {
        startDate: change.startDate ?? book.startDate,
        ipTerms: change.ipTerms ?? book.ipTerms,
        rewardPenaltyTerms: change.rewardPenaltyTerms ?? book.rewardPenaltyTerms,
        horseRaceKeyMilestone: change.horseRaceKeyMilestone ?? book.horseRaceKeyMilestone,
      },
      change.milestones ? overrides : change.startDate ? [] : overrides,
      { revision: book.revision + 1, draftedBy: book.draftedBy, draftedAt: book.draftedAt },
    );
    const voidedParties = book.signatures.map((s) => s.party);
    const taskBook: TaskBook = {
      ...composed,
      voided: [
        ...(book.voided ?? []),
        ...(voidedParties.length > 0 ? [{ revision: book.revision, parties: voidedParties, at }] : []),
      ],
    };
    const after = bump(track, at, {
      taskBook,
      milestones: taskBook.milestones.map((m) => ({ ...milestoneOf(track, m.index), dueDate: m.dueDate })),
    });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, "bureau", "task-book.amended", {
        revision: taskBook.revision,
        signaturesVoided: voidedParties,
      }),
      at,
      withEvent(chain, at, "task-book-amended"),
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

/** One of the three signatures (any order). The last one signs the book: the project starts and its tranches exist. */
export async function signTaskBook(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  input: { revision: number },
): Promise<ProjectTrackRecord> {
  const loaded = await projectWithTrack(deps, projectId);
  const party = partyOf(actor, loaded.project);
  const next = await retryOnConflict(async () => {
    // A replacement (递补) is signed once its public notice is over with no objection open or upheld — also refused
    // when an upheld objection has ended it (its task book drafted or not).
    const noticeId = loaded.project.noticeId;
    const notice = noticeId ? await deps.records.get(noticeKind, noticeId) : undefined;
    if (notice) assertReplacementNoticeOver(notice, deps.clock.now().getTime());
    const [project, track] = await loaded.both();
    if (track.status !== "drafting")
      throw conflictError("TASK_BOOK_SIGNED", "The task book is already signed", "任务书已签订");
    const book = track.taskBook;
    if (input.revision !== book.revision) {
      throw conflictError(
        "STALE_REVISION",
        `The task book is at revision ${book.revision}; read it again before signing`,
        `任务书已是第${book.revision}版，请重新阅读后签署`,
      );
    }
    if (book.signatures.some((s) => s.party === party)) {
      throw conflictError("ALREADY_SIGNED", `The ${party} has signed this revision`, "已签署本版任务书");
    }
    const at = nowIso(deps);
    const signatures = [
      ...book.signatures,
      {
        party,
        by: actor.userId,
        byName: actorName(actor),
        organisationId: actor.organisationId,
        at,
        revision: book.revision,
      },
    ];
    const complete = signatoryParties.every((p) => signatures.some((s) => s.party === p));
    const writes: RecordWrite[] = [];
    let after: ProjectTrackRecord;
    if (!complete) {
      after = bump(track, at, { taskBook: { ...book, signatures } });
      writes.push(
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "task-book.signed", { party, revision: book.revision }),
        ),
      );
    } else {
      // After signing, neither the solver nor the chief engineer may change (《太原市实施“双百攻关行动”工作方案》四（七）2).
      assertSolverUnchanged(
        {
          solverLeadId: project.solverLead.organisationId,
          solverMemberIds: project.solverMembers.map((m) => m.organisationId),
          chiefEngineerId: project.chiefEngineerId,
        },
        {
          solverLeadId: book.solverLeadId,
          solverMemberIds: book.solverMemberIds,
          chiefEngineerId: book.chiefEngineerId,
        },
      );
      const signedOn = shanghaiDate(Date.parse(at));
      after = bump(track, at, {
        status: "in-progress",
        taskBook: { ...book, signatures, signedOn, signedAt: at },
      });
      writes.push(...withEvent(await loadChain(deps, projectId), at, "task-book-signed"));
      writes.push(
        updated(
          trackKind,
          track,
          after,
          audit(actor, party, "task-book.signed", {
            party,
            revision: book.revision,
            complete: true,
            signedOn,
          }),
        ),
        updated(
          projectKind,
          project,
          bump(project, at, { status: "in-progress" }),
          audit(actor, party, "project.started", { signedOn }),
        ),
      );
      for (const t of book.tranches) {
        const onSigning = t.condition.kind === "task-book-signed";
        const tranche: TrancheRecord = {
          id: trancheId(projectId, t.index),
          version: 1,
          projectId,
          programmeId: project.programmeId,
          index: t.index,
          condition: t.condition,
          conditionToken: t.conditionToken,
          amountFen: t.amountFen,
          payeeOrganisationId: project.enterprise.organisationId,
          status: onSigning ? "eligible" : "planned",
          ...(onSigning
            ? { eligible: { at, by: actor.userId, byName: actorName(actor), reason: "task-book-signed" } }
            : {}),
          createdAt: at,
          updatedAt: at,
        };
        writes.push(
          created(
            trancheKind,
            tranche,
            audit(actor, party, onSigning ? "tranche.eligible" : "tranche.planned", {
              index: t.index,
              amountFen: t.amountFen,
            }),
          ),
        );
      }
    }
    await deps.records.write(writes, at);
    return after;
  });
  // A signature short of the last changes nothing the phase execution looks at (no timers run while drafting): only
  // the signing that starts the project wakes it.
  if (next.status !== "drafting") await wake(deps, next);
  return next;
}
