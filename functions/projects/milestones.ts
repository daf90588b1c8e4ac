// Use cases of milestone reports (里程碑节点考核, 《太原市实施“双百攻关行动”工作方案》四（七）1): evidence reserved and uploaded through
// presigned URLs, reports filed, review panels named, expert verdicts with one rectification (整改), the approver's
// payment opinion making a tranche eligible; the project view and evidence links.

import { randomUUID } from "node:crypto";
import { type Actor, actorName } from "../kernel/actor.ts";
import { addDays, shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, validationError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { assertUploadAllowed } from "../kernel/uploads.ts";
import { nowIso } from "../platform/ports/clock.ts";
import type { UploadSlot } from "../platform/ports/document-store.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordWrite, updated } from "../platform/ports/records.ts";
import type { ExpertRecord } from "../review/model.ts";
import {
  assertEnterprise,
  assertFreeToVote,
  assertPanelExperts,
  audit,
  defaultRectifyDays,
  loadTrackAndChain,
  maxFilesPerMilestone,
  milestoneOf,
  type PanelState,
  type ProjectDeps,
  projectWithTrack,
  replaceMilestone,
  replaceRecused,
  reviewPanel,
  saveTrack,
  stateConflict,
  trancheEligibleOnOpinion,
  uploadUrlSeconds,
  wake,
} from "./common.ts";
import { withEvent, withReviewEvent } from "./inbox.ts";
import {
  type EvidenceFile,
  type EvidenceKind,
  horseRaceKeyMilestoneOf,
  type MilestoneProgress,
  type MilestoneReport,
  type PanelRecusal,
  type ProjectRecord,
  type ProjectTrackRecord,
  projectsOfChallenge,
  trackKind,
  type Verdict,
} from "./model.ts";
import { milestoneVerdict } from "./rules/review-verdict.ts";

// ---- milestone reports -----------------------------------------------------------------------------------------
const fileable = ["pending", "returned", "rectifying"];

/** The milestone a report may be filed for: the first one not yet passed, in a state that takes a report. */
function assertFileable(track: ProjectTrackRecord, m: MilestoneProgress): void {
  if (track.status !== "in-progress")
    throw stateConflict("report on a milestone", "报告里程碑", track.status);
  const first = track.milestones.find((x) => x.status !== "passed");
  if (first?.index !== m.index) {
    throw conflictError(
      "MILESTONE_OUT_OF_ORDER",
      `Milestone ${first?.index} comes first`,
      `应先完成第${first?.index}个里程碑`,
    );
  }
  if (!fileable.includes(m.status))
    throw stateConflict("file for this milestone", "提交该里程碑材料", m.status);
}

export interface EvidenceRequest {
  readonly kind: EvidenceKind;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

/** The enterprise reserves an evidence file and gets a presigned PUT URL (a new key each time: never overwritten). */
export async function reserveEvidence(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  request: EvidenceRequest,
): Promise<{ file: EvidenceFile; upload: UploadSlot }> {
  const { project, track: loadTrackOnce } = await projectWithTrack(deps, projectId);
  assertEnterprise(actor, project);
  assertUploadAllowed("evidence", request);
  const fileId = `evd-${randomUUID()}`;
  const file = await retryOnConflict(async () => {
    const track = await loadTrackOnce();
    const m = milestoneOf(track, index);
    assertFileable(track, m);
    if (m.files.length >= maxFilesPerMilestone) {
      throw businessRuleError(
        "TOO_MANY_FILES",
        `A milestone has at most ${maxFilesPerMilestone} files`,
        `每个里程碑最多 ${maxFilesPerMilestone} 个文件`,
      );
    }
    const at = nowIso(deps);
    const file: EvidenceFile = {
      fileId,
      ...request,
      key: `projects/${projectId}/milestones/${index}/${fileId}`,
      reservedAt: at,
    };
    const after = bump(track, at, {
      milestones: replaceMilestone(track, { ...m, files: [...m.files, file] }),
    });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, "enterprise", "milestone.evidence-reserved", {
        milestone: index,
        fileId,
        kind: request.kind,
        sha256: request.sha256,
      }),
      at,
    );
    return file;
  });
  const upload = await deps.documents.presignUpload(file, uploadUrlSeconds);
  return { file, upload };
}

