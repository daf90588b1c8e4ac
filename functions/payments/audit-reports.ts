// Use cases: the payment audit report (拨付审计报告) — after the transaction that pays a tranche, a task writes
// JSON and Chinese HTML to the audit bucket: the tranche, the amount in fen and yuan, the policy rule, the requester,
// the approver (four eyes), the treasury reference, the ledger entries, the evidence that made the tranche eligible with
// its SHA-256, and the timestamps. Built only from stored records and written once under a key fixed by the payment,
// so a retry writes the same report, or nothing. Rendering and writing are shared with project-decision-reports.ts.
import { createHash } from "node:crypto";
import { bump, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated } from "../platform/ports/records.ts";
import type { ReportStore } from "../platform/ports/report-store.ts";
import { programmeKind } from "../programmes/model.ts";
import { describeCondition } from "../programmes/rules/policy.ts";
import { escapeHtml, row, writeReportPair, yuan } from "../projects/decision-reports.ts";
import {
  type ProjectTrackRecord,
  projectKind,
  type TrancheRecord,
  trackKind,
  trancheKind,
} from "../projects/model.ts";
import type { PaymentDeps } from "./common.ts";
import {
  type LedgerTransactionRecord,
  ledgerTransactionKind,
  type PaymentRecord,
  paymentKind,
} from "./model.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The documents behind the tranche's eligibility, each with its SHA-256. */
function eligibilityEvidence(tranche: TrancheRecord, track: ProjectTrackRecord | undefined) {
  const milestone =
    tranche.eligible?.milestone ??
    (tranche.condition.kind === "milestone-passed" ? tranche.condition.milestone : undefined);
  const files = (track?.milestones ?? [])
    .filter((m) =>
      milestone !== undefined ? m.index === milestone : tranche.condition.kind === "final-acceptance",
    )
    .flatMap((m) =>
      m.files
        .filter((f) => f.verifiedAt)
        .map((f) => ({
          kind: "evidence-file" as const,
          milestone: m.index,
          name: f.fileName,
          evidenceKind: f.kind,
          key: f.sealedKey ?? f.key,
          sha256: f.sha256,
          verifiedAt: f.verifiedAt,
        })),
    );
  const reports = (track?.milestones ?? [])
    .filter((m) => milestone !== undefined && m.index === milestone)
    .flatMap((m) => (m.auditReports ?? []).filter((r) => r.event === "payment-opinion"))
    .concat(
      tranche.condition.kind === "final-acceptance" && track?.acceptance?.auditReport
        ? [track.acceptance.auditReport]
        : [],
    )
    .map((r) => ({
      kind: "audit-report" as const,
      name: r.event,
      key: r.jsonKey,
      sha256: r.sha256,
      at: r.at,
    }));
  // Signing (and the anniversaries counted from it): the signed task book itself, hashed without its signatures.
  const book = track?.taskBook;
  const taskBook =
    book && (tranche.condition.kind === "task-book-signed" || tranche.condition.kind === "anniversary")
      ? [
          {
            kind: "task-book" as const,
            name: `task book revision ${book.revision}`,
            sha256: sha256(JSON.stringify({ ...book, signatures: undefined, voided: undefined })),
            signedOn: book.signedOn,
            signatures: book.signatures.map((s) => ({ party: s.party, by: s.by, at: s.at })),
          },
        ]
      : [];
  return [...taskBook, ...reports, ...files];
}

/** The report of one paid payment (pure: the same records give the same report). */
export function paymentAuditReport(input: {
  payment: PaymentRecord;
  tranche: TrancheRecord;
  policy: { id: string; nameZh: string; source: string; lumpSumThresholdFen: number };
  grantFen: number;
  track: ProjectTrackRecord | undefined;
  ledger: readonly LedgerTransactionRecord[];
}) {
  const { payment, tranche, policy } = input;
  const condition = describeCondition(tranche.condition);
  return {
    kind: "payment",
    paymentId: payment.id,
    attempt: payment.attempt,
    projectId: payment.projectId,
    programmeId: payment.programmeId,
    tranche: { id: tranche.id, index: tranche.index, condition: tranche.conditionToken },
    amount: { fen: payment.amountFen, yuan: yuan(payment.amountFen) },
    payeeOrganisationId: payment.payeeOrganisationId,
    policyRule: {
      policyId: policy.id,
      policyNameZh: policy.nameZh,
      source: policy.source,
      condition: condition.en,
      conditionZh: condition.zh,
      lumpSum: input.grantFen <= policy.lumpSumThresholdFen,
    },
    requester: { by: payment.requestedBy, at: payment.requestedAt, idempotencyKey: payment.idempotencyKey },
    approver: payment.approval ? { by: payment.approval.by, at: payment.approval.at } : null,
    treasury: {
      reference: tranche.payment?.treasuryReference ?? payment.treasury?.reference ?? null,
      submissions: payment.treasury?.submissions ?? 0,
      failures: payment.treasury?.failures ?? [],
      confirmedAt: payment.treasury?.confirmedAt ?? null,
    },
    ledger: input.ledger.map((t) => ({ id: t.id, kind: t.kind, postedAt: t.postedAt, entries: t.entries })),
    eligibility: {
      reason: tranche.eligible?.reason ?? payment.evidence?.reason ?? null,
      by: tranche.eligible?.by ?? payment.evidence?.by ?? null,
      at: tranche.eligible?.at ?? payment.evidence?.at ?? null,
      evidence: eligibilityEvidence(tranche, input.track),
    },
    timestamps: {
      eligibleAt: tranche.eligible?.at ?? null,
      requestedAt: payment.requestedAt,
      approvedAt: payment.approval?.at ?? null,
      submittedAt: payment.treasury?.lastSubmittedAt ?? null,
      confirmedAt: payment.treasury?.confirmedAt ?? null,
      paidAt: tranche.payment?.paidAt ?? null,
    },
  };
}

