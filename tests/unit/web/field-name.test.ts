// Unit: the workbench's forms put an API field error next to the field it names (web/src/forms/field-name.ts).
import { describe, expect, it } from "vitest";
import { fieldName } from "../../../web/src/forms/field-name.ts";

describe("fieldName", () => {
  it("drops the request part and turns list indices into numbers", () => {
    expect(fieldName("body.team.0.age")).toEqual(["team", 0, "age"]);
    expect(fieldName("query.limit")).toEqual(["limit"]);
    expect(fieldName("title")).toEqual(["title"]);
    expect(fieldName("body.budgetItems.12")).toEqual(["budgetItems", 12]);
  });
});
