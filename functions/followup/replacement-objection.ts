// Use case of an objection upheld against a replacement's public notice (递补公示异议成立; 《太原市…行动方案》四（五）公示,
// 泰安《实施意见》第24条 递补): the replacement ends before its task book is signed (nothing paid), its application is removed,
// and the next-ranked signed application whose 就高不重复 check is settled is offered the same money with its own notice,
// as the first replacement was (replacement.ts offerReplacement) — automatically, since 递补 follows the experts'
// ranking; a candidate whose overlap finding is undecided makes the offer wait for the bureau's decision (a to-do),
// and with nobody left the bureau is told and the money stays with finance.
import { applicationKind } from "../applications/model.ts";
import { type NoticeRecord, noticeKind, type ObjectionRecord, objectionKind } from "../award/model.ts";
import { ruleOnObjection } from "../award/notices.ts";
import type { Actor } from "../kernel/actor.ts";
import { conflictError, isDomainError } from "../kernel/errors.ts";
import type { OverlapCheckRecord } from "../overlap/model.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordWrite, updated } from "../platform/ports/records.ts";
import { endProject } from "../projects/endings.ts";
import { type ProjectRecord, projectKind, projectsOfChallenge, trackKind } from "../projects/model.ts";
import type { ProjectDeps } from "../projects/projects.ts";
import { loadApplication, loadChallenge } from "../review/common.ts";
import { performanceOf, savePerformance } from "./performance.ts";
import {
  type NextOffer,
  type PerformanceRecord,
  performanceId,
  performanceKind,
  type ReplacementWithdrawal,
} from "./performance-model.ts";
import { leadName, offerReplacement, pickReplacement } from "./replacement.ts";

/** The reason the withdrawn replacement's termination carries when its task book was drafted (the track says why). */
const withdrawalPrefix = "递补公示异议成立：";
const withdrawalReason = (ruling: string) => `${withdrawalPrefix}${ruling}`;

/**
 * The bureau rules on an objection (award/notices.ts ruleOnObjection). Upholding one against a replacement's notice is
 * recorded *with* its follow-up (replacementObjectionUpheld): the ruling, the replacement's withdrawal, the notice
 * superseded and the next offer in one transaction, after the ending of a drafted task book — so a call that dies
 * part-way leaves the objection open, still on the bureau's 待办, and ruling it again completes the whole. A repeat of
 * an upheld ruling on a replacement's notice answers the objection as ruled (and completes what may be left).
 */
export async function ruleOnNoticeObjection(
  deps: ProjectDeps,
  actor: Actor,
  noticeId: string,
  objectionId: string,
  input: { decision: "upheld" | "dismissed"; reason: string },
): Promise<ObjectionRecord> {
  const notice = await deps.records.get(noticeKind, noticeId);
  const objection = await deps.records.get(objectionKind, objectionId);
  if (notice?.replacement && objection?.noticeId === noticeId && objection.status === "open") {
    if (notice.status !== "open" && notice.status !== "ruling") {
      throw conflictError("NOTICE_CLOSED", `The notice is ${notice.status}`, "该公示已结束处理");
    }
    if (input.decision === "upheld") {
      await replacementObjectionUpheld(deps, actor, noticeId, { objectionId, reason: input.reason });
      return mustGet<ObjectionRecord>(deps.records, objectionKind, objectionId, "Objection", "异议");
    }
    // A dismissal after an upheld ruling that died part-way (the replacement already ended for it) is refused: the
    // project cannot be revived; the bureau rules it upheld again to complete it.
    const track = await deps.records.get(trackKind, notice.replacement.projectId);
    if (track?.termination?.reason.startsWith(withdrawalPrefix)) {
      throw conflictError(
        "REPLACEMENT_WITHDRAWAL_BEGUN",
        "The replacement was already ended on this objection's upheld ruling: rule it upheld again to complete it",
        "该递补已因本异议成立而终止：请再次作出“异议成立”以完成处理",
      );
    }
  }
  let ruled: ObjectionRecord;
  try {
    ruled = await ruleOnObjection(deps, actor, noticeId, objectionId, input);
  } catch (error) {
    const repeat =
      isDomainError(error) &&
      (error.code === "OBJECTION_ALREADY_RULED" || error.code === "NOTICE_CLOSED") &&
      input.decision === "upheld" &&
      objection?.status === "upheld" &&
      objection.noticeId === noticeId &&
      notice?.replacement !== undefined;
    if (!repeat || !objection) throw error;
    ruled = objection;
  }
  if (ruled.status === "upheld" && notice?.replacement)
    await replacementObjectionUpheld(deps, actor, noticeId);
  return ruled;
}

