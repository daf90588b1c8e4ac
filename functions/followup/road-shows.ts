// Use cases of the investment road-show (投融资路演, 《太原市…行动方案》四（五）): the project's enterprise or lead solver asks
// of its own accord (经企业自愿提出), the bureau agrees and fixes the session (date, venue, invited financial and venture
// institutions) or declines, and records each institution's declared interest — declared, not committed, social
// capital that the leverage reports apart (functions/programmes/rules/leverage.ts roadShowInterestFen).
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, notFoundError } from "../kernel/errors.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import { assertRunning, type FollowupDeps, projectFor } from "./common.ts";
import { type InstitutionKind, type RoadShowRecord, roadShowId, roadShowKind } from "./model.ts";
import { assertInterest, declaredInterestFen } from "./rules/road-show.ts";

const noRoadShow = (projectId: string) =>
  notFoundError(
    "ROAD_SHOW_NOT_FOUND",
    `Project ${projectId} has no road-show request`,
    `项目 ${projectId} 无路演申请`,
  );

/** The enterprise or the lead solver asks for a road-show; one request per project (a declined one may be asked again). */
export async function requestRoadShow(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: { reason: string; followOnNeedFen: number },
): Promise<RoadShowRecord> {
  return retryOnConflict(async () => {
    const { project, track, at } = await projectFor(deps, actor, projectId, "request");
    assertRunning(track, "ask for a road-show", "申请路演");
    const existing = await deps.records.get(roadShowKind, roadShowId(projectId));
    if (existing && existing.status !== "declined") {
      throw conflictError(
        "ROAD_SHOW_ALREADY_REQUESTED",
        "A road-show has already been requested for this project",
        "该项目已申请路演",
      );
    }
    const request = {
      reason: input.reason,
      followOnNeedFen: input.followOnNeedFen,
      by: actor.userId,
      organisationId: actor.organisationId,
      at,
    };
    const role = actor.roles.includes("enterprise") ? "enterprise" : "solver";
    const note = {
      actor: actor.userId,
      role,
      action: "road-show.requested",
      detail: { followOnNeedFen: input.followOnNeedFen },
    };
    if (existing) {
      const after = bump(existing, at, {
        status: "requested",
        request,
        decision: undefined,
        session: undefined,
      });
      await deps.records.write([updated(roadShowKind, existing, after, note)], at);
      return after;
    }
    const record: RoadShowRecord = {
      id: roadShowId(projectId),
      version: 1,
      projectId,
      programmeId: project.programmeId,
      status: "requested",
      request,
      interests: [],
      createdAt: at,
      updatedAt: at,
    };
    await deps.records.write([created(roadShowKind, record, note)], at);
    return record;
  });
}

export interface RoadShowDecision {
  readonly decision: "approve" | "decline";
  readonly comment: string;
  readonly session?:
    | { date: string; venue: string; institutions: readonly { name: string; kind: InstitutionKind }[] }
    | undefined;
}

/** The bureau agrees (with the session: date, venue, invited institutions) or declines the request. */
export async function decideRoadShow(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: RoadShowDecision,
): Promise<RoadShowRecord> {
  return retryOnConflict(async () => {
    const { track, at, today } = await projectFor(deps, actor, projectId, "decide");
    assertRunning(track, "decide a road-show", "决定路演");
    const existing = await deps.records.get(roadShowKind, roadShowId(projectId));
    if (!existing) throw noRoadShow(projectId);
    if (existing.status !== "requested") {
      throw conflictError(
        "ROAD_SHOW_DECIDED",
        "The road-show request has already been decided",
        "路演申请已处理",
      );
    }
    if (input.decision === "approve") {
      if (!input.session) {
        throw businessRuleError(
          "ROAD_SHOW_SESSION_REQUIRED",
          "Agreeing to a road-show fixes its session: date, venue and invited institutions",
          "同意路演须确定路演日期、地点和受邀机构",
          [{ path: "body.session", message: "required to approve", messageZh: "同意时必填" }],
        );
      }
      if (input.session.date < today) {
        throw businessRuleError(
          "SESSION_IN_PAST",
          "The session cannot be in the past",
          "路演日期不得早于今天",
          [{ path: "body.session.date", message: "in the past", messageZh: "早于今天" }],
        );
      }
      const names = input.session.institutions.map((i) => i.name);
      const twice = names.findIndex((n, i) => names.indexOf(n) !== i);
      if (twice >= 0) {
        throw businessRuleError(
          "INSTITUTION_TWICE",
          `${names[twice]} is invited twice`,
          `“${names[twice]}”重复邀请`,
          [{ path: `body.session.institutions.${twice}.name`, message: "invited twice", messageZh: "重复" }],
        );
      }
    }
    const approved = input.decision === "approve";
    const after = bump(existing, at, {
      status: approved ? "scheduled" : "declined",
      decision: { approved, comment: input.comment, by: actor.userId, at },
      ...(approved && input.session
        ? { session: { ...input.session, institutions: [...input.session.institutions] } }
        : {}),
    });
    await deps.records.write(
      [
        updated(roadShowKind, existing, after, {
          actor: actor.userId,
          role: "bureau",
          action: approved ? "road-show.scheduled" : "road-show.declined",
          detail: approved
            ? { date: input.session?.date, institutions: input.session?.institutions.length }
            : {},
        }),
      ],
      at,
    );
    return after;
  });
}

/** The bureau records an institution's declared interest (a later declaration of the same institution replaces it). */
export async function recordInterest(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: { institution: string; amountFen: number; declaredOn: string; note?: string | undefined },
): Promise<RoadShowRecord> {
  return retryOnConflict(async () => {
    const { at, today } = await projectFor(deps, actor, projectId, "decide");
    const existing = await deps.records.get(roadShowKind, roadShowId(projectId));
    if (!existing) throw noRoadShow(projectId);
    assertInterest(existing.status === "scheduled" ? existing.session : undefined, input);
    if (input.declaredOn > today) {
      throw businessRuleError(
        "DECLARED_IN_FUTURE",
        "Interest cannot be declared in the future",
        "意向日期不得晚于今天",
        [{ path: "body.declaredOn", message: "in the future", messageZh: "晚于今天" }],
      );
    }
    const after = bump(existing, at, {
      interests: [
        ...existing.interests,
        {
          seq: existing.interests.length + 1,
          institution: input.institution,
          amountFen: input.amountFen,
          declaredOn: input.declaredOn,
          ...(input.note ? { note: input.note } : {}),
          recordedBy: actor.userId,
          at,
        },
      ],
    });
    await deps.records.write(
      [
        updated(roadShowKind, existing, after, {
          actor: actor.userId,
          role: "bureau",
          action: "road-show.interest",
          detail: { institution: input.institution, amountFen: input.amountFen },
        }),
      ],
      at,
    );
    return after;
  });
}

/** The project's road-show with its declared interest summed (parties and staff); null when none was asked for. */
export async function readRoadShow(deps: FollowupDeps, actor: Actor, projectId: string) {
  await projectFor(deps, actor, projectId, "read");
  const record = await deps.records.get(roadShowKind, roadShowId(projectId));
  if (!record) return null;
  return { ...record, declaredInterestFen: declaredInterestFen(record.interests) };
}
