// Unit tests of the award's horse-race rule (赛马制).
import { describe, expect, it } from "vitest";
import { assertHorseRace } from "../../../../functions/award/rules/horse-race.ts";
import { getPolicyPreset } from "../../../../functions/programmes/rules/policy.ts";

const taiyuan = getPolicyPreset("taiyuan-2023");
const _person = (birthDate: string, isLead: boolean, isKey: boolean) => ({ birthDate, isLead, isKey });

describe("horse race (赛马制)", () => {
  it("winners ≤ slots ≤ limit", () => {
    expect(() => assertHorseRace(2, 2, taiyuan)).not.toThrow();
    expect(() => assertHorseRace(3, 2, taiyuan)).toThrow(
      expect.objectContaining({ code: "HORSE_RACE_LIMIT_EXCEEDED" }),
    );
    expect(() => assertHorseRace(1, 4, taiyuan)).toThrow(/at most 3/);
  });
});
