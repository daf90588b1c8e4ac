// CLI tests of `npm test`'s first step (tests/preflight.ts) spawned as a process on made-up machines: with Java 17,
// Chromium and a CJK font it says nothing; without any of them it prints one line naming what is missing and the Debian
// packages to install, and exits 1 before any test runs.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "jiebang-preflight-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fakeJava = (version: string) => `echo 'openjdk version "${version}" 2024-10-15' >&2`;
const fakeFonts = 'echo "WenQuanYi Zen Hei,文泉驛正黑,文泉驿正黑"';

const fakeCfnLint = 'echo "cfn-lint 1.51.0"';

/**
 * A machine: a PATH holding `node` and the given tools (shell scripts), and a Chromium path that may not exist. cfn-lint
 * (the infra tier's template linter) is there unless the tools say otherwise (`"cfn-lint": ""` leaves it out).
 */
function machine(name: string, given: Record<string, string>, chromium = false) {
  const tools: Record<string, string> = { "cfn-lint": fakeCfnLint, ...given };
  if (tools["cfn-lint"] === "") delete tools["cfn-lint"];
  const dir = join(scratch, name);
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, "node"));
  for (const [tool, body] of Object.entries(tools)) {
    writeFileSync(join(bin, tool), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  const chromiumPath = join(dir, "chromium");
  if (chromium) {
    writeFileSync(chromiumPath, "#!/bin/sh\n");
    chmodSync(chromiumPath, 0o755);
  }
  return { PATH: bin, CHROMIUM_PATH: chromiumPath };
}

function preflight(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "JAVA_HOME") base[key] = value;
  }
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "tests/preflight.ts"],
      { cwd: root, env: { ...base, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

const lines = (output: string) => output.split("\n").filter((line) => line.trim() !== "");

describe("npm test's pre-test check", () => {
  it("runs first in npm test, before lint, type check and Vitest", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts["test"]).toMatch(/^tsx tests\/preflight\.ts && /);
  });

  it("on a machine with nothing but Node: one line naming all three Debian packages, exit 1", async () => {
    const run = await preflight(machine("bare", { "cfn-lint": "" }));
    expect(run.code).toBe(1);
    expect(lines(run.output)).toHaveLength(1);
    expect(run.output).toContain("missing java, javac, Chromium at ");
    expect(run.output).toContain("apt-get install -y openjdk-17-jdk-headless chromium fonts-wqy-zenhei");
    expect(run.output).toContain("pip install cfn-lint==1.51.0");
  });

  it("names only what is missing: cfn-lint, or a cfn-lint of another version", async () => {
    const complete = { java: fakeJava("17.0.13"), javac: "true", "fc-list": fakeFonts };
    const none = await preflight(machine("no-cfn-lint", { ...complete, "cfn-lint": "" }, true));
    expect(none.code).toBe(1);
    expect(lines(none.output)).toEqual([
      "npm test: missing cfn-lint; install them first: pip install cfn-lint==1.51.0",
    ]);
    const other = await preflight(
      machine("old-cfn-lint", { ...complete, "cfn-lint": 'echo "cfn-lint 0.87.1"' }, true),
    );
    expect(other.code).toBe(1);
    expect(other.output).toContain("cfn-lint 1.51.0 (found cfn-lint 0.87.1)");
  });

  it("with Java 17, Chromium and a CJK font: says nothing, exit 0", async () => {
    const run = await preflight(
      machine("complete", { java: fakeJava("17.0.13"), javac: "true", "fc-list": fakeFonts }, true),
    );
    expect(run).toEqual({ code: 0, output: "" });
  });

  it("names only what is missing: Chromium", async () => {
    const run = await preflight(
      machine("no-chromium", { java: fakeJava("21.0.5"), javac: "true", "fc-list": fakeFonts }),
    );
    expect(run.code).toBe(1);
    expect(lines(run.output)).toHaveLength(1);
    expect(run.output).toMatch(/apt-get install -y chromium$/m);
  });

  it("names only what is missing: the CJK font (fontconfig lists no Chinese font)", async () => {
    const run = await preflight(
      machine("no-font", { java: fakeJava("17.0.13"), javac: "true", "fc-list": "true" }, true),
    );
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/missing a CJK font .*apt-get install -y fonts-wqy-zenhei$/m);
  });

  it("a Java older than 17, or a JRE without javac, asks for the JDK 17", async () => {
    const old = await preflight(
      machine("java-11", { java: fakeJava("11.0.2"), javac: "true", "fc-list": fakeFonts }, true),
    );
    expect(old.code).toBe(1);
    expect(old.output).toMatch(
      /missing Java 17 or later \(.*java is 11\).*apt-get install -y openjdk-17-jdk-headless$/m,
    );
    const jre = await preflight(machine("jre", { java: fakeJava("17.0.13"), "fc-list": fakeFonts }, true));
    expect(jre.code).toBe(1);
    expect(jre.output).toMatch(/missing javac; .*apt-get install -y openjdk-17-jdk-headless$/m);
  });
});
