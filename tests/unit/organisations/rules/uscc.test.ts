// Unit: the unified social credit code (统一社会信用代码, GB 32100-2015) — the check character, the character set, the
// length, and the 400 that names the field.
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../functions/kernel/errors.ts";
import {
  checkedUscc,
  normaliseUscc,
  usccCheckCharacter,
  usccProblem,
} from "../../../../functions/organisations/rules/uscc.ts";

describe("unified social credit code", () => {
  it("computes the check character of the standard's example and of a published enterprise code", () => {
    // GB 32100-2015's worked example, and a code as printed on a business licence.
    expect(usccCheckCharacter("91350100M000100Y4")).toBe("3");
    expect(usccProblem("91350100M000100Y43")).toBeUndefined();
    expect(usccCheckCharacter("91110000600037341")).toBe("L");
    expect(usccProblem("91110000600037341L")).toBeUndefined();
  });

  it("tells what is wrong: the length, a character outside the set (I, O, Z, S, V), the check character", () => {
    expect(usccProblem("91350100M000100Y4")).toBe("length");
    expect(usccProblem("91350100M000100Y43X")).toBe("length");
    expect(usccProblem("91350100M000100O43")).toBe("character");
    expect(usccProblem("9135010OM000100Y43")).toBe("character");
    expect(usccProblem("91350100M000100Y44")).toBe("check");
    // Every other check character is refused: the check catches any single wrong last character.
    const wrong = [..."0123456789ABCDEFGHJKLMNPQRTUWXY"].filter((c) => c !== "3");
    for (const c of wrong) expect(usccProblem(`91350100M000100Y4${c}`)).toBe("check");
  });

  it("catches a single mistyped character anywhere in the first 17", () => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < 17; i++) {
      const typo = code[i] === "1" ? "2" : "1";
      expect(usccProblem(`${code.slice(0, i)}${typo}${code.slice(i + 1)}`)).toBe("check");
    }
  });

  it("normalises what people copy (spaces, lower case) and refuses with the field, a stable code and Chinese", () => {
    expect(normaliseUscc(" 9135 0100m000100y43 ")).toBe("91350100M000100Y43");
    expect(checkedUscc("9135 0100m000100y43")).toBe("91350100M000100Y43");
    try {
      checkedUscc("91350100M000100Y44", "body.members.0.uscc");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe("USCC_INVALID");
      expect(e.messageZh).toContain("校验码");
      expect(e.fields?.[0]?.path).toBe("body.members.0.uscc");
    }
  });
});
