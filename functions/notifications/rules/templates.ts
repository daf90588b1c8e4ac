// Rules: the Chinese texts of notifications — one per notification type, with its English gloss for the docs; pure.
import { formatYuan } from "../../kernel/money.ts";
import { todoActions } from "../../kernel/todos.ts";

/** A date-time in Asia/Shanghai as 2026年3月1日 09:00. */
export function shanghaiText(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The to-do notification: 您有一项新的待办：<label>. */
export function todoText(action: string, title: string | undefined, deadline: string | undefined) {
  const label = (todoActions as Record<string, { zh: string }>)[action]?.zh ?? action;
  return {
    title: `新的待办：${label}`,
    body: `您有一项新的待办事项「${label}」${title ? `（${title}）` : ""}${
      deadline ? `，请于${shanghaiText(deadline)}前办理` : "，请及时办理"
    }。`,
  };
}

const fen = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? `${formatYuan(v)}元` : "");

/** The texts of the audit events that notify (rules/recipients.ts eventRules), by action. */
export const eventTexts: Record<
  string,
  (detail: Record<string, unknown>) => { readonly title: string; readonly body: string }
> = {
  "milestone.reminded": (d) => ({
    title: "里程碑报告提交提醒",
    body: `项目第${Number(d["milestone"])}个里程碑将于${String(d["dueDate"] ?? "")}到期，请按时提交里程碑报告。`,
  }),
  "milestone.escalated": (d) => ({
    title: "里程碑报告逾期",
    body: `项目第${Number(d["milestone"])}个里程碑已于${String(d["dueDate"] ?? "")}到期，尚未提交报告。`,
  }),
  "payment.paid": (d) => ({
    title: "资金已拨付",
    body: `项目第${Number(d["trancheIndex"] ?? 1)}批资金${fen(d["amountFen"])}已拨付，请注意查收。`,
  }),
  "payment.disbursement-failed": () => ({
    title: "拨付失败",
    body: "一笔拨付被国库退回或失败，请尽快处理。",
  }),
  "recovery.escalated": (d) => ({
    title: "应收款项逾期",
    body: `一笔追回款项已逾期未缴清，未缴金额${fen(d["outstandingFen"])}。`,
  }),
};
