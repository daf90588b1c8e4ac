// Use cases of the horse race (赛马制, 《太原市实施“双百攻关行动”工作方案》四（四）): the award made one PROJECT per winner of a challenge;
// at the key milestone (each task book's horseRaceKeyMilestone, default the first) the enterprise and the bureau each
// choose which projects continue (two decisions, any order); when both choose the same set, the others close with
// settlement of what was paid (termination without fault: unpaid tranches cancelled, paid-but-unspent money a
// RECOVERY via computeRecovery) and every project's phase execution is woken (closed ones end, the others go on).

import { type Actor, actorName } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, notFoundError, validationError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import { enterpriseOrgs, loadTrack, loadTrackAndChain, type ProjectDeps, wake } from "./common.ts";
import { endProject } from "./endings.ts";
import {
  type HorseRaceDecision,
  type HorseRaceParty,
  type HorseRaceRecord,
  horseRaceId,
  horseRaceKind,
} from "./horse-race-model.ts";
import { withEvent } from "./inbox.ts";
import {
  defaultHorseRaceKeyMilestone,
  horseRaceKeyMilestoneOf,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectsOfChallenge,
  trackKind,
} from "./model.ts";

export interface HorseRaceInput {
  readonly continuing: readonly string[];
  readonly settlements?: readonly { projectId: string; verifiedSpendingFen: number }[] | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The projects of the challenge, oldest first (the award writes them with the same challengeId). */
async function entrants(deps: ProjectDeps, challengeId: string): Promise<ProjectRecord[]> {
  const projects = await listAll(deps.records, projectsOfChallenge(challengeId));
  return projects.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The horse race's record rules (functions/kernel/record-access.ts) read the enterprises of its projects. */
const raceFacts = (projects: readonly ProjectRecord[]) => ({
  enterpriseOrganisationIds: projects.flatMap((p) => enterpriseOrgs(p)),
});

function partyOf(actor: Actor, projects: readonly ProjectRecord[]): HorseRaceParty {
  const grant = authorizeRecord(actor, "horse-race", "decide", raceFacts(projects));
  return grant?.roles.includes("bureau") ? "bureau" : "enterprise";
}

/** The key milestone is reached when its review was decided (or it failed), or its due date has passed. */
function keyMilestoneReached(track: ProjectTrackRecord, keyMilestone: number, today: string): boolean {
  const m = track.milestones.find((x) => x.index === keyMilestone);
  if (!m) return false;
  if (m.status === "passed" || m.status === "awaiting-payment-opinion" || m.status === "failed") return true;
  return today > m.dueDate;
}

export async function readHorseRace(deps: ProjectDeps, actor: Actor, challengeId: string) {
  const projects = await entrants(deps, challengeId);
  if (projects.length === 0) {
    throw notFoundError(
      "NO_PROJECTS",
      `No project of challenge ${challengeId}`,
      `榜单 ${challengeId} 没有项目`,
    );
  }
  authorizeRecord(actor, "horse-race", "read", raceFacts(projects));
  const race = await deps.records.get(horseRaceKind, horseRaceId(challengeId));
  const tracks = await Promise.all(projects.map((p) => deps.records.get(trackKind, p.id)));
  return {
    challengeId,
    projects: projects.map((p, i) => {
      const track = tracks[i];
      return {
        projectId: p.id,
        status: p.status,
        solver: p.solverLead,
        keyMilestone: track ? horseRaceKeyMilestoneOf(track) : defaultHorseRaceKeyMilestone,
      };
    }),
    race: race ?? null,
  };
}

/**
 * The bureau or the enterprise chooses which projects of a horse race continue. When both have chosen the same set,
 * the others are terminated without fault with settlement (the bureau's decision carries each one's audited
 * spending), and the phase executions of every project are woken. A decision after that is a 409; a repeat after a
 * crash half-way completes the settlements first.
 */
export async function decideHorseRace(
  deps: ProjectDeps,
  actor: Actor,
  challengeId: string,
  input: HorseRaceInput,
): Promise<HorseRaceRecord> {
  const projects = await entrants(deps, challengeId);
  const party = partyOf(actor, projects);
  const existing = await deps.records.get(horseRaceKind, horseRaceId(challengeId));
  if (existing?.status === "decided") {
    await settle(deps, existing);
    throw conflictError("HORSE_RACE_DECIDED", "The horse race has been decided", "赛马结果已确定");
  }
  const running = existing
    ? projects.filter((p) => existing.projectIds.includes(p.id))
    : projects.filter((p) => p.status !== "terminated" && p.status !== "accepted");
  if (running.length < 2) {
    throw businessRuleError(
      "NOT_A_HORSE_RACE",
      "A horse race needs at least two projects of the challenge",
      "赛马须有两个及以上并行项目",
      [{ path: "params.challengeId", message: "fewer than two projects", messageZh: "并行项目不足两个" }],
    );
  }
  const ids = running.map((p) => p.id);
  const continuing = [...new Set(input.continuing)].sort();
  const unknown = continuing.findIndex((id) => !ids.includes(id));
  if (continuing.length === 0 || unknown >= 0) {
    throw validationError(
      "NOT_IN_THE_RACE",
      "Choose at least one project of the race to continue",
      "须从赛马项目中至少选择一个继续实施",
      [
        {
          path:
            unknown >= 0
              ? `body.continuing.${input.continuing.indexOf(continuing[unknown] as string)}`
              : "body.continuing",
          message: unknown >= 0 ? "not a project of this horse race" : "at least one",
          messageZh: unknown >= 0 ? "不是本次赛马的项目" : "至少选择一个",
        },
      ],
    );
  }
  const closing = ids.filter((id) => !continuing.includes(id));
  const settlements = input.settlements ?? [];
  if (party === "bureau") {
    const missing = closing.filter((id) => !settlements.some((s) => s.projectId === id));
    const stray = settlements.findIndex((s) => !closing.includes(s.projectId));
    if (missing.length > 0 || stray >= 0) {
      throw validationError(
        "SETTLEMENT_REQUIRED",
        `The bureau settles every project that closes (audited spending of ${closing.join(", ") || "none"})`,
        "主管部门须为每个终止的项目给出经审计的支出金额",
        [
          {
            path: stray >= 0 ? `body.settlements.${stray}.projectId` : "body.settlements",
            message: stray >= 0 ? "not a project that closes" : `missing ${missing.join(", ")}`,
            messageZh: stray >= 0 ? "该项目不终止" : `缺少 ${missing.join("、")}`,
          },
        ],
      );
    }
  } else if (settlements.length > 0) {
    throw validationError("SETTLEMENT_BY_BUREAU", "Only the bureau settles", "结算金额由主管部门确定", [
      { path: "body.settlements", message: "bureau only", messageZh: "仅主管部门填写" },
    ]);
  }
  const today = shanghaiDate(deps.clock.now().getTime());
  const keyMilestones: { projectId: string; keyMilestone: number }[] = [];
  for (const p of running) {
    const track = await deps.records.get(trackKind, p.id);
    // Each project's own key milestone, as its signed task book fixes it.
    const keyMilestone = track ? horseRaceKeyMilestoneOf(track) : defaultHorseRaceKeyMilestone;
    keyMilestones.push({ projectId: p.id, keyMilestone });
    if (!track || track.status === "drafting" || !keyMilestoneReached(track, keyMilestone, today)) {
      throw businessRuleError(
        "KEY_MILESTONE_NOT_REACHED",
        `Project ${p.id} has not reached the key milestone ${keyMilestone}`,
        `项目 ${p.id} 尚未到达关键里程碑（第${keyMilestone}个）`,
        [{ path: "params.challengeId", message: "key milestone not reached", messageZh: "未到关键节点" }],
      );
    }
  }

  const race = await retryOnConflict(async () => {
    const current = await deps.records.get(horseRaceKind, horseRaceId(challengeId));
    if (current?.status === "decided")
      throw conflictError("HORSE_RACE_DECIDED", "The horse race has been decided", "赛马结果已确定");
    const at = deps.clock.now().toISOString();
    const decision: HorseRaceDecision = {
      party,
      by: actor.userId,
      byName: actorName(actor),
      organisationId: actor.organisationId,
      at,
      continuing,
      ...(party === "bureau" ? { settlements: settlements.map((s) => ({ ...s })) } : {}),
    };
    const decisions = [...(current?.decisions ?? []).filter((d) => d.party !== party), decision];
    const other = decisions.find((d) => d.party !== party);
    const agreed = other !== undefined && sameSet(other.continuing, continuing);
    const changes = {
      decisions,
      status: agreed ? ("decided" as const) : ("deciding" as const),
      ...(agreed ? { outcome: { continuing, closed: closing, decidedAt: at } } : {}),
    };
    const note = {
      actor: actor.userId,
      role: party,
      action: agreed ? "horse-race.decided" : "horse-race.chosen",
      detail: { continuing, closing },
    };
    if (current) {
      const next = bump(current, at, changes);
      await deps.records.write([updated(horseRaceKind, current, next, note)], at);
      return next;
    }
    const first: HorseRaceRecord = {
      id: horseRaceId(challengeId),
      version: 1,
      challengeId,
      programmeId: (running[0] as ProjectRecord).programmeId,
      keyMilestones,
      projectIds: ids,
      enterpriseOrganisationIds: [...new Set(raceFacts(projects).enterpriseOrganisationIds)],
      createdAt: at,
      updatedAt: at,
      ...changes,
    };
    await deps.records.write([created(horseRaceKind, first, note)], at);
    return first;
  });
  if (race.status === "decided") await settle(deps, race);
  return race;
}

/**
 * Applies a decided race: each closing project terminated without fault (skipped when already done — a repeat after
 * a crash), each continuing project marked and its phase execution woken.
 */
async function settle(deps: ProjectDeps, race: HorseRaceRecord): Promise<void> {
  const outcome = race.outcome;
  const bureau = race.decisions.find((d) => d.party === "bureau");
  if (!outcome || !bureau) return;
  // The bureau's decider, with the name the decision kept: the settlement's termination and recovery name them too.
  const bureauActor: Actor = {
    userId: bureau.by,
    ...(bureau.byName ? { name: bureau.byName } : {}),
    organisationId: bureau.organisationId,
    roles: ["bureau"],
  };
  const mark = (projectId: string, result: "continues" | "closed") => ({
    challengeId: race.challengeId,
    outcome: result,
    keyMilestone:
      // Records written before key milestones were per task book have none: the default (the first).
      (race.keyMilestones ?? []).find((k) => k.projectId === projectId)?.keyMilestone ??
      defaultHorseRaceKeyMilestone,
    decidedAt: outcome.decidedAt,
  });
  for (const projectId of outcome.closed) {
    const track = await loadTrack(deps, projectId);
    if (track.termination) continue;
    const settlement = bureau.settlements?.find((s) => s.projectId === projectId);
    await endProject(
      deps,
      bureauActor,
      projectId,
      "termination",
      {
        reason: "赛马制：关键节点评估未入选继续实施，按已拨付资金结算 (horse race: not chosen to continue)",
        fault: false,
        proposedBy: "bureau",
        verifiedSpendingFen: settlement?.verifiedSpendingFen ?? 0,
      },
      () => ({ horseRace: mark(projectId, "closed") }),
    );
  }
  for (const projectId of outcome.continuing) {
    const after = await retryOnConflict(async () => {
      const { track, chain } = await loadTrackAndChain(deps, projectId);
      if (track.horseRace) return track;
      const at = deps.clock.now().toISOString();
      const next = bump(track, at, { horseRace: mark(projectId, "continues") });
      await deps.records.write(
        [
          updated(trackKind, track, next, {
            actor: bureau.by,
            role: "bureau",
            action: "horse-race.continues",
            detail: { challengeId: race.challengeId },
          }),
          ...withEvent(chain, at, "horse-race-continues"),
        ],
        at,
      );
      return next;
    });
    await wake(deps, after);
  }
}
