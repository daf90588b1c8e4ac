// Use cases: audit reports (审计报告) of milestone decisions and final acceptance, written to the audit
// bucket as JSON and Chinese HTML with the reviewers, indicators against targets, money released and evidence hashes
// (project-level decisions: project-decision-reports.ts).

import { nowIso } from "../platform/ports/clock.ts";
import { bump, listAll, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated, workflowAudit } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { loadTrack, type ProjectDeps, saveTrack } from "./common.ts";
import {
  decisionEventsDue,
  escapeHtml,
  moneyAndEvidenceHtml,
  row,
  writeDecisionReports,
  yuan,
} from "./decision-reports.ts";
import { sealExtensionEvidence } from "./evidence.ts";
import {
  type Acceptance,
  type AuditReportRef,
  type EvidenceFile,
  type MilestoneProgress,
  type ProjectTrackRecord,
  storedEvidenceKey,
  type TaskBookMilestone,
  type TrancheRecord,
  trackKind,
  tranchesOfProject,
} from "./model.ts";

// ---- audit reports (审计报告) ---------------------------------------------------------------------------------
const verdictZh: Record<string, string> = { pass: "通过", fail: "不通过", rectify: "整改" };

/** Each planned indicator with its target and the actual value reported (null when not reported). */
function againstTargets(
  planned: TaskBookMilestone["indicators"],
  reported: readonly { readonly name: string; readonly actual: string }[] | undefined,
) {
  return planned.map((i) => ({
    name: i.name,
    target: i.target,
    ...(i.unit ? { unit: i.unit } : {}),
    actual: reported?.find((x) => x.name === i.name)?.actual ?? null,
  }));
}

/** The grant, what has been released (eligible or paid) and every tranche's state, for an audit report. */
function moneyReleased(track: ProjectTrackRecord, tranches: readonly TrancheRecord[]) {
  const released = tranches.filter((t) => t.status === "eligible" || t.status === "paid");
  return {
    grantFen: track.taskBook.grantFen,
    releasedFen: released.reduce((sum, t) => sum + t.amountFen, 0),
    tranches: tranches.map((t) => ({
      index: t.index,
      conditionToken: t.conditionToken,
      amountFen: t.amountFen,
      status: t.status,
    })),
  };
}

/** The audit report of one milestone decision: the decision, reviewers, indicators against targets, money, hashes. */
export function milestoneAuditReport(
  track: ProjectTrackRecord,
  m: MilestoneProgress,
  event: string,
  tranches: readonly TrancheRecord[],
  at: string,
) {
  const planned = track.taskBook.milestones.find((x) => x.index === m.index) as TaskBookMilestone;
  const seq = event.startsWith("review-") ? Number(event.slice("review-".length)) : m.reports.length;
  const report = m.reports.find((r) => r.seq === seq) ?? m.reports.at(-1);
  return {
    kind: "milestone-decision",
    event,
    projectId: track.projectId,
    programmeId: track.programmeId,
    milestone: { index: m.index, title: planned.title, dueDate: m.dueDate, status: m.status },
    decision:
      event === "payment-opinion"
        ? {
            kind: "payment-opinion",
            confirmedBy: m.paymentOpinion?.confirmedBy,
            confirmedAt: m.paymentOpinion?.confirmedAt,
            trancheIndex: m.paymentOpinion?.trancheIndex,
            amountFen: m.paymentOpinion?.amountFen,
          }
        : {
            kind: "review",
            verdict: report?.decision?.verdict,
            at: report?.decision?.at,
            rectifyBy: m.rectifyBy,
          },
    reviewers: (report?.votes ?? []).map((v) => ({
      expertId: v.expertId,
      verdict: v.verdict,
      comment: v.comment,
      at: v.at,
    })),
    indicators: againstTargets(planned.indicators, report?.indicators),
    money: moneyReleased(track, tranches),
    evidence: (report?.fileIds ?? []).map((id) => {
      const f = m.files.find((x) => x.fileId === id) as EvidenceFile;
      return {
        fileId: f.fileId,
        kind: f.kind,
        fileName: f.fileName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        key: storedEvidenceKey(f),
        verifiedAt: f.verifiedAt ?? null,
      };
    }),
    generatedAt: at,
  };
}

