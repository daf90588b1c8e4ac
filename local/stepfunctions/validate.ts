// Embedded runtime, local Step Functions service: ValidateStateMachineDefinition — the ASL checked as at load
// (asl-validator through aws-local-stepfunctions): errors as AWS's diagnostics (code, message, location), and what
// only this local engine refuses (callback tasks inside Map, JSONata …) as warnings.
import { StateMachine } from "aws-local-stepfunctions";
import { compileMachine } from "./definitions.ts";
import { ApiError } from "./execution.ts";

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  code: string;
  message: string;
  location?: string;
}

const PREFIX = "State machine definition is invalid, see error(s) below:";
const MAX_DIAGNOSTICS = 100;

/** The validator's error text as diagnostics (one per "CODE: message" line). */
function diagnosticsOf(message: string): Diagnostic[] {
  const lines = message.replace(PREFIX, "").split("\n");
  const out: Diagnostic[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Z_]+): ?(.*)$/u.exec(line);
    const code = m?.[1] ?? "SCHEMA_VALIDATION_FAILED";
    const text = (m?.[2] ?? line).trim();
    const location = /^(\/\S*)/u.exec(text)?.[1];
    out.push(
      location
        ? { severity: "ERROR", code, message: text, location }
        : { severity: "ERROR", code, message: text },
    );
  }
  return out;
}

export function validateDefinition(
  text: string,
  type: "STANDARD" | "EXPRESS",
  maxResultsRaw: unknown,
): { result: "OK" | "FAIL"; diagnostics: Diagnostic[]; truncated: boolean } {
  if (
    maxResultsRaw !== undefined &&
    maxResultsRaw !== null &&
    (typeof maxResultsRaw !== "number" ||
      !Number.isInteger(maxResultsRaw) ||
      maxResultsRaw < 0 ||
      maxResultsRaw > MAX_DIAGNOSTICS)
  ) {
    throw new ApiError(
      "ValidationException",
      `1 validation error detected: Value '${String(maxResultsRaw)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_DIAGNOSTICS}`,
    );
  }
  const max = typeof maxResultsRaw === "number" && maxResultsRaw > 0 ? maxResultsRaw : MAX_DIAGNOSTICS;
  const answer = (all: Diagnostic[]) => ({
    result: all.some((d) => d.severity === "ERROR") ? ("FAIL" as const) : ("OK" as const),
    diagnostics: all.slice(0, max),
    truncated: all.length > max,
  });
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (e) {
    return answer([
      {
        severity: "ERROR",
        code: "INVALID_JSON_DESCRIPTION",
        message: `Invalid JSON: ${(e as Error).message}`,
      },
    ]);
  }
  if (!definition || typeof definition !== "object" || Array.isArray(definition)) {
    return answer([
      { severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message: "The definition is not a JSON object" },
    ]);
  }
  try {
    new StateMachine(structuredClone(definition) as ConstructorParameters<typeof StateMachine>[0]);
  } catch (e) {
    return answer(diagnosticsOf((e as Error).message));
  }
  const found: Diagnostic[] = [];
  if (type === "EXPRESS" && text.includes(".waitForTaskToken")) {
    found.push({
      severity: "ERROR",
      code: "SCHEMA_VALIDATION_FAILED",
      message: "Express state machines do not support the .waitForTaskToken service integration pattern",
    });
  }
  try {
    compileMachine("validate", "arn:aws:states:local:000000000000:stateMachine:validate", definition);
  } catch (e) {
    found.push({
      severity: "WARNING",
      code: "UNSUPPORTED_BY_LOCAL_ENGINE",
      message: (e as Error).message.replace(/^state machine validate: /u, ""),
    });
  }
  return answer(found);
}
