// What a first run takes on trust from the README, checked against the sources that decide it: the Node versions
// (package.json `engines`, the README and what the installed packages declare agree), who sees every console page (the
// catalog's roles on every route the console reads), and the curl tour (the API base in a variable, `jq` said).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { routeRoles, routes } from "../../functions/catalog.ts";
import type { Role } from "../../functions/kernel/roles.ts";
import { lowestVersions, satisfies } from "../support/node-range.ts";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

/**
 * Installed packages whose declared Node range leaves out a version the project supports, with why the project runs
 * there anyway; the README names each of them.
 */
const declaredNewerButSupported: Record<string, string> = {
  "aws-local-stepfunctions":
    "declares Node >= 22 for Promise.withResolvers, which local/polyfills.ts supplies on 20",
};

describe("the Node versions", () => {
  const range = pkg.engines.node;

  it("the README states package.json's engines range, and the lock file records it", () => {
    expect(readme).toContain(`\`${range}\``);
    const recorded = lock.packages[""]?.engines;
    expect(recorded && !Array.isArray(recorded) ? recorded.node : undefined).toBe(range);
  });

  it("this Node is one of them", () => {
    expect(satisfies(process.version, range)).toBe(true);
  });

  it("every installed package accepts the lowest version of each supported line, but those named in the README", () => {
    const lows = lowestVersions(range);
    const refusing = new Map<string, string>();
    for (const [path, entry] of Object.entries(lock.packages)) {
      const declared = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      // What npm ci installs on this machine (platform-specific optional packages it skips are not there).
      if (!path || !declared || !existsSync(join(root, path, "package.json"))) continue;
      for (const low of lows) {
        if (!satisfies(low, declared)) refusing.set(path.replace(/^.*node_modules\//, ""), declared);
      }
    }
    expect([...refusing.keys()].sort()).toEqual(Object.keys(declaredNewerButSupported).sort());
    for (const name of Object.keys(declaredNewerButSupported)) {
      expect(readme, `the README says why ${name} runs on Node 20`).toMatch(
        new RegExp(`EBADENGINE[^\\n]*\\n?[^\\n]*${name}`),
      );
    }
  });

  it("reads the ranges packages declare", () => {
    expect(satisfies("20.19.0", "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfies("20.18.3", "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfies("22.11.0", "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfies("23.1.0", "^20.0.0 || ^22.0.0 || >=24.0.0")).toBe(false);
    expect(satisfies("20.19.0", ">= 0.6")).toBe(true);
    expect(satisfies("20.19.0", ">= 14.x")).toBe(true);
    expect(satisfies("20.19.0", "18 || 20 || >=22")).toBe(true);
    expect(satisfies("21.0.0", "18 || 20 || >=22")).toBe(false);
    expect(satisfies("20.19.0", ">=22.0.0")).toBe(false);
    expect(satisfies("20.19.0", "*")).toBe(true);
    expect(lowestVersions("^20.19.0 || ^22.12.0 || >=24")).toEqual(["20.19.0", "22.12.0", "24.0.0"]);
    expect(() => satisfies("20.0.0", "1.0.0 - 2.0.0")).toThrow();
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * API paths the workbench's pages read (web/src, the generated types left out), as written: `{param}` kept. Only
 * reads (`client.GET(…)`): the forms' writes belong to the role whose step they are.
 */
function consolePaths(): string[] {
  const paths = new Set<string>();
  for (const file of sourceFiles(join(root, "web", "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bGET\(\s*[`"](\/v1\/[^`"\s]*)/g)) {
      const path = match[1]!.split(/\?|\$\{/)[0]!;
      paths.add(path);
    }
  }
  return [...paths].sort();
}

const routePattern = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`);

describe("who sees every workbench page", () => {
  it("the roles the README says see everything may read every route the workbench reads", () => {
    const claims = [
      ...readme.matchAll(/sign in as `?(\w+)`?(?: or `?(\w+)`?)? (?:to see every page|for everything)/gi),
    ];
    expect(claims.length, "the README says who sees every page").toBeGreaterThan(0);
    const roles = new Set(claims.flatMap((m) => [m[1], m[2]]).filter((r): r is string => r !== undefined));
    const paths = consolePaths();
    expect(paths).toContain("/v1/payments/queue");
    const refused: string[] = [];
    for (const path of paths) {
      const route = routes.find((r) => r.method === "GET" && routePattern(r.path).test(path));
      expect(route, `a catalog route for ${path}`).toBeDefined();
      for (const role of roles) {
        if (!routeRoles(route!.auth).includes(role as Role)) refused.push(`${role} on GET ${route!.path}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

describe("the curl tour", () => {
  const start = readme.indexOf("Try it by hand");
  const block = readme.slice(
    readme.indexOf("```sh", start),
    readme.indexOf("```\n", readme.indexOf("```sh", start) + 5),
  );
  const intro = readme.slice(start, readme.indexOf("```sh", start));

  it("takes the API base from PORT, in one variable every curl uses", () => {
    // The shell's default-value expansion, PORT else 3000 (a plain string here, not a template).
    expect(block).toContain(["API=http://127.0.0.1:$", "{PORT:-3000}"].join(""));
    expect(block).not.toMatch(/localhost|127\.0\.0\.1:3000/);
    const curls = block.split("\n").filter((line) => /\bcurl\b/.test(line));
    expect(curls.length).toBeGreaterThan(0);
    for (const line of curls) expect(line).toMatch(/curl [^\n]*"?\$API\/v1\//);
  });

  it("says that it needs jq before using it", () => {
    expect(block).toContain("jq");
    expect(intro).toMatch(/needs [^.]*`jq`/);
  });
});