/**
 * 赛马制: while parallel projects of one challenge (horse-race.ts) are still running and the enterprise and the bureau
 * have not chosen which continue, no report is filed past the key milestone (the task book's, default the first).
 */
async function assertPastHorseRace(
  deps: ProjectDeps,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  index: number,
): Promise<void> {
  if (index <= horseRaceKeyMilestoneOf(track)) return;
  if (track.horseRace) return;
  const rivals = (await listAll(deps.records, projectsOfChallenge(project.challengeId))).filter(
    (p) => p.id !== project.id && p.status !== "terminated",
  );
  if (rivals.length === 0) return;
  throw conflictError(
    "HORSE_RACE_UNDECIDED",
    `The horse race of challenge ${project.challengeId} has not been decided; milestones after the key milestone wait for it`,
    `榜单 ${project.challengeId} 的赛马结果尚未确定，关键节点之后的里程碑须待确定后提交`,
  );
}

/** The enterprise files the milestone report with the files it uploaded; the workflow validates them. */
export async function fileReport(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  input: {
    summary: string;
    indicators: readonly { name: string; actual: string }[];
    fileIds: readonly string[];
  },
): Promise<ProjectTrackRecord> {
  const { project, withChain } = await projectWithTrack(deps, projectId);
  assertEnterprise(actor, project);
  // The track read with the project serves the horse-race check and the first attempt; a retry reads it afresh.
  let unused: Awaited<ReturnType<typeof withChain>> | undefined = await withChain();
  await assertPastHorseRace(deps, project, unused.track, index);
  const next = await retryOnConflict(async () => {
    const { track, chain } = unused ?? (await loadTrackAndChain(deps, projectId));
    unused = undefined;
    const m = milestoneOf(track, index);
    assertFileable(track, m);
    input.fileIds.forEach((id, i) => {
      if (!m.files.some((f) => f.fileId === id)) {
        throw validationError(
          "UNKNOWN_FILE",
          `File ${id} was not reserved for this milestone`,
          `文件 ${id} 不属于该里程碑`,
          [{ path: `body.fileIds.${i}`, message: "unknown file", messageZh: "未知文件" }],
        );
      }
    });
    const at = nowIso(deps);
    const report: MilestoneReport = {
      seq: m.reports.length + 1,
      summary: input.summary,
      indicators: input.indicators.map((x) => ({ ...x })),
      fileIds: [...input.fileIds],
      filedBy: actor.userId,
      filedAt: at,
      votes: [],
    };
    const after = bump(track, at, {
      milestones: replaceMilestone(track, { ...m, status: "validating", reports: [...m.reports, report] }),
    });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, "enterprise", "milestone.report-filed", {
        milestone: index,
        seq: report.seq,
        fileIds: report.fileIds,
      }),
      at,
      withEvent(chain, at, "report-filed", index),
    );
    return after;
  });
  await wake(deps, next);
  return next;
}

/**
 * The bureau names the experts who review a milestone (at least one, from the pool, none conflicted). Once voting
 * started only recused (回避) members are replaced (project-common.ts replaceRecused); the review may then complete.
 */
