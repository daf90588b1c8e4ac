// Unit tests of reading a programme's ledger (functions/payments/reads.ts programmeLedger) on the in-memory store: a
// programme that does not exist has no ledger (404), not an empty one that "agrees".
import { describe, expect, it } from "vitest";
import type { Actor } from "../../../functions/kernel/actor.ts";
import { programmeLedger } from "../../../functions/payments/reads.ts";
import { createProgramme, newProgramme } from "../../../functions/programmes/programmes.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const bureau: Actor = { userId: "u-bureau", organisationId: "org-bureau", roles: ["bureau"] };

describe("programmeLedger", () => {
  it("is 404 PROGRAMME_NOT_FOUND for a programme that does not exist; an existing one's empty ledger agrees", async () => {
    const records = memoryRecordStore();
    const deps = { records, clock: fixedClock("2026-05-04T03:00:00.000Z"), newId: () => "prg-1" };
    await expect(programmeLedger({ records }, "prg-none")).rejects.toMatchObject({
      code: "PROGRAMME_NOT_FOUND",
      kind: "not-found",
    });
    const programme = await createProgramme(
      deps,
      bureau,
      newProgramme.parse({
        name: "Key technologies",
        nameZh: "关键核心技术攻关",
        year: 2026,
        fields: ["新材料"],
        budgetFen: 500_000_000,
        policyId: "taiyuan-2023",
      }),
    );
    expect(await programmeLedger({ records }, programme.id)).toEqual({
      programmeId: programme.id,
      balances: {},
      rebuilt: {},
      accountNames: {},
      agrees: true,
      transactions: 0,
    });
  });
});
