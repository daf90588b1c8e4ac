// Unit tests of project implementation's terms (实施管理): reminder, rectification (整改) and the phase's length.
import { describe, expect, it } from "vitest";
import {
  defaultRectifyDays,
  phaseMaxDays,
  reminderDaysBefore,
} from "../../../../functions/projects/rules/terms.ts";

describe("project terms", () => {
  it("reminds 14 days before a due date and gives 30 days to rectify when the experts give none", () => {
    expect(reminderDaysBefore).toBe(14);
    expect(defaultRectifyDays).toBe(30);
  });

  it("hands a phase over inside the one-year life of a Standard execution", () => {
    expect(phaseMaxDays).toBe(300);
    expect(phaseMaxDays).toBeLessThan(365);
  });
});
