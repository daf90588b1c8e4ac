// Test support: lints an OpenAPI document in-process with Redocly's `recommended` ruleset and Spectral's
// `spectral:oas`, returning each finding as "tool severity rule path: message".
import { createConfig, lintFromString } from "@redocly/openapi-core";
import spectralCore from "@stoplight/spectral-core";
import spectralParsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";

export interface Finding {
  readonly tool: "redocly" | "spectral";
  readonly severity: "error" | "warn" | "info" | "hint";
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

export async function redoclyFindings(document: unknown): Promise<Finding[]> {
  const config = await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: "openapi.json",
    config,
  });
  return problems.map((p) => ({
    tool: "redocly",
    severity: p.severity === "error" ? "error" : "warn",
    rule: p.ruleId,
    where: p.location[0]?.pointer ?? "",
    message: p.message,
  }));
}

export async function spectralFindings(document: unknown): Promise<Finding[]> {
  const { Spectral, Document } = spectralCore;
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas as never, "recommended"]] });
  const results = await spectral.run(
    new Document(JSON.stringify(document), spectralParsers.Json, "openapi.json"),
  );
  const severities = ["error", "warn", "info", "hint"] as const;
  return results.map((r) => ({
    tool: "spectral",
    severity: severities[r.severity] ?? "error",
    rule: String(r.code),
    where: r.path.join("."),
    message: r.message,
  }));
}

export const describeFinding = (f: Finding) => `${f.tool} ${f.severity} ${f.rule} ${f.where}: ${f.message}`;
