// Use case: 就高不重复 (《太原市…行动方案》六（一）) in the project's audit reports (审计报告) — for each decided finding of an
// overlap check, a report in the audit bucket (JSON + Chinese HTML, write-once) of every project the decision concerns
// (the checked application's project, the found project): the check (stage, who ran it, when), every candidate found
// with its similarity and period, the bureau's decision (who, when, reason, effect) and the grant before and after. Key
// `projects/<projectId>/decisions/overlap-<applicationId>-<finding>`, beside the project's other decision reports;
// recorded on the check (`auditReports`, with the project). Written after a decision (overlap-api) and when a project's
// task book starts its workflow (project-start's LocateStart), which reports a decision taken at award, before the
// project existed.
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordStore, updated } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { escapeHtml, row, writeReportPair, yuan } from "../projects/decision-reports.ts";
import { projectKind } from "../projects/model.ts";
import { projectNames } from "../projects/names.ts";
import {
  type OverlapCheckRecord,
  type OverlapFinding,
  type OverlapReportRef,
  overlapCheckId,
  overlapCheckKind,
} from "./model.ts";

const stageZh: Record<string, string> = { award: "立项（入围确认）", "task-book": "任务书起草" };
const sourceZh: Record<string, string> = {
  application: "揭榜申请",
  project: "已立项项目",
  external: "其他政策支持",
};

/** The report event of a decided finding: `overlap-<applicationId>-<finding key, path-safe>`. */
export const overlapEvent = (applicationId: string, key: string) =>
  `overlap-${applicationId}-${key.replace(/[^\w.-]/g, "-")}`;

/** The projects a finding's decision concerns: the checked application's project and the found project. */
export function concernedProjects(check: OverlapCheckRecord, f: OverlapFinding): string[] {
  return [...new Set([check.projectId, f.projectId].filter((x): x is string => x !== undefined))];
}

/** The reports a check calls for and has not recorded: each decided finding for each project it concerns. */
export function overlapReportsDue(
  check: OverlapCheckRecord,
): { finding: OverlapFinding; projectId: string }[] {
  const done = new Set((check.auditReports ?? []).map((r) => `${r.projectId}|${r.event}`));
  return check.findings.flatMap((finding) =>
    finding.decision
      ? concernedProjects(check, finding)
          .filter((projectId) => !done.has(`${projectId}|${overlapEvent(check.applicationId, finding.key)}`))
          .map((projectId) => ({ finding, projectId }))
      : [],
  );
}

/** The grant of the side the decision names lower, before and after (none when both are kept). */
function grantChange(check: OverlapCheckRecord, f: OverlapFinding) {
  const d = f.decision;
  if (d?.outcome !== "fund-higher") return null;
  const beforeFen = d.grantBeforeFen ?? (d.lower === "subject" ? check.amountFen : f.amountFen);
  const afterFen = d.action === "withdraw" ? 0 : (d.reducedToFen ?? beforeFen);
  return {
    side: d.lower === "subject" ? ("subject" as const) : ("other" as const),
    title: d.lower === "subject" ? check.title : f.title,
    beforeFen,
    afterFen,
  };
}

/** The report of one decided finding, for one of the projects it concerns (pure). */
export function overlapAuditReport(input: {
  check: OverlapCheckRecord;
  finding: OverlapFinding;
  projectId: string;
  projectTitle?: string | undefined;
  at: string;
}) {
  const { check, finding, projectId } = input;
  const decision = finding.decision;
  if (!decision) throw new Error(`${finding.key} of ${check.id} is not decided`);
  return {
    kind: "overlap-decision" as const,
    event: overlapEvent(check.applicationId, finding.key),
    projectId,
    projectTitle: input.projectTitle ?? null,
    /** This project is the checked application's, or the one found. */
    side: check.projectId === projectId ? ("subject" as const) : ("other" as const),
    programmeId: check.programmeId,
    policy: "《太原市…“双百攻关行动”…行动方案》六（一）就高不重复",
    measure:
      "字符二元组 Jaccard 相似度（标题 0.6、关键技术 0.4），≥ 0.30 且实施期重叠时列出（docs/overlap.md）",
    check: {
      applicationId: check.applicationId,
      projectId: check.projectId ?? null,
      title: check.title,
      keywords: check.keywords,
      period: check.period ?? null,
      codes: check.codes,
      amountFen: check.amountFen,
      stage: check.stage,
      checkedBy: check.checkedBy,
      checkedAt: check.checkedAt,
    },
    candidates: check.findings.map((f) => ({
      key: f.key,
      source: f.source,
      title: f.title,
      policy: f.policy ?? null,
      projectId: f.projectId ?? null,
      applicationId: f.applicationId ?? null,
      sharedCodes: f.sharedCodes,
      amountFen: f.amountFen,
      status: f.status,
      period: f.period ?? null,
      similarity: f.similarity,
      // Decisions as they stood when this one was taken.
      decision:
        f.decision && f.decision.decidedAt <= decision.decidedAt
          ? { outcome: f.decision.outcome, decidedAt: f.decision.decidedAt }
          : null,
    })),
    decision: {
      key: finding.key,
      outcome: decision.outcome,
      lower: decision.lower ?? null,
      action: decision.action ?? null,
      reducedToFen: decision.reducedToFen ?? null,
      reason: decision.reason,
      effect: decision.effect,
      effectZh: decision.effectZh,
      decidedBy: decision.decidedByName ?? decision.decidedBy,
      decidedAt: decision.decidedAt,
    },
    grant: grantChange(check, finding),
    generatedAt: input.at,
  };
}

