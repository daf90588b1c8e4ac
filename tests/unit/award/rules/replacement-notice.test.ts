// Unit: a replacement's public notice (递补公示) — its state from the clock and the objections, and when the new
// project's task book may be signed (award/rules/replacement-notice.ts).
import { describe, expect, it } from "vitest";
import type { NoticeRecord } from "../../../../functions/award/model.ts";
import {
  assertReplacementNoticeOver,
  replacementNoticeStatus,
} from "../../../../functions/award/rules/replacement-notice.ts";

const endsAt = "2026-07-13T23:59:59.999+08:00";
const notice = (objections: NoticeRecord["objections"] = [], replacement = true) => ({
  status: "open" as const,
  endsAt,
  lastDay: "2026-07-13",
  objections,
  ...(replacement
    ? {
        replacement: {
          projectId: "prj-new",
          replacedProjectId: "prj-old",
          replacedOrganisationNames: ["甲大学"],
        },
      }
    : {}),
});
const during = Date.parse("2026-07-10T02:00:00Z");
const after = Date.parse(endsAt) + 1;
const code = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};
const objection = (status: "open" | "upheld" | "dismissed") => ({
  objectionId: "obj-1",
  winnerPosition: 1,
  status,
});

describe("a replacement's public notice", () => {
  it("is open in its window, then ruling while an objection is open, else ended", () => {
    expect(replacementNoticeStatus(notice(), during)).toBe("open");
    expect(replacementNoticeStatus(notice(), after)).toBe("ended");
    expect(replacementNoticeStatus(notice([objection("open")]), after)).toBe("ruling");
    expect(replacementNoticeStatus(notice([objection("dismissed")]), after)).toBe("ended");
    // An award's notice keeps the status its workflow gave it.
    expect(replacementNoticeStatus(notice([], false), after)).toBe("open");
  });

  it("lets the task book be signed once it is over with nothing open or upheld", () => {
    expect(code(() => assertReplacementNoticeOver(notice(), during))).toBe("REPLACEMENT_ON_NOTICE");
    expect(code(() => assertReplacementNoticeOver(notice([objection("open")]), after))).toBe(
      "REPLACEMENT_ON_NOTICE",
    );
    expect(code(() => assertReplacementNoticeOver(notice([objection("upheld")]), after))).toBe(
      "REPLACEMENT_OBJECTION_UPHELD",
    );
    expect(code(() => assertReplacementNoticeOver(notice([objection("dismissed")]), after))).toBeUndefined();
    expect(code(() => assertReplacementNoticeOver(notice([], false), during))).toBeUndefined();
  });
});
