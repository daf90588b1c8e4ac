// Use case: audit reports (审计报告) of project-level decisions — an extension (延期) decided, a termination (终止) or
// a finding of fraud — written by the project-phase task function to the audit bucket like the milestone ones (JSON for
// machines, HTML in Chinese for people, write-once keys), listing the decision, who decided and reviewed, the shifts
// or the recovery, money released so far and the SHA-256 of every evidence file. Called from writeAuditReports.

import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { updated } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import {
  type AuditReportRef,
  type ProjectTrackRecord,
  storedEvidenceKey,
  type TrancheRecord,
  trackKind,
} from "./model.ts";

// Shared with the milestone, acceptance and payment audit reports (project-audit-reports.ts, payment-audit-reports.ts).
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
export const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
export const row = (cells: readonly (string | number | null | undefined)[]) =>
  `<tr>${cells.map((c) => `<td>${escapeHtml(String(c ?? "—"))}</td>`).join("")}</tr>`;

/** The tranche table and the evidence table (with SHA-256) that end every project audit report's HTML. */
export function moneyAndEvidenceHtml(
  tranches: readonly { index: number; conditionToken: string; amountFen: number; status: string }[],
  evidence: readonly { fileName: string; kind: string; sizeBytes: number; sha256: string }[],
): string {
  return `<table border="1"><tr><th>期次</th><th>拨付条件</th><th>金额（元）</th><th>状态</th></tr>
${tranches.map((t) => row([t.index, t.conditionToken, yuan(t.amountFen), t.status])).join("\n")}
</table>
<h2>证明材料（SHA-256）</h2>
<table border="1"><tr><th>文件</th><th>类别</th><th>大小（字节）</th><th>SHA-256</th></tr>
${evidence.map((e) => row([e.fileName, e.kind, e.sizeBytes, e.sha256])).join("\n")}
</table>`;
}

/** The project-level decisions not yet reported: each decided extension, and the termination. */
export function decisionEventsDue(track: ProjectTrackRecord): string[] {
  const done = new Set((track.auditReports ?? []).map((r) => r.event));
  const due = (track.extensions ?? [])
    .filter((e) => e.status !== "requested")
    .map((e) => `extension-${e.seq}`)
    .filter((event) => !done.has(event));
  if (track.termination && !done.has("termination")) due.push("termination");
  return due;
}

function money(track: ProjectTrackRecord, tranches: readonly TrancheRecord[]) {
  return {
    grantFen: track.taskBook.grantFen,
    releasedFen: tranches
      .filter((t) => t.status === "eligible" || t.status === "paid")
      .reduce((s, t) => s + t.amountFen, 0),
    paidFen: tranches.filter((t) => t.status === "paid").reduce((s, t) => s + t.amountFen, 0),
    tranches: tranches.map((t) => ({
      index: t.index,
      conditionToken: t.conditionToken,
      amountFen: t.amountFen,
      status: t.status,
    })),
  };
}

function evidence(track: ProjectTrackRecord, only?: readonly string[]) {
  return track.milestones.flatMap((m) =>
    m.files
      .filter((f) => (only ? only.includes(f.fileId) : f.verifiedAt !== undefined))
      .map((f) => ({
        milestone: m.index,
        fileId: f.fileId,
        kind: f.kind,
        fileName: f.fileName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        key: storedEvidenceKey(f),
        /** The stored copy was hashed and matched (sealed); false: only the uploader's declaration. */
        verified: f.sealedKey !== undefined,
      })),
  );
}

/** The report of one project-level decision (`extension-<seq>` or `termination`). */
export function decisionAuditReport(
  track: ProjectTrackRecord,
  event: string,
  tranches: readonly TrancheRecord[],
  recovery: RecoveryRecord | undefined,
  at: string,
) {
  const base = { event, projectId: track.projectId, programmeId: track.programmeId, generatedAt: at };
  if (event.startsWith("extension-")) {
    const seq = Number(event.slice("extension-".length));
    const e = (track.extensions ?? []).find((x) => x.seq === seq);
    if (!e) throw new Error(`no extension ${seq} on ${track.projectId}`);
    return {
      kind: "extension-decision" as const,
      ...base,
      decision: {
        status: e.status,
        months: e.months,
        reason: e.reason,
        requestedBy: e.requestedBy,
        requestedParty: e.requestedParty,
        requestedAt: e.requestedAt,
        decidedBy: e.decidedBy ?? null,
        decidedAt: e.decidedAt ?? null,
        comment: e.comment ?? null,
      },
      shifts: e.shifts ?? [],
      money: money(track, tranches),
      evidence: evidence(track, e.evidenceFileIds),
    };
  }
  const t = track.termination;
  if (!t) throw new Error(`no termination on ${track.projectId}`);
  return {
    kind: "termination-decision" as const,
    ...base,
    decision: {
      kind: t.kind,
      fault: t.fault,
      reason: t.reason,
      proposedBy: t.proposedBy,
      decidedBy: t.decidedBy,
      decidedAt: t.decidedAt,
      thirdPartyReview: t.thirdPartyReview ?? null,
      horseRace: track.horseRace ?? null,
    },
    recovery: recovery
      ? {
          id: recovery.id,
          reason: recovery.reason,
          amountFen: recovery.amountFen,
          paidFen: recovery.paidFen,
          verifiedSpendingFen: recovery.verifiedSpendingFen,
          cancelledTranches: recovery.cancelledTranches,
          cancelledFen: recovery.cancelledFen,
          explanation: recovery.explanation,
        }
      : null,
    money: money(track, tranches),
    evidence: evidence(track),
  };
}