export function overlapReportHtml(r: ReturnType<typeof overlapAuditReport>): string {
  const e = (s: string | null | undefined) => escapeHtml(s ?? "—");
  const d = r.decision;
  const outcome =
    d.outcome === "distinct"
      ? "认定内容不同，均予支持"
      : `认定为同一内容，按较高金额支持；较低一方（${d.lower === "subject" ? "本次核查的申请" : "所发现的项目"}）${d.action === "withdraw" ? "撤销支持" : `核减至 ${yuan(d.reducedToFen ?? 0)} 元`}`;
  const period = (p: { startDate: string; endDate: string } | null) =>
    p ? `${p.startDate} 至 ${p.endDate}` : "—";
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>就高不重复核查审计报告 ${e(r.projectId)}</title></head>
<body>
<h1>就高不重复核查审计报告</h1>
<p>项目：${e(r.projectTitle)}（${e(r.projectId)}）　批次：${e(r.programmeId)}　生成时间：${e(r.generatedAt)}</p>
<p>依据：${e(r.policy)}</p>
<h2 id="overlap-check">重复支持核查</h2>
<p>核查对象：${e(r.check.title)}（申请 ${e(r.check.applicationId)}）　申请资助 ${yuan(r.check.amountFen)} 元　实施期 ${e(period(r.check.period))}</p>
<p>关键技术：${e(r.check.keywords.join("、") || "—")}　统一社会信用代码：${e(r.check.codes.join("、"))}</p>
<p>核查环节：${e(stageZh[r.check.stage] ?? r.check.stage)}　核查人：${e(r.check.checkedBy)}　时间：${e(r.check.checkedAt)}</p>
<p>相似度方法：${e(r.measure)}</p>
<h3>发现的可能重复项目</h3>
<table border="1"><tr><th>来源</th><th>名称</th><th>相似度</th><th>标题</th><th>关键技术</th><th>共有代码</th><th>资助金额（元）</th><th>实施期</th><th>认定</th></tr>
${r.candidates
  .map((c) =>
    row([
      `${sourceZh[c.source] ?? c.source}${c.policy ? `（${c.policy}）` : ""}`,
      c.title,
      c.similarity.score.toFixed(3),
      c.similarity.titleScore.toFixed(3),
      c.similarity.keywordScore?.toFixed(3),
      c.sharedCodes.join("、"),
      yuan(c.amountFen),
      period(c.period),
      c.decision ? (c.decision.outcome === "distinct" ? "内容不同" : "就高支持") : "待认定",
    ]),
  )
  .join("\n")}
</table>
<h2 id="overlap-decision">主管部门认定</h2>
<p>所涉项目：${e(r.candidates.find((c) => c.key === d.key)?.title)}</p>
<p>认定：${e(outcome)}</p>
<p>理由：${e(d.reason)}</p>
<p>认定人：${e(d.decidedBy)}　时间：${e(d.decidedAt)}</p>
<p>资金处理：${e(d.effectZh)}</p>
${r.grant ? `<p>资助额：${e(r.grant.title)} 由 ${yuan(r.grant.beforeFen)} 元调整为 ${yuan(r.grant.afterFen)} 元</p>` : "<p>资助额：不变</p>"}
</body></html>
`;
}

/**
 * Writes the reports a check calls for and has not recorded (write-once keys: a repeat writes nothing) and records them
 * on the check. Returns how many.
 */
export async function writeOverlapReports(
  deps: { records: RecordStore; reports?: ReportStore | undefined; clock: { now(): Date } },
  applicationId: string,
): Promise<number> {
  const reports = deps.reports;
  if (!reports) return 0;
  const check = await deps.records.get(overlapCheckKind, overlapCheckId(applicationId));
  if (!check) return 0;
  const due = overlapReportsDue(check);
  if (due.length === 0) return 0;
  const names = await projectNames(
    deps.records,
    due.map((x) => x.projectId),
  );
  const at = deps.clock.now().toISOString();
  const refs: OverlapReportRef[] = [];
  for (const { finding, projectId } of due) {
    const report = overlapAuditReport({
      check,
      finding,
      projectId,
      projectTitle: names.get(projectId)?.title,
      at,
    });
    const base = `projects/${projectId}/decisions/${report.event}`;
    const written = await writeReportPair(reports, base, report, overlapReportHtml(report));
    refs.push({ projectId, event: report.event, ...written, at });
  }
  await retryOnConflict(async () => {
    const current = await deps.records.get(overlapCheckKind, overlapCheckId(applicationId));
    if (!current) return;
    const known = current.auditReports ?? [];
    const mine = refs.filter((r) => !known.some((k) => k.projectId === r.projectId && k.event === r.event));
    if (mine.length === 0) return;
    await deps.records.write(
      [
        updated(overlapCheckKind, current, bump(current, at, { auditReports: [...known, ...mine] }), {
          actor: "workflow",
          role: "workflow",
          action: "overlap.audit-reports-written",
          detail: { reports: mine.map((r) => r.jsonKey) },
        }),
      ],
      at,
    );
  });
  return refs.length;
}

/** The reports of the check of a project's own application (project-start's LocateStart). */
export async function writeProjectOverlapReports(
  deps: { records: RecordStore; reports?: ReportStore | undefined; clock: { now(): Date } },
  projectId: string,
): Promise<number> {
  if (!deps.reports) return 0;
  const project = await deps.records.get(projectKind, projectId);
  return project ? writeOverlapReports(deps, project.applicationId) : 0;
}
