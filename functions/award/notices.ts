// Use cases of the public notice (公示, 《太原市实施“双百攻关行动”工作方案》四（五）): publishing the winners for the policy's working days,
// public reading, objections (异议) from anyone during the notice, the bureau's ruling, and replacement (递补) when an
// objection is upheld. The workflow's task states call the `*Task` functions.

import { randomUUID } from "node:crypto";
import { applicationKind } from "../applications/model.ts";
import { workingDayCalendar } from "../calendar/calendar.ts";
import { challengeKind } from "../challenges/model.ts";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, conflictError, notFoundError } from "../kernel/errors.ts";
import { registeredNames } from "../organisations/organisations.ts";
import { overlapGrantCaps } from "../overlap/checks.ts";
import { nowIso } from "../platform/ports/clock.ts";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated, workflowAudit } from "../platform/ports/records.ts";
import {
  type AwardDeps,
  applicationOrganisations,
  loadApplication,
  loadChallenge,
  loadProgramme,
  loadRound,
} from "../review/common.ts";
import { derivedId, roundKind } from "../review/model.ts";
import {
  type NoticeRecord,
  noticeKind,
  type ObjectionRecord,
  objectionKind,
  publicNotices,
} from "./model.ts";
import { correctNoticeWindow } from "./notice-calendar.ts";
import { publicNoticeView } from "./views.ts";

/** A notice holds at most this many objections (the record stays far below DynamoDB's item limit). */
export const maxObjectionsPerNotice = 200;

export const loadNotice = (deps: Pick<AwardDeps, "records">, id: string) =>
  mustGet<NoticeRecord>(deps.records, noticeKind, id, "Notice", "公示");

// ---- public reading ------------------------------------------------------------------------------------------

