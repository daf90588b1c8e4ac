// Unit tests of the credit-record rule (失信行为记录): which record bars an organisation.
import { describe, expect, it } from "vitest";
import { assertNotBlacklisted, blockingCreditRecord } from "../../../../functions/credit/rules/standing.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";

const _taiyuan = getPolicyPreset("taiyuan-2023");
const _person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

describe("credit record (失信)", () => {
  const records = [{ organisationId: "bad", recordedOn: "2025-01-01", blockedUntil: "2028-01-01" }];
  it("blocks from recordedOn until blockedUntil", () => {
    expect(blockingCreditRecord(["x", "bad"], records, "2025-01-01")).toBe(records[0]);
    expect(blockingCreditRecord(["bad"], records, "2024-12-31")).toBeUndefined();
    expect(blockingCreditRecord(["bad"], records, "2028-01-01")).toBeUndefined();
    expect(() => assertNotBlacklisted(["bad"], records, "2026-01-01")).toThrow(
      expect.objectContaining({ code: "ORGANISATION_BLACKLISTED", kind: "forbidden" }),
    );
    expect(() => assertNotBlacklisted(["good"], records, "2026-01-01")).not.toThrow();
  });
});
