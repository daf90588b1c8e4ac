// Unit (model test): the double-entry ledger rules of functions/payments/rules/ledger.ts under random sequences of fund,
// commit, release, payable, pay, assess and recover — every posted transaction balances, no balance goes negative
// except a flagged receivable, refused postings change nothing, and the balances rebuilt from entries equal the
// balances kept step by step.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../functions/kernel/errors.ts";
import {
  assertBalanced,
  type Balances,
  emptyBalances,
  type LedgerTransaction,
  post,
  programmeAccount as prg,
  projectAccount as prj,
  rebuildBalances,
  transfer,
  trialBalance,
} from "../../../../functions/payments/rules/ledger.ts";

const op = fc.record({
  kind: fc.constantFrom("fund", "commit", "release", "payable", "pay", "assess", "recover", "over-recover"),
  project: fc.constantFrom("p1", "p2"),
  amountFen: fc.integer({ min: 1, max: 5_000_00 }),
});

function toTransaction(
  n: number,
  o: { kind: string; project: string; amountFen: number },
): LedgerTransaction {
  const id = `t${n}`;
  const a = o.amountFen;
  const p = o.project;
  switch (o.kind) {
    case "fund":
      return transfer(id, "fund", prg("g", "budget"), prg("g", "appropriation"), a);
    case "commit":
      return transfer(id, "commit", prj(p, "committed"), prg("g", "budget"), a);
    case "release":
      return transfer(id, "release", prg("g", "budget"), prj(p, "committed"), a);
    case "payable":
      return transfer(id, "payable", prj(p, "payable"), prj(p, "committed"), a);
    case "pay":
      return transfer(id, "pay", prj(p, "paid"), prj(p, "payable"), a);
    case "assess":
      return transfer(id, "assess", prj(p, "receivable"), prg("g", "recoveries-due"), a);
    case "recover":
      return transfer(id, "recover", prj(p, "recovered"), prj(p, "receivable"), a);
    default:
      return transfer(id, "recover", prj(p, "recovered"), prj(p, "receivable"), a, true);
  }
}

describe("ledger rules", () => {
  it("keep every invariant after every step of a random sequence", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let balances: Balances = emptyBalances;
        const posted: LedgerTransaction[] = [];
        ops.forEach((o, n) => {
          const txn = toTransaction(n, o);
          try {
            balances = post(balances, txn);
            posted.push(txn);
          } catch (error) {
            // Refused: only for want of balance, and nothing changed.
            expect((error as DomainError).code).toBe("LEDGER_INSUFFICIENT_BALANCE");
          }
          for (const [account, fen] of Object.entries(balances.fen)) {
            expect(Number.isSafeInteger(fen)).toBe(true);
            if (fen < 0) {
              expect(account.endsWith(":receivable")).toBe(true);
              expect(balances.flagged).toContain(account);
            }
          }
          expect(trialBalance(posted)).toBe(0);
          expect(rebuildBalances(posted)).toEqual(balances);
        });
        // Conservation: what was funded is in budget, committed, payable or paid.
        const f = (a: string) => balances.fen[a] ?? 0;
        const spent = ["p1", "p2"].reduce(
          (s, p) => s + f(prj(p, "committed")) + f(prj(p, "payable")) + f(prj(p, "paid")),
          0,
        );
        expect(f(prg("g", "budget")) + spent).toBe(f(prg("g", "appropriation")));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses an unbalanced or fractional transaction", () => {
    expect(() =>
      assertBalanced({
        id: "x",
        kind: "pay",
        entries: [
          { account: prj("p", "paid"), debitFen: 100, creditFen: 0 },
          { account: prj("p", "payable"), debitFen: 0, creditFen: 99 },
        ],
      }),
    ).toThrow(DomainError);
    expect(() =>
      post(emptyBalances, transfer("y", "fund", prg("g", "budget"), prg("g", "appropriation"), 1.5)),
    ).toThrow(/integer fen/);
    expect(() =>
      post(emptyBalances, transfer("z", "commit", prj("p", "committed"), prg("g", "budget"), 1)),
    ).toThrow(/below zero/);
  });
});