export async function listPublicNotices(
  deps: AwardDeps,
  query: { limit: number; cursor?: string | undefined },
) {
  const page = await deps.records.list(publicNotices(), {
    limit: query.limit,
    newestFirst: true,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const now = deps.clock.now().getTime();
  return {
    items: page.items.map((n) => publicNoticeView(n, now)),
    ...(page.next ? { next: page.next } : {}),
  };
}

export async function readPublicNotice(deps: AwardDeps, noticeId: string) {
  return publicNoticeView(await loadNotice(deps, noticeId), deps.clock.now().getTime());
}

// ---- objections and rulings ------------------------------------------------------------------------------------

/** Anyone may object while the notice runs (the server's clock decides); afterwards it is refused. */
export async function objectToNotice(
  deps: AwardDeps,
  noticeId: string,
  input: { winnerPosition?: number | undefined; text: string; contact?: string | undefined },
): Promise<ObjectionRecord> {
  return retryOnConflict(async () => {
    const notice = await loadNotice(deps, noticeId);
    const now = deps.clock.now();
    if (notice.status !== "open" || now.getTime() > Date.parse(notice.endsAt)) {
      throw businessRuleError(
        "NOTICE_ENDED",
        `The notice ended at ${notice.endsAt}; objections are no longer accepted`,
        `公示期已于 ${notice.endsAt} 结束，不再受理异议`,
      );
    }
    const position = input.winnerPosition ?? (notice.winners.length === 1 ? 1 : undefined);
    if (position === undefined || !notice.winners.some((w) => w.position === position)) {
      throw businessRuleError(
        "WINNER_POSITION_INVALID",
        `Say which winner the objection is about (1 to ${notice.winners.length})`,
        `请指明异议针对的公示对象（1 至 ${notice.winners.length}）`,
        [
          {
            path: "body.winnerPosition",
            message: `1 to ${notice.winners.length}`,
            messageZh: `1 至 ${notice.winners.length}`,
          },
        ],
      );
    }
    if (notice.objections.length >= maxObjectionsPerNotice) {
      throw businessRuleError(
        "TOO_MANY_OBJECTIONS",
        "This notice has received the most objections it can hold; contact the bureau",
        "该公示异议数量已达上限，请直接联系科技管理部门",
      );
    }
    const at = now.toISOString();
    const objection: ObjectionRecord = {
      id: `obj-${randomUUID()}`,
      version: 1,
      noticeId: notice.id,
      challengeId: notice.challengeId,
      winnerPosition: position,
      text: input.text,
      ...(input.contact ? { contact: input.contact } : {}),
      status: "open",
      createdAt: at,
      updatedAt: at,
    };
    const audit = {
      actor: "public",
      role: "public",
      action: "notice.objection-raised",
      detail: { objectionId: objection.id, winnerPosition: position },
    };
    await deps.records.write(
      [
        created(objectionKind, objection, audit),
        updated(
          noticeKind,
          notice,
          bump(notice, at, {
            objections: [
              ...notice.objections,
              { objectionId: objection.id, winnerPosition: position, status: "open" as const, raisedAt: at },
            ],
          }),
          audit,
        ),
      ],
      at,
    );
    return objection;
  });
}

export async function listObjections(deps: AwardDeps, noticeId: string): Promise<ObjectionRecord[]> {
  const notice = await loadNotice(deps, noticeId);
  return Promise.all(
    notice.objections.map((o) =>
      mustGet<ObjectionRecord>(deps.records, objectionKind, o.objectionId, "Objection", "异议"),
    ),
  );
}

/** The bureau rules on an objection; the last ruling releases the workflow when it is waiting for it. */
export async function ruleOnObjection(
  deps: AwardDeps,
  actor: Actor,
  noticeId: string,
  objectionId: string,
  input: { decision: "upheld" | "dismissed"; reason: string },
): Promise<ObjectionRecord> {
  const { objection, notice } = await retryOnConflict(async () => {
    const notice = await loadNotice(deps, noticeId);
    const objection = await deps.records.get(objectionKind, objectionId);
    if (!objection || objection.noticeId !== noticeId) {
      throw notFoundError(
        "OBJECTION_NOT_FOUND",
        `Objection ${objectionId} not found on notice ${noticeId}`,
        `公示 ${noticeId} 没有异议 ${objectionId}`,
      );
    }
    if (objection.status !== "open") {
      throw conflictError(
        "OBJECTION_ALREADY_RULED",
        `This objection was ${objection.status}`,
        "该异议已处理",
      );
    }
    if (notice.status !== "open" && notice.status !== "ruling") {
      throw conflictError("NOTICE_CLOSED", `The notice is ${notice.status}`, "该公示已结束处理");
    }
    const at = nowIso(deps);
    const next = bump(objection, at, {
      status: input.decision,
      ruling: { ...input, by: actor.userId, at },
    });
    const nextNotice = bump(notice, at, {
      objections: notice.objections.map((o) =>
        o.objectionId === objectionId ? { ...o, status: input.decision } : o,
      ),
    });
    const audit = {
      actor: actor.userId,
      role: "bureau",
      action: `notice.objection-${input.decision}`,
      detail: { objectionId, winnerPosition: objection.winnerPosition },
    };
    await deps.records.write(
      [updated(objectionKind, objection, next, audit), updated(noticeKind, notice, nextNotice, audit)],
      at,
    );
    return { objection: next, notice: nextNotice };
  });
  if (
    notice.status === "ruling" &&
    notice.pendingTask &&
    !notice.objections.some((o) => o.status === "open")
  ) {
    await deps.workflows.completeTask(notice.pendingTask.token, { ruled: true });
  }
  return objection;
}

// ---- workflow tasks ------------------------------------------------------------------------------------------

/**
 * Publishes the winners (shortlisted or still on notice after a 递补) for the policy's working days from today's
 * date on the clock (Asia/Shanghai). Idempotent: a retried task returns the open notice it made.
 */
export async function publishNoticeTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number },
): Promise<{ noticeId: string; waitUntil: string; lastDay: string }> {
  return retryOnConflict(async () => {
    const round = await loadRound(deps, input.challengeId, input.round);
    const lastId = round.noticeIds.at(-1);
    if (lastId) {
      const last = await loadNotice(deps, lastId);
      if (last.status === "open")
        return { noticeId: last.id, waitUntil: last.waitUntil, lastDay: last.lastDay };
    }
    const challenge = await loadChallenge(deps, input.challengeId);
    const programme = await loadProgramme(deps, challenge.programmeId);
    const candidates = await Promise.all(
      (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
    );
    const winners = candidates
      .filter((a) => a.status === "shortlisted" || a.status === "on-notice")
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
    // The public notice names the winners by their registered names (登记名称) where registered — an application filed
    // before its parties' registration (or under the optional registry) carries the names it declared.
    const registered = await registeredNames(deps.records, winners.flatMap(applicationOrganisations));
    const now = deps.clock.now();
    const at = now.toISOString();
    const period = (await workingDayCalendar(deps.records)).noticePeriod(
      now.getTime(),
      programme.policy.noticeWorkingDays,
    );
    const seq = round.noticeIds.length + 1;
    const notice: NoticeRecord = {
      id: derivedId("ntc", challenge.id, input.round, seq),
      version: 1,
      challengeId: challenge.id,
      programmeId: challenge.programmeId,
      round: input.round,
      seq,
      title: challenge.title,
      winners: winners.map((a, i) => {
        const organisationIds = applicationOrganisations(a);
        return {
          position: i + 1,
          applicationId: a.id,
          rank: a.rank ?? 0,
          organisationIds,
          organisationNames: organisationIds.map(
            (id) => registered.get(id) ?? a.organisationNames?.[id] ?? id,
          ),
        };
      }),
      publishedAt: at,
      workingDays: programme.policy.noticeWorkingDays,
      firstDay: period.firstDay,
      lastDay: period.lastDay,
      endsAt: period.endsAt,
      waitUntil: new Date(period.endsAtMs + 1).toISOString(),
      ...(period.provisional ? { provisional: true, provisionalYears: period.provisionalYears } : {}),
      status: "open",
      objections: [],
      createdAt: at,
      updatedAt: at,
    };
    await deps.records.write(
      [
        created(
          noticeKind,
          notice,
          workflowAudit("notice.published", {
            seq,
            lastDay: period.lastDay,
            winners: winners.map((w) => w.id),
            ...(period.provisional ? { provisionalYears: period.provisionalYears } : {}),
          }),
        ),
        updated(
          roundKind,
          round,
          bump(round, at, { noticeIds: [...round.noticeIds, notice.id] }),
          workflowAudit("award.on-notice", { noticeId: notice.id }),
        ),
        ...(challenge.status !== "on-notice"
          ? [
              updated(
                challengeKind,
                challenge,
                bump(challenge, at, { status: "on-notice" }),
                workflowAudit("challenge.on-notice"),
              ),
            ]
          : []),
        ...winners
          .filter((a) => a.status === "shortlisted")
          .map((a) =>
            updated(
              applicationKind,
              a,
              bump(a, at, { status: "on-notice" }),
              workflowAudit("application.on-notice", { noticeId: notice.id }),
            ),
          ),
      ],
      at,
    );
    return { noticeId: notice.id, waitUntil: notice.waitUntil, lastDay: notice.lastDay };
  });
}

export type NoticeOutcome = "award" | "await-ruling" | "replace" | "extended";

function outcomeOf(notice: NoticeRecord): NoticeOutcome {
  if (notice.objections.some((o) => o.status === "open")) return "await-ruling";
  return notice.objections.some((o) => o.status === "upheld") ? "replace" : "award";
}

/** The winners on a notice whose support the bureau withdrew on a 就高不重复 decision (grant capped at 0) meanwhile. */
async function overlapWithdrawnWinners(
  deps: Pick<AwardDeps, "records">,
  notice: NoticeRecord,
): Promise<string[]> {
  const caps = await overlapGrantCaps(
    deps.records,
    notice.winners.map((w) => w.applicationId),
  );
  return notice.winners.filter((w) => caps.get(w.applicationId) === 0).map((w) => w.applicationId);
}

/**
 * A winner withdrawn on a 就高不重复 decision while its notice ran (the bureau may check again at any time) is not
 * awarded at grant 0: its place goes to the next-ranked, as an upheld objection's does (递补).
 */
async function withOverlapWithdrawals(
  deps: Pick<AwardDeps, "records">,
  notice: NoticeRecord,
  outcome: NoticeOutcome,
): Promise<NoticeOutcome> {
  if (outcome !== "award") return outcome;
  return (await overlapWithdrawnWinners(deps, notice)).length > 0 ? "replace" : outcome;
}

/**
 * The notice period is over: objections close; an open one holds the award until the bureau rules. Unless the window
 * was extended while the execution waited (a provisional year's official arrangement loaded, notice-calendar.ts):
 * then `extended` with the new `waitUntil`, and the execution waits again.
 */
export async function endNoticeTask(
  deps: AwardDeps,
  input: { noticeId: string },
): Promise<{ outcome: NoticeOutcome; waitUntil: string; lastDay: string }> {
  const checked = await correctNoticeWindow(deps, input.noticeId);
  if (checked.status === "open" && deps.clock.now().getTime() < Date.parse(checked.waitUntil)) {
    return { outcome: "extended", waitUntil: checked.waitUntil, lastDay: checked.lastDay };
  }
  return retryOnConflict(async () => {
    const notice = await loadNotice(deps, input.noticeId);
    const outcome = await withOverlapWithdrawals(deps, notice, outcomeOf(notice));
    const status = outcome === "await-ruling" ? "ruling" : "ended";
    if ((notice.status === "open" || notice.status === "ruling") && notice.status !== status) {
      const at = nowIso(deps);
      await deps.records.write(
        [
          updated(
            noticeKind,
            notice,
            bump(notice, at, { status, pendingTask: undefined }),
            workflowAudit(status === "ruling" ? "notice.awaiting-ruling" : "notice.ended", {
              objections: notice.objections.length,
            }),
          ),
        ],
        at,
      );
    }
    return { outcome, waitUntil: notice.waitUntil, lastDay: notice.lastDay };
  });
}

/** Parks the ruling callback on the notice; completes it at once when every objection is already ruled. */
export async function parkRulingTokenTask(
  deps: AwardDeps,
  input: { noticeId: string; token: string },
): Promise<{ parked: true }> {
  const notice = await retryOnConflict(async () => {
    const current = await loadNotice(deps, input.noticeId);
    if (current.pendingTask?.token === input.token) return current;
    const at = nowIso(deps);
    const next = bump(current, at, {
      pendingTask: { kind: "ruling" as const, token: input.token, since: at },
    });
    await deps.records.write(
      [updated(noticeKind, current, next, workflowAudit("notice.awaiting-ruling"))],
      at,
    );
    return next;
  });
  if (!notice.objections.some((o) => o.status === "open")) {
    await deps.workflows.completeTask(input.token, { ruled: true });
  }
  return { parked: true };
}

/** 递补: the best-ranked applications of a round not used yet (`ranked`), as many as places were freed. */
export function nextRankedOffers<A extends { status: string; rank?: number }>(
  applications: readonly A[],
  places: number,
): A[] {
  return applications
    .filter((a) => a.status === "ranked")
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .slice(0, places);
}

/**
 * Upheld objections remove their winners, and a 就高不重复 decision withdraws its (grant capped at 0); the next-ranked
 * applications not yet used are offered instead (递补), in rank order, and the notice is superseded (a new one follows).
 * Returns how many winners the next notice has.
 */
export async function replaceWinnersTask(
  deps: AwardDeps,
  input: { challengeId: string; round: number; noticeId: string },
): Promise<{ winnersLeft: number; offered: number }> {
  return retryOnConflict(async () => {
    const notice = await loadNotice(deps, input.noticeId);
    const round = await loadRound(deps, input.challengeId, input.round);
    const applications = await Promise.all(
      (round.ranking ?? []).map((r) => loadApplication(deps, r.applicationId)),
    );
    const current = () => applications.filter((a) => a.status === "on-notice" || a.status === "shortlisted");
    if (notice.status === "superseded") return { winnersLeft: current().length, offered: 0 };
    const upheld = new Set(
      notice.objections.filter((o) => o.status === "upheld").map((o) => o.winnerPosition),
    );
    const objected = notice.winners.filter((w) => upheld.has(w.position)).map((w) => w.applicationId);
    const withdrawn = (await overlapWithdrawnWinners(deps, notice)).filter((id) => !objected.includes(id));
    const removed = [...objected, ...withdrawn];
    const offered = nextRankedOffers(applications, removed.length);
    const at = nowIso(deps);
    await deps.records.write(
      [
        updated(
          noticeKind,
          notice,
          bump(notice, at, { status: "superseded", pendingTask: undefined }),
          workflowAudit("notice.superseded", { removed, withdrawn, offered: offered.map((a) => a.id) }),
        ),
        ...applications
          .filter((a) => objected.includes(a.id) && a.status !== "removed")
          .map((a) =>
            updated(
              applicationKind,
              a,
              bump(a, at, { status: "removed" }),
              workflowAudit("application.removed", { noticeId: notice.id }),
            ),
          ),
        ...applications
          .filter((a) => withdrawn.includes(a.id) && a.status !== "overlap-withdrawn")
          .map((a) =>
            updated(
              applicationKind,
              a,
              bump(a, at, { status: "overlap-withdrawn" }),
              workflowAudit("application.overlap-withdrawn", { noticeId: notice.id }),
            ),
          ),
        ...offered.map((a) =>
          updated(
            applicationKind,
            a,
            bump(a, at, { status: "shortlisted" }),
            workflowAudit("application.offered", { replaces: removed }),
          ),
        ),
      ],
      at,
    );
    const left = current().filter((a) => !removed.includes(a.id)).length + offered.length;
    return { winnersLeft: left, offered: offered.length };
  });
}