function auditReportHtml(r: ReturnType<typeof milestoneAuditReport>): string {
  const d = r.decision;
  const decision =
    d.kind === "payment-opinion"
      ? `资金拨付意见已审定（${d.confirmedBy ?? ""}，${d.confirmedAt ?? ""}）：第${d.trancheIndex ?? "—"}期 ${yuan(d.amountFen ?? 0)} 元`
      : `专家评审结论：${verdictZh[d.verdict ?? ""] ?? "—"}${d.rectifyBy && d.verdict === "rectify" ? `（整改期限 ${d.rectifyBy}）` : ""}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目里程碑审计报告 ${escapeHtml(r.projectId)}</title></head>
<body>
<h1>项目里程碑审计报告</h1>
<p>项目：${escapeHtml(r.projectId)}　批次：${escapeHtml(r.programmeId)}　生成时间：${escapeHtml(r.generatedAt)}</p>
<h2>第${r.milestone.index}个里程碑：${escapeHtml(r.milestone.title)}（应完成日期 ${escapeHtml(r.milestone.dueDate)}）</h2>
<p>${escapeHtml(decision)}</p>
<h2>评审专家</h2>
<table border="1"><tr><th>专家</th><th>意见</th><th>说明</th><th>时间</th></tr>
${r.reviewers.map((v) => row([v.expertId, verdictZh[v.verdict], v.comment, v.at])).join("\n")}
</table>
<h2>考核指标</h2>
<table border="1"><tr><th>指标</th><th>目标值</th><th>完成值</th></tr>
${r.indicators.map((i) => row([i.name, `${i.target}${i.unit ? ` ${i.unit}` : ""}`, i.actual])).join("\n")}
</table>
<h2>资金</h2>
<p>资助总额 ${yuan(r.money.grantFen)} 元，已达拨付条件 ${yuan(r.money.releasedFen)} 元。</p>
${moneyAndEvidenceHtml(r.money.tranches, r.evidence)}
</body></html>
`;
}

/** Writes the audit report of every milestone decision not yet reported (write-once keys), then records them. */
export async function writeAuditReports(deps: ProjectDeps, projectId: string): Promise<number> {
  return (await auditReportsThenTrack(deps, projectId)).written;
}

/**
 * writeAuditReports, also handing back the track as this call last read or wrote it, so the workflow step goes on
 * with it instead of reading it again (its own write is still guarded by the version); undefined when another
 * writer here (decision or acceptance reports) may have moved it on.
 */
export async function auditReportsThenTrack(
  deps: ProjectDeps,
  projectId: string,
): Promise<{ written: number; track?: ProjectTrackRecord }> {
  const reports = deps.reports;
  if (!reports) return { written: 0 };
  const track = await loadTrack(deps, projectId);
  const due: { m: MilestoneProgress; event: string }[] = [];
  for (const m of track.milestones) {
    const done = new Set((m.auditReports ?? []).map((r) => r.event));
    for (const r of m.reports) {
      if (r.decision && !done.has(`review-${r.seq}`)) due.push({ m, event: `review-${r.seq}` });
    }
    if (m.paymentOpinion?.confirmedAt && !done.has("payment-opinion"))
      due.push({ m, event: "payment-opinion" });
  }
  const acceptanceDue =
    (track.acceptance?.status === "passed" || track.acceptance?.status === "failed") &&
    !track.acceptance.auditReport;
  const decisionsDue = decisionEventsDue(track).length;
  if (due.length === 0 && !acceptanceDue && decisionsDue === 0) return { written: 0, track };
  const tranches = await listAll(deps.records, tranchesOfProject(projectId));
  // Extensions and terminations (project-decision-reports.ts); they record themselves on the track. An extension's
  // evidence is sealed first (project-evidence.ts), so its report lists the sealed copies.
  const sealed =
    decisionsDue && (track.extensions ?? []).length > 0 ? await sealExtensionEvidence(deps, projectId) : 0;
  const decided = decisionsDue
    ? await writeDecisionReports(
        { records: deps.records, reports },
        sealed > 0 ? await loadTrack(deps, projectId) : track,
        tranches,
        nowIso(deps),
      )
    : 0;
  if (due.length === 0 && !acceptanceDue) return { written: decided };
  if (acceptanceDue) await writeAcceptanceReport(deps, reports, track, tranches);
  if (due.length === 0) return { written: 1 };
  const at = nowIso(deps);
  const refs: { index: number; ref: AuditReportRef }[] = [];
  for (const { m, event } of due) {
    const report = milestoneAuditReport(track, m, event, tranches, at);
    const base = `projects/${projectId}/milestones/${m.index}/${event}`;
    const json = await reports.putOnce(
      `${base}.json`,
      `${JSON.stringify(report, null, 2)}\n`,
      "application/json",
    );
    await reports.putOnce(`${base}.html`, auditReportHtml(report), "text/html; charset=utf-8");
    refs.push({
      index: m.index,
      ref: { event, jsonKey: `${base}.json`, htmlKey: `${base}.html`, sha256: json.sha256, at },
    });
  }
  // The first attempt goes on from the track read above unless the decision or acceptance reports wrote it since.
  let unused = decided > 0 || acceptanceDue ? undefined : track;
  const written = await retryOnConflict(async () => {
    const current = unused ?? (await loadTrack(deps, projectId));
    unused = undefined;
    const milestones = current.milestones.map((m) => {
      const known = m.auditReports ?? [];
      const mine = refs.filter((r) => r.index === m.index && !known.some((x) => x.event === r.ref.event));
      return mine.length ? { ...m, auditReports: [...known, ...mine.map((r) => r.ref)] } : m;
    });
    const after = bump(current, at, { milestones });
    await saveTrack(
      deps,
      current,
      after,
      workflowAudit("project.audit-reports-written", { reports: refs.map((r) => r.ref.jsonKey) }),
      at,
    );
    return after;
  });
  return { written: refs.length, track: written };
}