/**
 * The follow-up of an upheld objection to a replacement's notice: the replacement project — nothing paid, its task
 * book unsigned — ends without fault (its grant back to 0: the money returns to the chain), its application is
 * `removed`, the notice superseded; and the next candidate is offered the money left of the origin's grant with its own
 * notice (offerReplacement), unless its 就高不重复 finding waits for the bureau (`nextOffer` awaiting-overlap, a to-do)
 * or nobody is left (`nextOffer` none-left: the bureau is told, the money stays with finance). Idempotent: the ending
 * of a drafted task book is one step (projects/endings.ts), everything else one transaction; a repeat finds what was
 * done and completes the rest — also after the bureau's overlap decision (replacementOverlapDecided).
 */
export async function replacementObjectionUpheld(
  deps: ProjectDeps,
  actor: Actor,
  noticeId: string,
  ruling?: { objectionId: string; reason: string },
): Promise<PerformanceRecord | undefined> {
  const notice = await deps.records.get(noticeKind, noticeId);
  const upheldId = ruling?.objectionId ?? notice?.objections.find((o) => o.status === "upheld")?.objectionId;
  if (!notice?.replacement || !upheldId) return undefined;
  const objection = await mustGet<ObjectionRecord>(
    deps.records,
    objectionKind,
    upheldId,
    "Objection",
    "异议",
  );
  const rulingReason = objection.ruling?.reason ?? ruling?.reason ?? "";
  const reason = withdrawalReason(rulingReason);
  const projectId = notice.replacement.projectId;
  // A drafted task book has a track and an execution waiting for its signatures: it ends as a termination does.
  const track = await deps.records.get(trackKind, projectId);
  const done = await deps.records.get(performanceKind, performanceId(projectId));
  if (track && !track.termination && track.status !== "closed" && !done?.withdrawn) {
    await endProject(deps, actor, projectId, "termination", {
      reason,
      fault: false,
      proposedBy: "bureau",
      verifiedSpendingFen: 0,
    });
  }
  const checks = new Map<string, OverlapCheckRecord>();
  return retryOnConflict(async () => {
    const project = await mustGet<ProjectRecord>(deps.records, projectKind, projectId, "Project", "项目");
    const current = await performanceOf(deps, project, nowIso(deps));
    const settled = current.record.replacedBy || current.record.nextOffer?.status === "none-left";
    if (current.record.withdrawn && settled) return current.record;
    const origin = await mustGet<ProjectRecord>(
      deps.records,
      projectKind,
      current.record.withdrawn?.originProjectId ?? notice.replacement?.replacedProjectId ?? "",
      "Project",
      "项目",
    );
    const plan = await pickReplacement(deps, actor, origin, checks);
    const at = nowIso(deps);
    const note = { actor: actor.userId, role: "bureau" };
    const writes: RecordWrite[] = [];
    // The bureau's ruling itself, when this call records it (ruleOnNoticeObjection): in this transaction.
    const open = await mustGet<ObjectionRecord>(
      deps.records,
      objectionKind,
      objection.id,
      "Objection",
      "异议",
    );
    const rulingNow = ruling && open.status === "open";
    if (rulingNow) {
      writes.push(
        updated(
          objectionKind,
          open,
          bump(open, at, {
            status: "upheld",
            ruling: { decision: "upheld" as const, reason: ruling.reason, by: actor.userId, at },
          }),
          {
            ...note,
            action: "notice.objection-upheld",
            detail: { objectionId: open.id, winnerPosition: open.winnerPosition },
          },
        ),
      );
    }
    const withdrawn: ReplacementWithdrawal = current.record.withdrawn ?? {
      reason: "replacement-objection-upheld",
      noticeId,
      objectionId: objection.id,
      ruling: rulingReason,
      originProjectId: origin.id,
      offeredFen: project.grantFen,
      by: actor.userId,
      at,
    };
    if (!current.record.withdrawn) {
      // The project ends (or, ended with its track above, gives its grant back) and its application is removed.
      const ended = project.status === "terminated";
      writes.push(
        updated(projectKind, project, bump(project, at, { status: "terminated", grantFen: 0 }), {
          ...note,
          action: ended ? "project.grant-released" : "project.replacement-withdrawn",
          detail: { reason, noticeId, objectionId: objection.id, fromFen: project.grantFen, toFen: 0 },
        }),
      );
      const application = await loadApplication(deps, project.applicationId);
      if (application.status !== "removed") {
        writes.push(
          updated(applicationKind, application, bump(application, at, { status: "removed" }), {
            ...note,
            action: "application.removed",
            detail: { noticeId, reason: "replacement-objection-upheld" },
          }),
        );
      }
      const fresh = await mustGet<NoticeRecord>(deps.records, noticeKind, noticeId, "Notice", "公示");
      if (fresh.status === "open" || fresh.status === "ruling") {
        const objections = rulingNow
          ? fresh.objections.map((o) =>
              o.objectionId === objection.id ? { ...o, status: "upheld" as const } : o,
            )
          : fresh.objections;
        writes.push(
          updated(
            noticeKind,
            fresh,
            bump(fresh, at, { status: "superseded", pendingTask: undefined, objections }),
            {
              ...note,
              action: "notice.superseded",
              detail: {
                removed: [project.applicationId],
                reason: "replacement-objection-upheld",
                objectionId: objection.id,
              },
            },
          ),
        );
      }
    }
    if (plan.kind === "offer" && plan.grantFen > 0) {
      const offer = await offerReplacement(deps, actor, origin, project, plan, at);
      return savePerformance(
        deps,
        current,
        { withdrawn, replacedBy: offer.replacement.projectId, nextOffer: undefined },
        {
          ...note,
          action: "performance.replaced",
          detail: {
            after: "replacement-objection-upheld",
            noticeId,
            ...offer.replacement,
            ...(plan.skipped.length ? { skipped: plan.skipped } : {}),
          },
        },
        at,
        [...writes, ...offer.writes],
      );
    }
    const nextOffer: NextOffer =
      plan.kind === "undecided"
        ? current.record.nextOffer?.status === "awaiting-overlap" &&
          current.record.nextOffer.applicationId === plan.application.id
          ? current.record.nextOffer
          : {
              status: "awaiting-overlap",
              applicationId: plan.application.id,
              since: at,
              skipped: plan.skipped,
            }
        : {
            status: "none-left",
            at,
            leftFen: plan.kind === "none" ? plan.leftFen : 0,
            skipped: plan.skipped,
          };
    if (writes.length === 0 && nextOffer === current.record.nextOffer) return current.record;
    const challenge = await loadChallenge(deps, project.challengeId);
    return savePerformance(
      deps,
      current,
      { withdrawn, nextOffer },
      {
        ...note,
        action:
          nextOffer.status === "awaiting-overlap"
            ? "performance.replacement-awaiting-overlap"
            : "performance.no-replacement-left",
        detail: {
          noticeId,
          title: challenge.title,
          solverName: project.solverLead.name,
          ...(nextOffer.status === "awaiting-overlap"
            ? {
                applicationId: nextOffer.applicationId,
                candidateName: plan.kind === "undecided" ? leadName(plan.application) : "",
              }
            : { leftFen: nextOffer.leftFen }),
          ...(nextOffer.skipped.length ? { skipped: nextOffer.skipped } : {}),
        },
      },
      at,
      writes,
    );
  });
}

/**
 * The bureau's 就高不重复 decision on an application settled its check: an offer waiting for it (a replacement withdrawn
 * on an upheld objection, `nextOffer` awaiting-overlap on that candidate) goes on — offered, passed over, or waiting
 * for the next candidate's decision.
 */
export async function replacementOverlapDecided(
  deps: ProjectDeps,
  actor: Actor,
  applicationId: string,
): Promise<void> {
  const application = await deps.records.get(applicationKind, applicationId);
  if (!application) return;
  for (const project of await listAll(deps.records, projectsOfChallenge(application.challengeId))) {
    const record = await deps.records.get(performanceKind, performanceId(project.id));
    const waiting = record?.nextOffer;
    if (
      waiting?.status === "awaiting-overlap" &&
      waiting.applicationId === applicationId &&
      record?.withdrawn
    ) {
      await replacementObjectionUpheld(deps, actor, record.withdrawn.noticeId);
    }
  }
}
