// Unit: the recovery pages (web/src/pages/finance/Recovery.tsx, Recoveries.tsx) in Chinese show no English word —
// every status they show through stage() and every reason through label() has a Chinese name, taken from the
// statuses and reasons the OpenAPI document gives a recovery — and one word, 出题企业 (the policy's), for the
// enterprise that sets a challenge, across the workbench.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../../local/runtime-paths.ts";
import { labelNames, stageNames } from "../../../web/src/words.ts";

const doc = JSON.parse(
  readFileSync(join(projectRoot, "functions/operations/adapters/openapi.json"), "utf8"),
) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } };
const recovery = doc.components.schemas["RecoveryRecord"]!.properties;
const chinese = /[\u4e00-\u9fff]/;

describe("the recovery pages in Chinese", () => {
  it("name every status of a recovery in Chinese (stage), e.g. recovered → 已追回", () => {
    const statuses = recovery["status"]?.enum ?? [];
    expect(statuses).toContain("recovered");
    expect(statuses.filter((s) => !chinese.test(stageNames[s]?.[0] ?? ""))).toEqual([]);
    expect(stageNames["recovered"]?.[0]).toBe("已追回");
  });

  it("name every reason of a recovery in Chinese (label)", () => {
    const reasons = recovery["reason"]?.enum ?? [];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter((r) => !chinese.test(labelNames[r]?.[0] ?? ""))).toEqual([]);
  });
});

describe("the enterprise that sets a challenge", () => {
  it("is 出题企业 everywhere in the workbench, never 发榜企业", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
      });
    const using = files(join(projectRoot, "web", "src"))
      .filter((f) => !f.endsWith("schema.d.ts"))
      .filter((f) => readFileSync(f, "utf8").includes("发榜企业"));
    expect(using).toEqual([]);
    expect(
      Object.values(labelNames)
        .map((p) => p[0])
        .some((w) => w.includes("出题企业")),
    ).toBe(true);
  });
});
