// Unit tests of recoveries' to-do rule: a receivable still owed waits for finance (due 30 days after the decision,
// at the end of that Shanghai day); a settled or waived one waits for nobody.
import { describe, expect, it } from "vitest";
import type { RecoveryRecord } from "../../../../functions/recoveries/model.ts";
import { recoveryTodos } from "../../../../functions/recoveries/rules/todos.ts";

const recovery = (changes: Partial<RecoveryRecord> = {}): RecoveryRecord =>
  ({
    id: "rcv-prj-1",
    version: 1,
    projectId: "prj-1",
    programmeId: "prg-1",
    reason: "termination",
    amountFen: 500_000_00,
    paidFen: 600_000_00,
    payerOrganisationId: "uni-a",
    decidedOn: "2025-06-10",
    status: "assessed",
    createdAt: "2025-06-10T02:00:00.000Z",
    ...changes,
  }) as RecoveryRecord;

describe("recovery to-dos", () => {
  it("an assessed receivable with money owed waits for finance, due at the end of day 30 (Shanghai)", () => {
    expect(recoveryTodos(recovery({ receivedFen: 100_00 }))).toEqual([
      {
        action: "recovery.record-receipt",
        since: "2025-06-10T02:00:00.000Z",
        deadline: "2025-07-10T15:59:59.999Z",
        link: "/finance/recoveries/rcv-prj-1",
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        assignees: [{ role: "finance" }],
        exceptOrganisations: ["uni-a"],
      },
    ]);
  });

  it("none once recovered, waived, or nothing is left owed", () => {
    expect(recoveryTodos(recovery({ status: "recovered", receivedFen: 500_000_00 }))).toEqual([]);
    expect(recoveryTodos(recovery({ status: "waived" }))).toEqual([]);
    expect(recoveryTodos(recovery({ receivedFen: 500_000_00 }))).toEqual([]);
  });
});