function decisionReportHtml(r: ReturnType<typeof decisionAuditReport>): string {
  const head = (title: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title} ${escapeHtml(r.projectId)}</title></head>
<body>
<h1>${title}</h1>
<p>项目：${escapeHtml(r.projectId)}　批次：${escapeHtml(r.programmeId)}　生成时间：${escapeHtml(r.generatedAt)}</p>`;
  const statusZh: Record<string, string> = { approved: "批准", rejected: "不予批准", requested: "待审核" };
  const body =
    r.kind === "extension-decision"
      ? `${head("项目延期审计报告")}
<h2>延期申请</h2>
<p>申请方：${escapeHtml(r.decision.requestedParty)}（${escapeHtml(r.decision.requestedBy)}，${escapeHtml(r.decision.requestedAt)}）　延期 ${r.decision.months} 个月</p>
<p>理由：${escapeHtml(r.decision.reason)}</p>
<p>主管部门决定：${statusZh[r.decision.status] ?? r.decision.status}（${escapeHtml(r.decision.decidedBy ?? "—")}，${escapeHtml(r.decision.decidedAt ?? "—")}）${r.decision.comment ? `　意见：${escapeHtml(r.decision.comment)}` : ""}</p>
<h2>时间调整</h2>
<table border="1"><tr><th>事项</th><th>原日期</th><th>调整后</th></tr>
${r.shifts.map((s) => row([s.what, s.from, s.to])).join("\n")}
</table>`
      : `${head("项目终止审计报告")}
<h2>终止决定</h2>
<p>类别：${r.decision.kind === "fraud" ? "弄虚作假" : r.decision.horseRace ? "赛马未入选终止" : "终止"}　${r.decision.fault ? "有过错" : "无过错"}　提出方：${escapeHtml(r.decision.proposedBy)}</p>
<p>理由：${escapeHtml(r.decision.reason)}</p>
<p>主管部门决定：${escapeHtml(r.decision.decidedBy)}，${escapeHtml(r.decision.decidedAt)}</p>
${r.decision.thirdPartyReview ? `<p>第三方评估：${escapeHtml(r.decision.thirdPartyReview.reviewer)}（${escapeHtml(r.decision.thirdPartyReview.reviewedOn)}）：${escapeHtml(r.decision.thirdPartyReview.conclusion)}</p>` : ""}
<h2>资金追回</h2>
${r.recovery ? `<p>已拨付 ${yuan(r.recovery.paidFen)} 元，经审计支出 ${yuan(r.recovery.verifiedSpendingFen)} 元，应追回 ${yuan(r.recovery.amountFen)} 元；取消未拨付 ${yuan(r.recovery.cancelledFen)} 元（第${r.recovery.cancelledTranches.join("、") || "—"}期）。</p>` : "<p>任务书未签订，无拨付资金，无需追回。</p>"}`;
  return `${body}
<h2>资金</h2>
<p>资助总额 ${yuan(r.money.grantFen)} 元，已达拨付条件 ${yuan(r.money.releasedFen)} 元，已拨付 ${yuan(r.money.paidFen)} 元。</p>
${moneyAndEvidenceHtml(r.money.tranches, r.evidence)}
</body></html>
`;
}

/** Writes one report as `<base>.json` and `<base>.html`, each once (a repeat writes nothing); the JSON's SHA-256. */
export async function writeReportPair(
  reports: ReportStore,
  base: string,
  report: unknown,
  html: string,
): Promise<{ jsonKey: string; htmlKey: string; sha256: string }> {
  const json = await reports.putOnce(
    `${base}.json`,
    `${JSON.stringify(report, null, 2)}\n`,
    "application/json",
  );
  await reports.putOnce(`${base}.html`, html, "text/html; charset=utf-8");
  return { jsonKey: `${base}.json`, htmlKey: `${base}.html`, sha256: json.sha256 };
}

/** Writes the reports of the decisions due (write-once keys) and records them on the track. */
export async function writeDecisionReports(
  deps: { records: RecordStore; reports: ReportStore },
  track: ProjectTrackRecord,
  tranches: readonly TrancheRecord[],
  at: string,
): Promise<number> {
  const due = decisionEventsDue(track);
  if (due.length === 0) return 0;
  const recovery = track.termination
    ? await deps.records.get(recoveryKind, recoveryId(track.projectId))
    : undefined;
  const refs: AuditReportRef[] = [];
  for (const event of due) {
    const report = decisionAuditReport(track, event, tranches, recovery, at);
    const base = `projects/${track.projectId}/decisions/${event}`;
    const written = await writeReportPair(deps.reports, base, report, decisionReportHtml(report));
    refs.push({ event, ...written, at });
  }
  await retryOnConflict(async () => {
    const current = await deps.records.get(trackKind, track.projectId);
    if (!current) return;
    const known = current.auditReports ?? [];
    const mine = refs.filter((r) => !known.some((k) => k.event === r.event));
    if (mine.length === 0) return;
    await deps.records.write(
      [
        updated(trackKind, current, bump(current, at, { auditReports: [...known, ...mine] }), {
          actor: "workflow",
          role: "workflow",
          action: "project.audit-reports-written",
          detail: { reports: mine.map((r) => r.jsonKey) },
        }),
      ],
      at,
    );
  });
  return refs.length;
}
