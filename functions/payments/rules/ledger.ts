// Pure rule: the double-entry ledger (复式记账) of the payments context. Accounts per programme
// and per project; every transaction balances (debits = credits, integer fen); a balance never goes below zero on its
// normal side, except a receivable flagged as over-recovered. `rebuildBalances` folds entries back into balances.
import { businessRuleError } from "../../kernel/errors.ts";

/**
 * Account kinds and their normal side. Money flows as transfers (Dr destination, Cr source):
 *   fund:     Dr programme budget         / Cr programme appropriation (财政预算安排)
 *   commit:   Dr project committed        / Cr programme budget        (tranche reserved: budget left shrinks)
 *   release:  Dr programme budget         / Cr project committed       (payment rejected: commitment released)
 *   payable:  Dr project payable          / Cr project committed       (treasury confirmed: 应付)
 *   pay:      Dr project paid             / Cr project payable         (disbursed: 已拨付)
 *   assess:   Dr project receivable       / Cr programme recoveries-due (termination/fraud: 应收追回款)
 *   recover:  Dr project recovered        / Cr project receivable      (money returned: 已追回)
 */
export const accountKinds = [
  "appropriation",
  "budget",
  "committed",
  "payable",
  "paid",
  "receivable",
  "recovered",
  "recoveries-due",
] as const;
export type AccountKind = (typeof accountKinds)[number];

const creditNormal: ReadonlySet<AccountKind> = new Set(["appropriation", "recoveries-due"]);
export const normalSide = (kind: AccountKind): "debit" | "credit" =>
  creditNormal.has(kind) ? "credit" : "debit";

/** `prg:<programmeId>:<kind>` or `prj:<projectId>:<kind>`. */
export type AccountId = string;
export const programmeAccount = (programmeId: string, kind: AccountKind): AccountId =>
  `prg:${programmeId}:${kind}`;
export const projectAccount = (projectId: string, kind: AccountKind): AccountId => `prj:${projectId}:${kind}`;
export function accountKindOf(account: AccountId): AccountKind {
  const kind = account.slice(account.lastIndexOf(":") + 1) as AccountKind;
  if (!accountKinds.includes(kind)) throw new Error(`unknown account ${account}`);
  return kind;
}

/** What each account kind is called, in English and Chinese. */
const accountKindWords: Record<AccountKind, readonly [string, string]> = {
  appropriation: ["appropriation", "财政拨款"],
  budget: ["budget", "预算"],
  committed: ["committed", "已承诺"],
  payable: ["payable", "应付"],
  paid: ["paid", "已拨付"],
  receivable: ["receivable", "应收"],
  recovered: ["recovered", "已收回"],
  "recoveries-due": ["recoveries due", "待收回"],
};

/** The record id an account belongs to: a project's (`prj:`) or a programme's (`prg:`). */
export function accountOwner(account: AccountId): { kind: "project" | "programme"; id: string } {
  const id = account.slice(4, account.lastIndexOf(":"));
  return { kind: account.startsWith("prj:") ? "project" : "programme", id };
}

/**
 * An account in words: `prj:<id>:committed` → "Project <title> · committed" / "项目 <title> · 已承诺"; the owner's id
 * where its name is not known.
 */
export function accountName(
  account: AccountId,
  names: {
    readonly projectTitle?: string;
    readonly programmeName?: string;
    readonly programmeNameZh?: string;
  },
): { readonly accountName: string; readonly accountNameZh: string } {
  const [en, zh] = accountKindWords[accountKindOf(account)];
  const owner = accountOwner(account);
  if (owner.kind === "project") {
    const title = names.projectTitle ?? owner.id;
    return { accountName: `Project ${title} · ${en}`, accountNameZh: `项目 ${title} · ${zh}` };
  }
  return {
    accountName: `Programme ${names.programmeName ?? owner.id} · ${en}`,
    accountNameZh: `批次 ${names.programmeNameZh ?? owner.id} · ${zh}`,
  };
}

