// Unit tests: open data (functions/opendata/rules/grants.ts) — awards and disbursements as 360Giving grants, valid
// against the standard's published JSON Schema (schemas/360giving/, version 1.4.3), only public fields, and the CSV.
import { describe, expect, it } from "vitest";
import {
  grantsCsv,
  type OpenDataSettings,
  type OpenGrantInput,
  openDataPackage,
} from "../../../functions/opendata/rules/grants.ts";
import { packageValidator } from "../../support/three-sixty-giving.ts";

const settings: OpenDataSettings = {
  prefix: "360G-taiyuanstb",
  funder: { uscc: "11140100MB1958236C", name: "太原市科学技术局" },
  license: "https://creativecommons.org/licenses/by/4.0/",
};

const running: OpenGrantInput = {
  projectId: "prj-1",
  status: "in-progress",
  grantFen: 3_000_000_00,
  awardedAt: "2025-06-30T16:30:00.000Z",
  updatedAt: "2025-08-01T02:00:00.000Z",
  challenge: { title: "高温合金精密铸造工艺", field: "高端装备制造" },
  programme: { id: "prg-1", name: "Taiyuan 2025", nameZh: "太原市2025年揭榜挂帅", year: 2025 },
  recipient: { id: "ent-casting", name: "太原某铸造有限公司", uscc: "91140100MA0KXXXX1C" },
  solverLead: { id: "uni-a", name: "某大学" },
  period: { startDate: "2025-07-01", endDate: "2027-06-30", months: 24 },
  tranches: [
    { index: 1, amountFen: 900_000_00, status: "paid", paidAt: "2025-07-20T03:00:00.000Z" },
    { index: 2, amountFen: 1_200_000_00, status: "planned" },
    { index: 3, amountFen: 900_000_00, status: "planned" },
  ],
};
const terminated: OpenGrantInput = {
  ...running,
  projectId: "prj-2",
  status: "terminated",
  recipient: { id: "ent-2", name: "另一企业" },
  tranches: [
    { index: 1, amountFen: 900_000_00, status: "paid", paidAt: "2025-07-20T03:00:00.000Z" },
    { index: 2, amountFen: 1_200_000_00, status: "cancelled" },
    { index: 3, amountFen: 900_000_00, status: "cancelled" },
  ],
  recovery: {
    reason: "termination",
    decidedOn: "2025-09-01",
    receipts: [{ seq: 1, amountFen: 300_000_00, receivedOn: "2025-09-10" }],
  },
};

describe("open data in the 360Giving Data Standard", () => {
  const pkg = openDataPackage(settings, [running, terminated], "2025-10-01T00:00:00.000Z");

  it("the package is valid against the standard's published JSON Schema", () => {
    const validate = packageValidator();
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
  });

  it("the schema check can fail: a grant without its funder is refused", () => {
    const validate = packageValidator();
    const [first] = pkg.grants;
    const { fundingOrganization: _, ...withoutFunder } = first!;
    expect(validate({ ...pkg, grants: [withoutFunder] })).toBe(false);
  });

  it("maps an award: ids, amounts in yuan, planned dates, organisations by CN-USCI-, programme", () => {
    const g = pkg.grants[0]!;
    expect(g).toMatchObject({
      id: "360G-taiyuanstb-prj-1",
      currency: "CNY",
      amountAwarded: 3_000_000,
      amountDisbursed: 900_000,
      awardDate: "2025-07-01",
      plannedDates: [{ startDate: "2025-07-01", endDate: "2027-06-30", duration: 24 }],
      recipientOrganization: [{ id: "CN-USCI-91140100MA0KXXXX1C", name: "太原某铸造有限公司" }],
      fundingOrganization: [{ id: "CN-USCI-11140100MB1958236C", name: "太原市科学技术局" }],
      grantProgramme: [{ code: "prg-1", title: "太原市2025年揭榜挂帅（2025）" }],
    });
    expect(g.disbursementTransaction).toEqual([
      expect.objectContaining({
        id: "360G-taiyuanstb-prj-1-T1",
        transactionDate: "2025-07-20",
        value: 900_000,
      }),
    ]);
    expect(pkg.publisher).toEqual({ identifier: "CN-USCI-11140100MB1958236C", name: "太原市科学技术局" });
  });

  it("a terminated project: amount awarded as decided, disbursed net of recovery, the recovery a negative disbursement", () => {
    const g = pkg.grants[1]!;
    expect(g.amountAwarded).toBe(3_000_000);
    expect(g.amountDisbursed).toBe(600_000);
    expect(g.disbursementTransaction?.map((t) => [t.id, t.value])).toEqual([
      ["360G-taiyuanstb-prj-2-T1", 900_000],
      ["360G-taiyuanstb-prj-2-R1", -300_000],
    ]);
    expect(g.actualDates).toEqual([{ startDate: "2025-07-01", endDate: "2025-09-01" }]);
    expect(g.description).toContain("项目已终止");
    // An organisation without a registered code gets the publisher's own identifier.
    expect(g.recipientOrganization[0]?.id).toBe("360G-taiyuanstb-ORG-ent-2");
  });

  it("only public fields: no people, scores, bank details or R&D budgets", () => {
    const text = JSON.stringify(pkg);
    for (const word of [
      "chiefEngineer",
      "score",
      "bank",
      "account",
      "rdInvestment",
      "contactName",
      "Individual",
    ])
      expect(text.toLowerCase()).not.toContain(word.toLowerCase());
  });

  it("CSV: the standard's column titles, one row a grant, quoted where needed", () => {
    const csv = grantsCsv(pkg.grants);
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Identifier,Title,Description,Currency,Amount Awarded,Amount Disbursed,Award Date,Planned Dates:Start Date,Planned Dates:End Date,Planned Dates:Duration (months),Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Grant Programme:Code,Grant Programme:Title,Last Modified",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^360G-taiyuanstb-prj-1,高温合金精密铸造工艺,/);
    expect(lines[2]).toContain(",3000000,600000,2025-07-01,");
  });
});