type PaymentReport = ReturnType<typeof paymentAuditReport>;

function paymentReportHtml(r: PaymentReport): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>资金拨付审计报告 ${escapeHtml(r.paymentId)}</title></head>
<body>
<h1>资金拨付审计报告</h1>
<p>项目：${escapeHtml(r.projectId)}　批次：${escapeHtml(r.programmeId)}　拨付单：${escapeHtml(r.paymentId)}（第${r.attempt}次）</p>
<h2>拨付内容</h2>
<p>第${r.tranche.index}期（${escapeHtml(r.tranche.id)}）　金额 ${escapeHtml(r.amount.yuan)} 元（${r.amount.fen} 分）　收款单位 ${escapeHtml(r.payeeOrganisationId)}</p>
<p>政策依据：${escapeHtml(r.policyRule.policyNameZh)}（${escapeHtml(r.policyRule.source)}）　拨付条件：${escapeHtml(r.policyRule.conditionZh)}${r.policyRule.lumpSum ? "　一次性拨付" : ""}</p>
<h2>审批（双人复核）</h2>
<table border="1"><tr><th>环节</th><th>经办人</th><th>时间</th></tr>
${row(["发起拨付", r.requester.by, r.requester.at])}
${row(["审批同意", r.approver?.by, r.approver?.at])}
</table>
<h2>国库集中支付</h2>
<p>支付凭证号：${escapeHtml(r.treasury.reference ?? "—")}　提交次数：${r.treasury.submissions}　失败次数：${r.treasury.failures.length}　确认时间：${escapeHtml(r.treasury.confirmedAt ?? "—")}</p>
<h2>记账分录</h2>
<table border="1"><tr><th>凭证</th><th>类别</th><th>科目</th><th>借方（元）</th><th>贷方（元）</th></tr>
${r.ledger
  .flatMap((t) => t.entries.map((e) => row([t.id, t.kind, e.account, yuan(e.debitFen), yuan(e.creditFen)])))
  .join("\n")}
</table>
<h2>拨付条件依据（SHA-256）</h2>
<p>达到拨付条件：${escapeHtml(r.eligibility.reason ?? "—")}（${escapeHtml(r.eligibility.by ?? "—")}，${escapeHtml(r.eligibility.at ?? "—")}）</p>
<table border="1"><tr><th>类别</th><th>名称</th><th>SHA-256</th></tr>
${r.eligibility.evidence.map((e) => row([e.kind, e.name, e.sha256])).join("\n")}
</table>
<h2>时间</h2>
<table border="1"><tr><th>达到条件</th><th>发起</th><th>审批</th><th>提交国库</th><th>国库确认</th><th>入账</th></tr>
${row([r.timestamps.eligibleAt, r.timestamps.requestedAt, r.timestamps.approvedAt, r.timestamps.submittedAt, r.timestamps.confirmedAt, r.timestamps.paidAt])}
</table>
</body></html>
`;
}

/** Where a payment's report lives in the audit bucket. */
export const paymentReportBase = (p: Pick<PaymentRecord, "projectId" | "trancheId" | "id">) =>
  `payments/${p.projectId}/${p.trancheId}/${p.id}`;

/**
 * The report task: writes the JSON and HTML of a paid payment (write-once keys) and records the reference on the
 * payment with an audit event. A retry finds the reference, or rewrites nothing (the same key, the same bytes).
 */
export async function writePaymentAuditReport(
  deps: Pick<PaymentDeps, "records" | "clock"> & { readonly reports?: ReportStore },
  input: { paymentId: string },
): Promise<{ jsonKey?: string; written: boolean }> {
  const payment = await mustGet(deps.records, paymentKind, input.paymentId, "Payment", "拨付");
  if (payment.auditReport) return { jsonKey: payment.auditReport.jsonKey, written: false };
  if (payment.status !== "paid" || !deps.reports) return { written: false };
  const tranche = await mustGet(deps.records, trancheKind, payment.trancheId, "Tranche", "拨款批次");
  const programme = await mustGet(deps.records, programmeKind, payment.programmeId, "Programme", "批次");
  const project = await mustGet(deps.records, projectKind, payment.projectId, "Project", "项目");
  const track = await deps.records.get(trackKind, payment.projectId);
  const ledger: LedgerTransactionRecord[] = [];
  for (const suffix of ["commit", "payable", "pay"]) {
    const t = await deps.records.get(ledgerTransactionKind, `ltx-${payment.id}-${suffix}`);
    if (t) ledger.push(t);
  }
  const report = paymentAuditReport({
    payment,
    tranche,
    policy: programme.policy,
    grantFen: project.grantFen,
    track,
    ledger,
  });
  const written = await writeReportPair(
    deps.reports,
    paymentReportBase(payment),
    report,
    paymentReportHtml(report),
  );
  await retryOnConflict(async () => {
    const current = await mustGet(deps.records, paymentKind, input.paymentId, "Payment", "拨付");
    if (current.auditReport) return;
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [
        updated(paymentKind, current, bump(current, at, { auditReport: { ...written, at } }), {
          actor: "workflow",
          role: "workflow",
          action: "payment.audit-report-written",
          detail: { jsonKey: written.jsonKey, sha256: written.sha256 },
        }),
      ],
      at,
    );
  });
  return { jsonKey: written.jsonKey, written: true };
}
