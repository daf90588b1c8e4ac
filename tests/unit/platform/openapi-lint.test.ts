// Unit tests of the OpenAPI document's quality: built in-process, linted by Redocly (`recommended`) and Spectral
// (`spectral:oas`) with no error; the warnings accepted are listed here, each with why.
import { describe, expect, it } from "vitest";
import { generateOpenApi } from "../../../local/cli/openapi.ts";
import { describeFinding, redoclyFindings, spectralFindings } from "../../support/openapi-lint.ts";

/**
 * Warnings accepted, by tool and rule:
 * - info-license (Redocly) and info-contact (Spectral): the platform is deployed by each city for itself; neither a
 *   licence nor a contact is decided for the API, and inventing one would mislead its readers.
 */
const accepted = new Set(["redocly info-license", "spectral info-contact"]);

describe("the OpenAPI document, linted", () => {
  it("passes Redocly's recommended ruleset and Spectral's spectral:oas without errors or unlisted warnings", async () => {
    const document = JSON.parse(await generateOpenApi()) as unknown;
    const findings = [...(await redoclyFindings(document)), ...(await spectralFindings(document))];
    expect(findings.filter((f) => f.severity === "error").map(describeFinding)).toEqual([]);
    expect(
      findings
        .filter((f) => f.severity === "warn" && !accepted.has(`${f.tool} ${f.rule}`))
        .map(describeFinding),
    ).toEqual([]);
  }, 60_000);

  it("finds an error when there is one (a response pointing at a schema that does not exist)", async () => {
    const document = JSON.parse(await generateOpenApi()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    document.paths["/v1/programmes"]!["get"]!.responses["200"] = {
      description: "success",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Nowhere" } } },
    };
    const findings = [...(await redoclyFindings(document)), ...(await spectralFindings(document))];
    const errors = findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => f.tool)).toEqual(expect.arrayContaining(["redocly", "spectral"]));
  }, 60_000);
});