/** The acceptance audit report (JSON + Chinese HTML): result, experts, indicators, money, every evidence hash. */
async function writeAcceptanceReport(
  deps: ProjectDeps,
  reports: ReportStore,
  track: ProjectTrackRecord,
  tranches: readonly TrancheRecord[],
): Promise<void> {
  const acceptance = track.acceptance as Acceptance;
  const at = nowIso(deps);
  const report = {
    kind: "final-acceptance",
    projectId: track.projectId,
    programmeId: track.programmeId,
    result: acceptance.result,
    plan: acceptance.plan,
    reviewers: acceptance.votes,
    indicators: track.taskBook.milestones.flatMap((m) => {
      const last = track.milestones.find((x) => x.index === m.index)?.reports.at(-1);
      return againstTargets(m.indicators, last?.indicators).map((i) => ({ milestone: m.index, ...i }));
    }),
    money: moneyReleased(track, tranches),
    evidence: track.milestones.flatMap((m) =>
      m.files
        .filter((f) => f.verifiedAt)
        .map((f) => ({
          milestone: m.index,
          fileName: f.fileName,
          kind: f.kind,
          sha256: f.sha256,
          key: storedEvidenceKey(f),
        })),
    ),
    generatedAt: at,
  };
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>项目结题验收审计报告 ${escapeHtml(track.projectId)}</title></head>
<body>
<h1>项目结题验收审计报告</h1>
<p>项目：${escapeHtml(track.projectId)}　验收结论：${report.result?.verdict === "pass" ? "通过" : "不通过"}　绩效评价得分：${report.result?.performanceScore ?? "—"}</p>
<h2>验收专家</h2>
<table border="1"><tr><th>专家</th><th>意见</th><th>绩效得分</th><th>说明</th></tr>
${acceptance.votes.map((v) => row([v.expertId, v.verdict === "pass" ? "通过" : "不通过", v.performanceScore, v.comment])).join("\n")}
</table>
<h2>考核指标</h2>
<table border="1"><tr><th>里程碑</th><th>指标</th><th>目标值</th><th>完成值</th></tr>
${report.indicators.map((i) => row([i.milestone, i.name, i.target, i.actual])).join("\n")}
</table>
<h2>资金</h2>
<p>资助总额 ${yuan(report.money.grantFen)} 元，已达拨付条件 ${yuan(report.money.releasedFen)} 元。</p>
<h2>证明材料（SHA-256）</h2>
<table border="1"><tr><th>里程碑</th><th>文件</th><th>SHA-256</th></tr>
${report.evidence.map((e) => row([e.milestone, e.fileName, e.sha256])).join("\n")}
</table>
</body></html>
`;
  const base = `projects/${track.projectId}/acceptance`;
  const json = await reports.putOnce(
    `${base}.json`,
    `${JSON.stringify(report, null, 2)}\n`,
    "application/json",
  );
  await reports.putOnce(`${base}.html`, html, "text/html; charset=utf-8");
  const ref: AuditReportRef = {
    event: "acceptance",
    jsonKey: `${base}.json`,
    htmlKey: `${base}.html`,
    sha256: json.sha256,
    at,
  };
  await retryOnConflict(async () => {
    const current = await loadTrack(deps, track.projectId);
    if (!current.acceptance || current.acceptance.auditReport) return;
    await deps.records.write(
      [
        updated(
          trackKind,
          current,
          bump(current, at, { acceptance: { ...current.acceptance, auditReport: ref } }),
          workflowAudit("project.audit-reports-written", { reports: [ref.jsonKey] }),
        ),
      ],
      at,
    );
  });
}
