// Unit tests of an action error's message as the workbench shows it (web/src/forms/error-text.ts): the request paths
// the API names (`body.fundingCapFen：`) are left out, in Chinese and in English; a message without paths is kept.
import { describe, expect, it } from "vitest";
import { withoutPaths } from "../../../web/src/forms/error-text.ts";

describe("an action error's message", () => {
  it("leaves out the request paths the API names, in both languages", () => {
    expect(
      withoutPaths("榜单条件不符合本批次政策：body.fundingCapFen：超过政策上限；body.team.0.age：年龄不符"),
    ).toBe("榜单条件不符合本批次政策：超过政策上限；年龄不符");
    expect(
      withoutPaths("The challenge's terms break the programme's policy: body.fundingCapFen: above the cap"),
    ).toBe("The challenge's terms break the programme's policy: above the cap");
  });

  it("keeps a message that names no path", () => {
    expect(withoutPaths("该榜单当前不在揭榜期内")).toBe("该榜单当前不在揭榜期内");
  });
});