export async function nameReviewPanel(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  expertIds: readonly string[],
): Promise<ProjectTrackRecord> {
  const { project, withChain } = await projectWithTrack(deps, projectId);
  const next = await retryOnConflict(async () => {
    const { track, chain } = await withChain();
    const m = milestoneOf(track, index);
    if (m.status === "passed" || m.status === "failed" || m.status === "awaiting-payment-opinion") {
      throw stateConflict("name reviewers", "指定评审专家", m.status);
    }
    const at = nowIso(deps);
    const votes = m.reports.at(-1)?.votes ?? [];
    if (votes.length === 0) {
      await assertPanelExperts(deps, project, expertIds, "body.expertIds");
      const after = bump(track, at, {
        milestones: replaceMilestone(track, { ...m, panel: [...new Set(expertIds)] }),
      });
      await saveTrack(
        deps,
        track,
        after,
        audit(actor, "bureau", "milestone.panel-named", { milestone: index, expertIds }),
        at,
        withEvent(chain, at, "panel-named", index),
      );
      return { after, decided: false, onChain: chain !== undefined };
    }
    if (m.status !== "under-review")
      throw conflictError("REVIEW_STARTED", "Experts have started voting", "专家已开始评审");
    const { state, replaced, recused } = await replaceRecused(
      deps,
      project,
      panelOf(m),
      votes,
      expertIds,
      "body.expertIds",
      at,
    );
    const settled = await settleReview(deps, project, track, m, state, votes, at);
    const after = bump(track, at, {
      ...settled.changes,
      milestones: replaceMilestone(track, settled.milestone),
    });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, "bureau", "milestone.panel-replaced", {
        milestone: index,
        replaced,
        recused,
        decision: settled.milestone.reports.at(-1)?.decision?.verdict,
      }),
      at,
      withReviewEvent(chain, at, settled.milestone),
    );
    return {
      after,
      decided: settled.milestone.status !== "under-review",
      onChain: chain !== undefined,
    };
  });
  // A decision reached on the remaining quorum: the phase execution looks at the milestone again.
  if (next.decided || next.onChain) await wake(deps, next.after);
  return next.after;
}

const panelOf = (m: MilestoneProgress) => ({ panel: m.panel, recusals: m.recusals ?? [] });

/**
 * The milestone with the latest report's votes and the panel recorded; decided once the panel is complete (every
 * seated expert voted, a quorum seated: project-common.ts reviewPanel) on the seated experts' votes: majority pass,
 * else rectify (once), else fail (referred for termination).
 */
async function settleReview(
  deps: ProjectDeps,
  project: ProjectRecord,
  track: ProjectTrackRecord,
  m: MilestoneProgress,
  panel: PanelState,
  votes: MilestoneReport["votes"],
  at: string,
  experts?: ReadonlyMap<string, ExpertRecord>,
): Promise<{ milestone: MilestoneProgress; changes: Partial<ProjectTrackRecord>; recused: PanelRecusal[] }> {
  const { state, recused, counted, complete } = await reviewPanel(deps, project, panel, votes, at, experts);
  const report = m.reports.at(-1) as MilestoneReport;
  let milestone: MilestoneProgress = {
    ...m,
    panel: state.panel,
    ...(state.recusals.length > 0 ? { recusals: state.recusals } : {}),
    reports: [...m.reports.slice(0, -1), { ...report, votes }],
  };
  let changes: Partial<ProjectTrackRecord> = {};
  if (!complete) return { milestone, changes, recused };
  const index = m.index;
  const verdict = milestoneVerdict(counted, m.rectificationUsed);
  const decided = { ...report, votes, decision: { verdict, at } };
  milestone = { ...milestone, reports: [...m.reports.slice(0, -1), decided] };
  const today = shanghaiDate(Date.parse(at));
  if (verdict === "pass") {
    const trancheIndex = track.taskBook.milestones.find((x) => x.index === index)?.releasesTranche;
    const amountFen = track.taskBook.tranches.find((t) => t.index === trancheIndex)?.amountFen ?? 0;
    milestone = {
      ...milestone,
      status: "awaiting-payment-opinion",
      paymentOpinion: { ...(trancheIndex ? { trancheIndex } : {}), amountFen, draftedAt: at },
    };
  } else if (verdict === "rectify") {
    const days = Math.max(defaultRectifyDays, ...counted.map((v) => v.rectifyDays ?? 0));
    milestone = {
      ...milestone,
      status: "rectifying",
      rectificationUsed: true,
      rectifyBy: addDays(today, days),
    };
  } else {
    milestone = { ...milestone, status: "failed", failedAt: at };
    changes = {
      status: "termination-referred",
      terminationReferral: {
        milestone: index,
        at,
        reason: "milestone failed review with no rectification left",
      },
    };
  }
  return { milestone, changes, recused };
}

