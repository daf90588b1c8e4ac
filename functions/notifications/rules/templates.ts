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
  ...decisionTexts(),
};

const named = (v: unknown, fallback: string) => (typeof v === "string" && v ? v : fallback);
/** 「<title>」: the challenge's or project's name. */
const titled = (d: Record<string, unknown>) => `「${named(d["title"], "未命名")}」`;
const lead = (d: Record<string, unknown>) => named(d["solverName"], "揭榜方");
const endingReason = (v: unknown) => (v === "fraud" ? "查实弄虚作假" : "项目终止");

/** The decisions' texts (who they go to: rules/recipients.ts): names, never ids. */
function decisionTexts(): Record<
  string,
  (detail: Record<string, unknown>) => { readonly title: string; readonly body: string }
> {
  return {
    // A replacement on performance (递补, followup/replacement.ts: detail `replaces`) is awarded before its own notice
    // (递补公示) has run: the task book is signed only once that notice is over without an upheld objection.
    "application.awarded": (d) =>
      d["replaces"]
        ? {
            title: "拟递补为揭榜方",
            body: `${lead(d)}牵头申报的榜单${titled(d)}原揭榜方经绩效评价退出，拟由贵单位递补承担剩余任务和资金，现予递补公示；公示期满无异议的，签订新任务书。`,
          }
        : {
            title: "揭榜成功",
            body: `${lead(d)}牵头申报的榜单${titled(d)}经公示无异议，已确定为揭榜方。请按通知签订任务书。`,
          },
    "application.not-selected": (d) => ({
      title: "揭榜结果：未入选",
      body: `${lead(d)}牵头申报的榜单${titled(d)}本轮未入选。感谢参与揭榜挂帅。`,
    }),
    "application.overlap-withdrawn": (d) => ({
      title: "揭榜结果：就高不重复，撤销支持",
      body: `${lead(d)}牵头申报的榜单${titled(d)}，因同一研发内容已获本市其他政策更高金额支持，按“就高不重复”原则撤销本次支持，不予立项。`,
    }),
    "challenge.awarded": (d) => ({
      title: "榜单已确定揭榜方",
      body: `贵单位的榜单${titled(d)}已确定揭榜方：${
        Array.isArray(d["winnerNames"]) && d["winnerNames"].length > 0
          ? (d["winnerNames"] as string[]).join("、")
          : "详见工作台"
      }。`,
    }),
    "application.on-notice": (d) => ({
      title: "揭榜结果公示",
      body: `${lead(d)}牵头申报的榜单${titled(d)}拟确定为揭榜方，现予公示；公示期满无异议的，确定为揭榜方。`,
    }),
    "challenge.on-notice": (d) => ({
      title: "揭榜结果公示",
      body: `贵单位的榜单${titled(d)}拟确定的揭榜方已进入公示期。`,
    }),
    "notice.objection-upheld": (d) => ({
      title: "公示异议处理结果：异议成立",
      body: `榜单${titled(d)}公示期间关于${lead(d)}的异议经核查成立，该拟揭榜方不予确定。`,
    }),
    "notice.objection-dismissed": (d) => ({
      title: "公示异议处理结果：异议不成立",
      body: `榜单${titled(d)}公示期间关于${lead(d)}的异议经核查不成立。`,
    }),
    "notice.replacement-published": (d) => ({
      title: "递补结果公示",
      body: `榜单${titled(d)}原揭榜方${named(d["replacedName"], "")}经绩效评价退出，拟由${lead(d)}递补承担剩余任务和资金，现予公示至${String(d["lastDay"] ?? "")}；公示期满无异议的，签订新任务书。`,
    }),
    "performance.no-replacement-left": (d) => ({
      title: "递补公示异议成立，无可递补对象",
      body: `榜单${titled(d)}递补单位${lead(d)}的递补公示异议经核查成立，该递补项目已终止；该榜单已无可递补的揭榜申请，剩余资金${fen(d["leftFen"])}不再安排递补，留在财政。`,
    }),
    "notice.window-extended": (d) => ({
      title: "公示期已顺延",
      body: `榜单${titled(d)}揭榜结果公示的截止日按国务院正式节假日安排由${String(d["previousLastDay"] ?? "")}顺延至${String(d["lastDay"] ?? "")}，请在原发布渠道更新公示截止日。`,
    }),
    "judicial-referral.referred": (d) => ({
      title: "弄虚作假项目已移交司法机关",
      body: `项目${titled(d)}因弄虚作假情节严重，已移交${named(d["organ"], "司法机关")}（移送函${named(d["reference"], "")}），应追回财政资金${fen(d["recoverFen"])}。`,
    }),
    "project.accepted": (d) => ({
      title: "结题验收通过",
      body: `项目${titled(d)}（${lead(d)}牵头）已通过结题验收。`,
    }),
    "project.not-accepted": (d) => ({
      title: "结题验收未通过",
      body: `项目${titled(d)}（${lead(d)}牵头）未通过结题验收，项目结束；资金按任务书约定处理。`,
    }),
    "extension.approved": (d) => ({
      title: "延期申请已批准",
      body: `项目${titled(d)}的延期申请已批准，延期${Number(d["months"])}个月，其后各里程碑到期日相应顺延。`,
    }),
    "extension.rejected": (d) => ({
      title: "延期申请未获批准",
      body: `项目${titled(d)}的延期申请未获批准，里程碑到期日不变。`,
    }),
    "project.terminated": (d) => ({
      title: "项目终止",
      body: `项目${titled(d)}（${lead(d)}牵头）已终止。${d["fault"] === true ? "经认定有过错，" : ""}已拨付资金按规定核定，需退回的将另行通知。`,
    }),
    "project.fraud": (d) => ({
      title: "项目因弄虚作假终止",
      body: `项目${titled(d)}经查实存在弄虚作假，已终止并记入信用记录；已拨付资金全部追回，将另行通知。`,
    }),
    "recovery.assessed": (d) => ({
      title: "资金追回通知",
      body: `因${endingReason(d["reason"])}，项目${titled(d)}核定应退回资金${fen(d["amountFen"])}，请按通知期限缴回。`,
    }),
  };
}
