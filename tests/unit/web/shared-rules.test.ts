// Unit: the rules the workbench (web/) shares with the server — a form checks what the API will check with the same
// code, not a copy: web/src imports from outside web/ only the files local/web-build.ts lists (so a change to one
// rebuilds the app), each of which imports nothing (the bundle takes no server code); the registry's page checks a
// unified social credit code with functions/organisations/rules/uscc-code.ts and names the types as the registry does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { organisationTypeNames, organisationTypes } from "../../../functions/organisations/model.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";
import { webSharedSources } from "../../../local/web-build.ts";
import { organisationWords } from "../../../web/src/pages/organisation-words.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

const web = join(projectRoot, "web");
/** Each import of web/src that leaves web/: [importing file, imported file], both relative to the repository. */
const outside = sources(join(web, "src")).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/from\s+"(\.[^"]+)"/g)]
    .map((m) => resolve(dirname(file), m[1]!))
    .filter((target) => relative(web, target).startsWith(".."))
    .map((target) => [relative(projectRoot, file), relative(projectRoot, target)] as const),
);

describe("rules the workbench shares with the server", () => {
  it("are imported from outside web/ only as local/web-build.ts lists them, each importing nothing", () => {
    expect(outside.map(([, target]) => target)).toContain("functions/organisations/rules/uscc-code.ts");
    expect(outside.filter(([, target]) => !(webSharedSources as readonly string[]).includes(target))).toEqual(
      [],
    );
    for (const shared of webSharedSources) {
      expect(readFileSync(join(projectRoot, shared), "utf8"), shared).not.toMatch(
        /^\s*(import|export .* from)\b/m,
      );
    }
  });

  it("check a credit code on the registry's forms with the server's rule (uscc-code.ts), not a copy of it", () => {
    const users = outside.filter(([, target]) => target === "functions/organisations/rules/uscc-code.ts");
    expect(users.map(([file]) => file)).toEqual(
      expect.arrayContaining(["web/src/pages/organisation-forms.tsx", "web/src/pages/Organisations.tsx"]),
    );
    // No second table of the code's characters or weights anywhere in the app.
    const copies = sources(join(web, "src")).filter((f) =>
      /0123456789ABCDEFGHJKLMNPQRTUWXY|1, 3, 9, 27, 19, 26/.test(readFileSync(f, "utf8")),
    );
    expect(copies).toEqual([]);
  });

  it("name every organisation type in Chinese as the registry does (organisationTypeNames)", () => {
    for (const type of organisationTypes) {
      const pair = (organisationWords as Record<string, readonly [string, string]>)[`ogType_${type}`];
      expect(pair?.[0], type).toBe(organisationTypeNames[type]);
    }
  });
});
