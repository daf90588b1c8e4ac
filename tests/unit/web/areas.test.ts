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

  it("open a declared page from every menu entry", () => {
    expect(menu.filter((to) => !paths.includes(to))).toEqual([]);
  });
});
