// Architecture checks over the source (functions/): the import rules between layers and contexts, and what must hold
// for every Lambda bundle whatever the module.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";
import { importViolations, layerOf, type SourceFile } from "../../support/import-rules.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const files = sources(join(projectRoot, "functions"));
const tree: SourceFile[] = files.map((f) => ({
  path: relative(projectRoot, f).split("\\").join("/"),
  text: readFileSync(f, "utf8"),
}));

describe("function sources", () => {
  it("import zod as a namespace, so esbuild can leave out what is unused (`import { z }` bundles all ~440 KB)", () => {
    const offenders = tree.filter((f) => /^import\s+\{\s*z\s*\}\s+from\s+"zod"/m.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("use zod/mini, not zod classic (its schemas cost a cold start several times as much to load and build)", () => {
    const offenders = tree.filter((f) => /from\s+"zod(?:\/v4)?"/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("are grouped by bounded context: kernel, platform and contexts each with a model, rules, use cases, adapters", () => {
    const contexts = new Set(tree.map((f) => layerOf(f.path).context).filter((c) => c !== undefined));
    expect([...contexts].sort()).toEqual(
      expect.arrayContaining([
        "applications",
        "award",
        "challenges",
        "demands",
        "payments",
        "projects",
        "review",
      ]),
    );
    // Every context that keeps records has its model; operations only reads others' records and executions.
    const withoutModel = [...contexts].filter(
      (c) => c !== "operations" && !tree.some((f) => f.path === `functions/${c}/model.ts`),
    );
    expect(withoutModel).toEqual([]);
  });

  it("keep to the import rules (docs/architecture.md)", () => {
    expect(importViolations(tree)).toEqual([]);
  });

  it("have no file over 500 lines but the catalog", () => {
    const long = tree
      .filter((f) => f.path !== "functions/catalog.ts" && f.text.split("\n").length > 501)
      .map((f) => f.path);
    expect(long).toEqual([]);
  });
});

describe("the import rules catch a planted violation", () => {
  const planted = (path: string, text: string) => importViolations([{ path, text }]).map((v) => v.rule);

  it("a pure rule importing AWS, a port or a model's values", () => {
    expect(
      planted("functions/payments/rules/x.ts", 'import { S3Client } from "@aws-sdk/client-s3";'),
    ).toHaveLength(1);
    expect(
      planted(
        "functions/payments/rules/x.ts",
        'import type { RecordStore } from "../../platform/ports/records.ts";',
      ),
    ).toEqual(["rules may not import port"]);
    expect(planted("functions/payments/rules/x.ts", 'import { paymentKind } from "../model.ts";')).toEqual([
      "rules may not import model",
    ]);
    expect(
      planted("functions/payments/rules/x.ts", 'import type { PaymentRecord } from "../model.ts";'),
    ).toEqual([]);
  });

  it("the kernel importing a context", () => {
    expect(
      planted("functions/kernel/x.ts", 'import { policyPresets } from "../programmes/rules/policy.ts";'),
    ).toEqual(["kernel may not import rules"]);
  });

  it("a use case importing an adapter, the platform's infrastructure or the AWS SDK", () => {
    expect(
      planted("functions/payments/runs2.ts", 'import { paymentDeps } from "./adapters/deps.ts";'),
    ).toEqual(["use-case may not import adapter"]);
    expect(
      planted("functions/payments/runs2.ts", 'import { recordStore } from "../platform/deps.ts";'),
    ).toEqual(["use-case may not import platform"]);
    expect(
      planted("functions/payments/runs2.ts", 'import { SFNClient } from "@aws-sdk/client-sfn";'),
    ).toHaveLength(1);
  });

  it("a port importing a use case", () => {
    expect(
      planted("functions/platform/ports/x.ts", 'import { triggerPayments } from "../../payments/runs.ts";'),
    ).toEqual(["port may not import use-case"]);
  });

  it("one context reaching into another's adapters", () => {
    expect(
      planted(
        "functions/review/adapters/x.ts",
        'import { paymentDeps } from "../../payments/adapters/deps.ts";',
      ),
    ).toHaveLength(1);
    expect(planted("functions/payments/adapters/x.ts", 'import { paymentDeps } from "./deps.ts";')).toEqual(
      [],
    );
  });
});
