// The first step of `npm test`: checks that this machine has what the tiers need — Java 17 (java and javac, for DynamoDB
// Local and its launcher), Chromium and a CJK font (the browser tier), cfn-lint 1.51 (the infra tier lints the
// templates) — and, when something is missing, prints ONE line naming it and how to install it, and exits 1 before
// anything runs. `.ci/run` installs them first.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { findJavaTool, javaPackage } from "../local/java.ts";
import { chromiumPackage, chromiumPath, cjkFontPackage } from "./support/chromium.ts";

interface Missing {
  readonly what: string;
  readonly debianPackage: string;
}

/** The Java major version `java -version` reports ("1.8.0_392" is 8), or undefined when it reports none. */
function javaMajor(java: string): number | undefined {
  const run = spawnSync(java, ["-version"], { encoding: "utf8", timeout: 30_000 });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr ?? ""}${run.stdout ?? ""}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What the tiers need that this machine lacks, in the order Java, Chromium, fonts. */
function missingForTests(env: NodeJS.ProcessEnv = process.env): Missing[] {
  const missing: Missing[] = [];
  const java = findJavaTool("java", env);
  const javac = findJavaTool("javac", env);
  const major = java ? javaMajor(java) : undefined;
  if (!java) missing.push({ what: "java", debianPackage: javaPackage });
  else if (major === undefined || major < 17)
    missing.push({ what: `Java 17 or later (${java} is ${major ?? "unknown"})`, debianPackage: javaPackage });
  if (!javac) missing.push({ what: "javac", debianPackage: javaPackage });
  const chromium = chromiumPath(env);
  if (!executable(chromium))
    missing.push({ what: `Chromium at ${chromium} (or set CHROMIUM_PATH)`, debianPackage: chromiumPackage });
  const fonts = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8", env, timeout: 30_000 });
  if (fonts.error || fonts.status !== 0 || !fonts.stdout.trim())
    missing.push({ what: "a CJK font (fc-list :lang=zh)", debianPackage: cjkFontPackage });
  return missing;
}

/** The cfn-lint the infra tier runs on the synthesized templates (tests/infra/profiles.test.ts), a Python tool. */
export const cfnLintVersion = "1.51.0";
function cfnLintMissing(): string | undefined {
  const run = spawnSync("cfn-lint", ["--version"], { encoding: "utf8", timeout: 60_000 });
  if (run.error || run.status !== 0) return "cfn-lint";
  return run.stdout.includes(`cfn-lint ${cfnLintVersion}`)
    ? undefined
    : `cfn-lint ${cfnLintVersion} (found ${run.stdout.trim()})`;
}

const missing = missingForTests();
const cfnLint = cfnLintMissing();
if (missing.length > 0 || cfnLint) {
  const packages = [...new Set(missing.map((m) => m.debianPackage))];
  const what = [...missing.map((m) => m.what), ...(cfnLint ? [cfnLint] : [])];
  const steps = [
    ...(packages.length > 0 ? [`(Debian, as root) apt-get install -y ${packages.join(" ")}`] : []),
    ...(cfnLint ? [`pip install cfn-lint==${cfnLintVersion}`] : []),
  ];
  console.error(`npm test: missing ${what.join(", ")}; install them first: ${steps.join("; ")}`);
  process.exit(1);
}
