// The import rules of functions/, stated here as a checker over source texts: which layer a file is in, and
// which imports each layer may make. Used by tests/unit/platform/imports.test.ts on the tree and on planted violations.
import { dirname, join, normalize } from "node:path";

export type Layer = "kernel" | "rules" | "model" | "use-case" | "adapter" | "port" | "platform" | "catalog";

export interface SourceFile {
  /** Path from the project root, with forward slashes: "functions/payments/runs.ts". */
  readonly path: string;
  readonly text: string;
}

export interface Violation {
  readonly file: string;
  readonly imports: string;
  readonly rule: string;
}

/** The layer of a file under functions/, and its context (undefined for the kernel, the platform and the catalog). */
export function layerOf(path: string): { layer: Layer; context?: string } {
  const parts = path.split("/");
  if (parts[0] !== "functions") throw new Error(`${path} is not under functions/`);
  const [, top, second] = parts;
  if (top === "catalog.ts") return { layer: "catalog" };
  if (top === "kernel") return { layer: "kernel" };
  if (top === "platform") return { layer: second === "ports" ? "port" : "platform" };
  if (second === "rules") return { layer: "rules", context: top };
  if (second === "adapters") return { layer: "adapter", context: top };
  // A context's model is its model.ts, split when it grows into <part>-model.ts files beside it.
  if (second === "model.ts" || second?.endsWith("-model.ts")) return { layer: "model", context: top };
  return { layer: "use-case", context: top };
}

/** Packages only adapters and the platform may import: the AWS SDK, Lambda's types, middy, Powertools. */
const infrastructurePackage =
  /^(@aws-sdk\/|@smithy\/|@middy\/|@aws-lambda-powertools\/|aws-lambda$|aws-xray-sdk)/;

/** What each layer may import inside functions/ (a `type`-only import counts for models where marked). */
const allowed: Record<Layer, { layers: readonly Layer[]; typeOnly?: readonly Layer[] }> = {
  kernel: { layers: ["kernel"] },
  rules: { layers: ["kernel", "rules"], typeOnly: ["model"] },
  model: { layers: ["kernel", "rules", "model", "port"] },
  "use-case": { layers: ["kernel", "rules", "model", "port", "use-case"] },
  port: { layers: ["kernel", "port"] },
  adapter: { layers: ["kernel", "rules", "model", "port", "use-case", "adapter", "platform", "catalog"] },
  platform: { layers: ["kernel", "port", "platform", "catalog", "use-case", "model"] },
  catalog: { layers: ["kernel"] },
};

const importPattern = /^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']/gm;

/** Every import of every file that breaks a rule. */
export function importViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path);
    for (const match of file.text.matchAll(importPattern)) {
      const typeOnly = match[1] !== undefined;
      const spec = match[2]!;
      if (!spec.startsWith(".")) {
        if (infrastructurePackage.test(spec) && !["adapter", "platform"].includes(from.layer)) {
          violations.push({
            file: file.path,
            imports: spec,
            rule: `${from.layer} imports no AWS or Lambda package`,
          });
        }
        continue;
      }
      const target = normalize(join(dirname(file.path), spec))
        .split("\\")
        .join("/");
      if (!target.startsWith("functions/")) continue; // infra/resources.ts names shared with the CDK app
      const to = layerOf(target);
      const rule = allowed[from.layer];
      const ok = rule.layers.includes(to.layer) || (typeOnly && (rule.typeOnly ?? []).includes(to.layer));
      if (!ok) {
        violations.push({
          file: file.path,
          imports: target,
          rule: `${from.layer} may not import ${to.layer}`,
        });
      } else if (to.layer === "adapter" && from.context !== to.context) {
        violations.push({
          file: file.path,
          imports: target,
          rule: "a context's adapters are its own: another context goes through its use cases or the platform",
        });
      }
    }
  }
  return violations;
}