/**
 * One expert's verdict; the panel decides once every seated expert voted (settleReview). A member who became
 * conflicted is recused here, recorded with the vote; their votes no longer count.
 */
export async function voteOnReport(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
  input: { verdict: Verdict; comment: string; rectifyDays?: number | undefined },
): Promise<ProjectTrackRecord> {
  const { project, withChain } = await projectWithTrack(deps, projectId);
  const next = await retryOnConflict(async () => {
    const { track, chain } = await withChain();
    const m = milestoneOf(track, index);
    authorizeRecord(actor, "milestone", "review", { assignedUserIds: m.panel });
    if (m.status !== "under-review") throw stateConflict("review", "评审", m.status);
    const report = m.reports.at(-1) as MilestoneReport;
    const experts = await assertFreeToVote(deps, actor, project, report.votes, m.panel);
    if (input.verdict === "rectify" && m.rectificationUsed) {
      throw businessRuleError("RECTIFICATION_USED", "The one rectification has been used", "整改机会已用过", [
        { path: "body.verdict", message: "no rectification left", messageZh: "无整改机会" },
      ]);
    }
    const at = nowIso(deps);
    const votes = [
      ...report.votes,
      {
        expertId: actor.userId,
        expertName: actorName(actor),
        verdict: input.verdict,
        comment: input.comment,
        ...(input.rectifyDays ? { rectifyDays: input.rectifyDays } : {}),
        at,
      },
    ];
    const { milestone, changes, recused } = await settleReview(
      deps,
      project,
      track,
      m,
      panelOf(m),
      votes,
      at,
      experts,
    );
    const after = bump(track, at, {
      ...changes,
      milestones: replaceMilestone(track, milestone),
    });
    await saveTrack(
      deps,
      track,
      after,
      audit(actor, "expert", "milestone.review-vote", {
        milestone: index,
        verdict: input.verdict,
        decision: milestone.reports.at(-1)?.decision?.verdict,
        ...(recused.length > 0 ? { recused } : {}),
      }),
      at,
      withReviewEvent(chain, at, milestone),
    );
    return after;
  });
  // Only a decision concerns the phase execution (a milestone under review has no timers and nothing to validate):
  // a vote that leaves the review open lets it sleep on; the deciding vote wakes it.
  if (milestoneOf(next, index).status !== "under-review") await wake(deps, next);
  return next;
}

/** The approver confirms the payment opinion (资金拨付意见) of a passed milestone: its tranche becomes eligible. */
export async function confirmPaymentOpinion(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
  index: number,
): Promise<ProjectTrackRecord> {
  const next = await retryOnConflict(async () => {
    const { track, chain } = await loadTrackAndChain(deps, projectId);
    const m = milestoneOf(track, index);
    if (m.status !== "awaiting-payment-opinion" || !m.paymentOpinion)
      throw stateConflict("confirm a payment opinion", "审定拨付意见", m.status);
    const at = nowIso(deps);
    const writes: RecordWrite[] = [];
    const trancheIndex = m.paymentOpinion.trancheIndex;
    if (trancheIndex !== undefined) {
      writes.push(
        ...(await trancheEligibleOnOpinion(deps, actor, projectId, trancheIndex, at, {
          milestone: index,
          reason: `milestone-passed:${index}`,
        })),
      );
    }
    const after = bump(track, at, {
      milestones: replaceMilestone(track, {
        ...m,
        status: "passed",
        passedAt: at,
        paymentOpinion: {
          ...m.paymentOpinion,
          confirmedBy: actor.userId,
          confirmedByName: actorName(actor),
          confirmedAt: at,
        },
      }),
    });
    writes.push(...withEvent(chain, at, "opinion-confirmed", index));
    writes.unshift(
      updated(
        trackKind,
        track,
        after,
        audit(actor, "approver", "milestone.payment-opinion-confirmed", { milestone: index, trancheIndex }),
      ),
    );
    await deps.records.write(writes, at);
    return after;
  });
  await wake(deps, next);
  return next;
}
