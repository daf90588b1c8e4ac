// Unit: docs/notifications.md's table "Who gets what, and how" lists each notification type the rules know (every
// notifying audit event of notifications/rules/recipients.ts eventRules) with when, who gets it and its default
// channels, row for row as the catalogue says — a type added without its row, or a row left stale, fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventRules } from "../../../functions/notifications/rules/recipients.ts";

/** The row of a type as the docs' table shows it. */
function typeRow(type: string): string {
  const rule = eventRules[type]!;
  const byDefault = rule.defaultChannels.includes("email");
  const channels = `${byDefault ? "inbox; e-mail by default" : "inbox; e-mail if chosen"}${
    rule.private
      ? byDefault
        ? " (title only unless chosen); SMS/WeChat title only"
        : "; SMS/WeChat title only"
      : ""
  }`;
  return `| \`${type}\` | ${rule.when} | ${rule.recipients} | ${channels} |`;
}

describe("the notification types in docs/notifications.md", () => {
  const doc = readFileSync(new URL("../../../docs/notifications.md", import.meta.url), "utf8");
  const rows = doc.split("\n").filter((l) => l.startsWith("| `"));

  it.each(Object.keys(eventRules))("%s has its row, as the catalogue says", (type) => {
    expect(rows).toContain(typeRow(type));
  });

  it("no row names an event type the rules do not have (the to-dos are `todo.*`)", () => {
    const named = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1]!).filter((t) => !t.startsWith("todo."));
    expect(named.filter((t) => !(t in eventRules))).toEqual([]);
  });
});
