// Unit: every date the workbench asks for goes through one field (web/src/components/DateField.tsx, issue 16) — no
// native <input type="date"> (Chromium shows it in the browser's locale, 09/03/2025 on a zh-CN page) and no DatePicker
// of a page's own (its form value a dayjs object, its text the locale's default): a page added later with either fails.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

const src = join(projectRoot, "web", "src");
/** The one file allowed to use Ant Design's DatePicker: the picker behind DateField. */
const picker = "components/date-picker-field.tsx";
/** A source without its comments (which may well name what they replaced). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
const files = sources(src).map((file) => ({
  path: relative(src, file),
  text: code(readFileSync(file, "utf8")),
}));

/** The places in the sources that ask for a date some other way than DateField. */
function otherDateInputs(list: readonly { path: string; text: string }[]): string[] {
  return list.flatMap(({ path, text }) => [
    ...(/\btype=\{?\s*["']date["']/.test(text) ? [`${path}: a native date input`] : []),
    ...(path !== picker && /<(DatePicker|RangePicker)\b|DatePicker\.RangePicker/.test(text)
      ? [`${path}: a DatePicker of its own`]
      : []),
  ]);
}

describe("date fields in the workbench", () => {
  it("finds a native date input or a page's own DatePicker (so the check below can fail)", () => {
    expect(
      otherDateInputs([
        { path: "pages/x.tsx", text: '<Input type="date" data-testid="opens-on" />' },
        { path: "pages/y.tsx", text: '<DatePicker name="dueSince" format="YYYY-MM-DD" />' },
        { path: picker, text: "<DatePicker value={toDay(value)} />" },
        { path: "pages/z.tsx", text: '<DateField data-testid="opens-on" />' },
      ]),
    ).toEqual(["pages/x.tsx: a native date input", "pages/y.tsx: a DatePicker of its own"]);
  });

  it("asks for every date with DateField", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === picker)).toBe(true);
    expect(otherDateInputs(files)).toEqual([]);
    // The fields the browser tests fill by their data-testid are DateFields.
    const all = files.map((f) => f.text).join("\n");
    for (const testid of [
      "opens-on",
      "closes-on",
      "start-date",
      "road-show-date",
      "performance-from",
      "closes-by",
    ]) {
      expect(all, testid).toMatch(new RegExp(`<DateField[^>]*data-testid="${testid}"`));
    }
  });
});