export interface LedgerEntry {
  readonly account: AccountId;
  readonly debitFen: number;
  readonly creditFen: number;
}

export const transactionKinds = ["fund", "commit", "release", "payable", "pay", "assess", "recover"] as const;
export type TransactionKind = (typeof transactionKinds)[number];

export interface LedgerTransaction {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly entries: readonly LedgerEntry[];
  /** Set on a recovery that exceeds what is receivable: the receivable may then go below zero (flagged). */
  readonly overRecovery?: boolean;
}

/** Normal-side balance per account, in fen; and which receivables are flagged (over-recovered). */
export interface Balances {
  readonly fen: Readonly<Record<AccountId, number>>;
  readonly flagged: readonly AccountId[];
}

export const emptyBalances: Balances = { fen: {}, flagged: [] };

const isFen = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** A transfer of `amountFen` from `from` (credited) to `to` (debited). */
export function transfer(
  id: string,
  kind: TransactionKind,
  to: AccountId,
  from: AccountId,
  amountFen: number,
  overRecovery?: boolean,
): LedgerTransaction {
  return {
    id,
    kind,
    entries: [
      { account: to, debitFen: amountFen, creditFen: 0 },
      { account: from, debitFen: 0, creditFen: amountFen },
    ],
    ...(overRecovery ? { overRecovery } : {}),
  };
}

/** Debits equal credits, every amount integer fen ≥ 0, at least one entry with money. */
export function assertBalanced(txn: LedgerTransaction): void {
  let debits = 0;
  let credits = 0;
  for (const e of txn.entries) {
    if (!isFen(e.debitFen) || !isFen(e.creditFen)) {
      throw businessRuleError(
        "LEDGER_AMOUNT_INVALID",
        "amounts are integer fen ≥ 0",
        "金额须为非负整数（分）",
      );
    }
    debits += e.debitFen;
    credits += e.creditFen;
  }
  if (debits !== credits || debits === 0) {
    throw businessRuleError(
      "LEDGER_UNBALANCED",
      `transaction ${txn.id} does not balance: debits ${debits}, credits ${credits}`,
      `凭证 ${txn.id} 借贷不平：借 ${debits}，贷 ${credits}`,
    );
  }
}

/** Applies entries without checks (rebuild). */
function applyEntries(balances: Balances, txn: LedgerTransaction): Balances {
  const fen: Record<AccountId, number> = { ...balances.fen };
  const flagged = new Set(balances.flagged);
  for (const e of txn.entries) {
    const sign = normalSide(accountKindOf(e.account)) === "debit" ? 1 : -1;
    const value = (fen[e.account] ?? 0) + sign * (e.debitFen - e.creditFen);
    fen[e.account] = value;
    if (value < 0 && txn.overRecovery && accountKindOf(e.account) === "receivable") flagged.add(e.account);
  }
  return { fen, flagged: [...flagged].sort() };
}

/** Posts a transaction: it must balance and leave no balance negative (except a flagged receivable). */
export function post(balances: Balances, txn: LedgerTransaction): Balances {
  assertBalanced(txn);
  const next = applyEntries(balances, txn);
  for (const e of txn.entries) {
    const value = next.fen[e.account] ?? 0;
    if (value < 0 && !next.flagged.includes(e.account)) {
      throw businessRuleError(
        "LEDGER_INSUFFICIENT_BALANCE",
        `account ${e.account} would go below zero (${value} fen)`,
        `科目 ${e.account} 余额不足（${value} 分）`,
      );
    }
  }
  return next;
}

/** Balances from the entries alone; must equal the stored balances. */
export function rebuildBalances(transactions: readonly LedgerTransaction[]): Balances {
  return transactions.reduce(applyEntries, emptyBalances);
}

/** Sum of debits minus credits over every account on its sign: zero when every transaction balanced. */
export function trialBalance(transactions: readonly LedgerTransaction[]): number {
  let total = 0;
  for (const t of transactions) for (const e of t.entries) total += e.debitFen - e.creditFen;
  return total;
}
