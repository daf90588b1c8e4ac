// Pure rules of the chief engineer's budget rights (《太原市…行动方案》四（七）2): 设备费预算调剂权全部下放给项目承担单位，其他费用
// 调剂权由技术总师根据科研活动实际需要自主安排 — who may move money between the task book's budget items, and the move itself
// (totals and public money unchanged); 项目立项后，不得更换揭榜方 — the solver is never replaced.
import { businessRuleError, forbiddenError } from "../../kernel/errors.ts";
import { formatYuan } from "../../kernel/money.ts";

export const budgetCategories = ["equipment", "other"] as const;
export type BudgetCategory = (typeof budgetCategories)[number];
/** Who holds the right to reallocate: the solver organisation (承担单位) or the chief engineer (技术总师). */
export type BudgetHolder = "solver-organisation" | "chief-engineer";

/**
 * Decision: an item is equipment (设备费) when its name says so (设备, 仪器, equipment, instrument); every other item is
 * "other costs" (其他费用: materials, testing, labour, travel …).
 */
export function budgetCategoryOf(item: string): BudgetCategory {
  return /设备|仪器|equipment|instrument/i.test(item) ? "equipment" : "other";
}

/** Who may move money between two items: any equipment item involved → the solver organisation; else the chief engineer. */
export function budgetHolderFor(from: BudgetCategory, to: BudgetCategory): BudgetHolder {
  return from === "equipment" || to === "equipment" ? "solver-organisation" : "chief-engineer";
}

export interface Item {
  readonly item: string;
  readonly amountFen: number;
  readonly category: BudgetCategory;
}

const field = (path: string, message: string, messageZh: string) => [{ path, message, messageZh }];

/**
 * Moves `amountFen` from one item to another (the target may be new, of its stated category). Refused: an unknown or
 * the same item, more than the item holds, or a caller acting as someone other than the holder of the right. The total
 * and the public money are unchanged by construction, and checked.
 */
export function reallocate(
  items: readonly Item[],
  move: {
    fromItem: string;
    toItem: string;
    amountFen: number;
    actingAs: BudgetHolder;
    newCategory?: BudgetCategory;
  },
): { items: Item[]; holder: BudgetHolder } {
  const from = items.find((i) => i.item === move.fromItem);
  if (!from) {
    throw businessRuleError(
      "BUDGET_ITEM_UNKNOWN",
      `The task book has no budget item ${move.fromItem}`,
      `任务书无预算科目“${move.fromItem}”`,
      field("body.fromItem", "not an item of the task book", "不是任务书的预算科目"),
    );
  }
  if (move.fromItem === move.toItem) {
    throw businessRuleError(
      "BUDGET_SAME_ITEM",
      "A reallocation moves money between two different items",
      "预算调剂须在两个不同科目之间进行",
      field("body.toItem", "the same item", "与调出科目相同"),
    );
  }
  if (move.amountFen > from.amountFen) {
    throw businessRuleError(
      "BUDGET_ITEM_INSUFFICIENT",
      `${move.fromItem} holds ${formatYuan(from.amountFen)} CNY, less than ${formatYuan(move.amountFen)} CNY`,
      `“${move.fromItem}”余额 ${formatYuan(from.amountFen)} 元，不足调出 ${formatYuan(move.amountFen)} 元`,
      field("body.amountFen", "more than the item holds", "超过该科目预算"),
    );
  }
  const to = items.find((i) => i.item === move.toItem);
  const toCategory = to?.category ?? move.newCategory ?? budgetCategoryOf(move.toItem);
  const holder = budgetHolderFor(from.category, toCategory);
  if (holder !== move.actingAs) {
    throw forbiddenError(
      "BUDGET_RIGHT_NOT_HELD",
      holder === "solver-organisation"
        ? "Equipment budget is reallocated by the solver organisation (承担单位), not the chief engineer"
        : "Other costs are reallocated by the chief engineer (技术总师), not the solver organisation",
      holder === "solver-organisation" ? "设备费预算调剂权属于项目承担单位" : "其他费用调剂权属于技术总师",
    );
  }
  const next = items.map((i) =>
    i.item === move.fromItem
      ? { ...i, amountFen: i.amountFen - move.amountFen }
      : i.item === move.toItem
        ? { ...i, amountFen: i.amountFen + move.amountFen }
        : i,
  );
  if (!to) next.push({ item: move.toItem, amountFen: move.amountFen, category: toCategory });
  const before = items.reduce((s, i) => s + i.amountFen, 0);
  const after = next.reduce((s, i) => s + i.amountFen, 0);
  if (before !== after) throw new Error(`budget total changed ${before} → ${after}`);
  return { items: next, holder };
}

/** 项目立项后，不得更换揭榜方: a change of the solver organisation is refused, always. */
export function refuseSolverReplacement(): never {
  throw businessRuleError(
    "SOLVER_NOT_REPLACEABLE",
    "The solver (揭榜方) cannot be replaced after approval (《太原市…行动方案》四（七）2)",
    "项目立项后，不得更换揭榜方",
    field("body.role", "the solver cannot be replaced", "不得更换揭榜方"),
  );
}
