// Unit: the workbench's areas (web/src/pages/*/area.ts and the common pages in web/src/areas/all.ts) declare each
// page's path once — two areas declaring the same path would leave the second one's page unreachable (the router
// takes the first match) — and every menu entry opens a declared page. Read as text: the area modules import the
// pages' components, which need a browser.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";

const web = join(projectRoot, "web", "src");
const areaFiles = [
  join(web, "areas", "all.ts"),
  ...readdirSync(join(web, "pages"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(web, "pages", d.name, "area.ts"))
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    }),
];
const texts = areaFiles.map((f) => readFileSync(f, "utf8"));
const paths = texts.flatMap((t) => [...t.matchAll(/\bpath: "([^"]+)"/g)].map((m) => m[1]!));
const menu = texts.flatMap((t) => [...t.matchAll(/\bto: "([^"]+)"/g)].map((m) => m[1]!));

describe("workbench areas", () => {
  it("declare every path once", () => {
    expect(areaFiles.length).toBeGreaterThan(8);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  });

  it("give the approver a menu entry of its own (its queue), declared as a page", () => {
    const entries = texts.flatMap((t) => [
      ...t.matchAll(/\bto: "([^"]+)", word: "[\w-]+", roles: \[([^\]]*)\]/g),
    ]);
    const approverOnly = entries.filter((m) => m[2]!.trim() === '"approver"').map((m) => m[1]!);
    expect(approverOnly).toEqual(["/approver/queue"]);
    expect(paths).toContain("/approver/queue");
  });

  it("open a declared page from every menu entry", () => {
    expect(menu.filter((to) => !paths.includes(to))).toEqual([]);
  });

  it("give each word one meaning: no key in two areas' words, nor in an area's and the common table", () => {
    const keysOf = (text: string) => [...text.matchAll(/^ {2}"?([\w-]+)"?: \[/gm)].map((m) => m[1]!);
    const common = readFileSync(join(web, "words.ts"), "utf8");
    const table = common.slice(
      common.indexOf("export const words = {"),
      // The table ends at its `} satisfies …` (the stage and label tables after it are other namespaces).
      common.indexOf("\n} satisfies", common.indexOf("export const words = {")),
    );
    const owners = new Map<string, string[]>();
    const own = (key: string, where: string) => owners.set(key, [...(owners.get(key) ?? []), where]);
    for (const key of keysOf(table)) own(key, "words.ts");
    for (const dir of readdirSync(join(web, "pages"), { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    )) {
      let text: string;
      try {
        text = readFileSync(join(web, "pages", dir.name, "words.ts"), "utf8");
      } catch {
        continue;
      }
      for (const key of keysOf(text)) own(key, dir.name);
    }
    expect(owners.size).toBeGreaterThan(300);
    // Spread into one table, a later area's word would silently replace an earlier one's.
    expect(
      [...owners]
        .filter(([, where]) => where.length > 1)
        .map(([key, where]) => `${key}: ${where.join(", ")}`),
    ).toEqual([]);
  });

  it("put a notice's objections (ruled on from 待办) under 待办 in the menu, not under the demand queue", () => {
    const owners = texts.flatMap((t) =>
      [...t.matchAll(/\{\s*to: "([^"]+)",[^}]*?owns: \[([^\]]*)\]/g)]
        .filter((m) => m[2]!.includes('"/notices/"'))
        .map((m) => m[1]!),
    );
    expect(owners).toEqual(["/tasks"]);
  });

  it("declare a page at each link of the later steps' to-dos (functions/projects/rules/todos.ts)", () => {
    const declared = (link: string) =>
      paths.some((p) => new RegExp(`^${p.replace(/:[A-Za-z]+/g, "[^/]+")}$`).test(link));
    for (const link of [
      "/awards/chl-1/shortlist",
      "/projects/prj-1/acceptance",
      "/projects/prj-1/acceptance/plan",
      "/projects/prj-1/acceptance/review",
      "/projects/prj-1/acceptance/payment-opinion",
      "/projects/prj-1/extensions/2",
      "/projects/prj-1/termination",
      "/solver/projects",
    ]) {
      expect(declared(link), link).toBe(true);
    }
  });
});
