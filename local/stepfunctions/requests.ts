// Embedded runtime, local Step Functions service: request checks as AWS makes them — required and optional members,
// ARNs by kind (InvalidArn), names (InvalidName), lengths and enumerations (ValidationException), paging tokens.
import { ApiError } from "./execution.ts";

export type Body = Record<string, unknown>;

const invalid = (message: string): ApiError =>
  new ApiError("ValidationException", `1 validation error detected: ${message}`);

export function reqString(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== "string" || v === "") {
    throw invalid(`Value at '${key}' failed to satisfy constraint: Member must not be null`);
  }
  return v;
}

export function optString(body: Body, key: string, maxLength?: number): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new ApiError("ValidationException", `Value at '${key}' must be a string`);
  if (maxLength !== undefined && v.length > maxLength) {
    throw invalid(
      `Value at '${key}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
  }
  return v;
}

/** Lengths AWS allows for a failure's error and cause (SendTaskFailure, StopExecution). */
export const MAX_ERROR_LENGTH = 256;
export const MAX_CAUSE_LENGTH = 32_768;

export type ArnKind = "execution" | "stateMachine" | "any";

const ARN_SHAPE =
  /^arn:aws(?:-cn|-us-gov)?:states:[a-z0-9-]+:\d{12}:(stateMachine|execution|express):[^:\s]{1,80}(?::[^:\s]{1,80})?$/u;

/** A member that must be an ARN of the given kind: anything else is InvalidArn (as AWS answers), not "does not exist". */
export function arnOf(body: Body, key: string, kind: ArnKind = "any"): string {
  const v = reqString(body, key);
  const m = ARN_SHAPE.exec(v);
  const type = m?.[1];
  const ok =
    m !== null &&
    (kind === "any" ||
      (kind === "execution" && (type === "execution" || type === "express")) ||
      (kind === "stateMachine" && type === "stateMachine"));
  if (!ok) throw new ApiError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${v}'`);
  return v;
}

/** AWS's rule for execution names: 1-80 characters, no whitespace, brackets, wildcards, specials or control characters. */
export function checkName(name: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  const bad = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;
  if (name.length < 1 || name.length > 80 || bad.test(name)) {
    throw new ApiError("InvalidName", `Invalid Name: '${name}'`);
  }
}

/** A member restricted to an enumeration (statusFilter, redriveFilter): another value is a ValidationException. */
export function optEnum<T extends string>(body: Body, key: string, values: readonly T[]): T | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw invalid(
      `Value '${String(v)}' at '${key}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(", ")}]`,
    );
  }
  return v as T;
}

/** maxResults: 0 or absent means the default (100); 1-1000 is a page size; anything else is refused. */
export function maxResultsOf(body: Body): number {
  const raw = body.maxResults;
  if (raw === undefined || raw === null || raw === 0) return 100;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0 || raw > 1000) {
    throw invalid(
      `Value '${String(raw)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  return raw;
}

export function page<T>(items: T[], body: Body, what: string): { slice: T[]; nextToken?: string } {
  const max = maxResultsOf(body);
  let offset = 0;
  if (typeof body.nextToken === "string" && body.nextToken) {
    try {
      const t = JSON.parse(Buffer.from(body.nextToken, "base64url").toString("utf8")) as {
        o?: unknown;
        w?: unknown;
      };
      if (typeof t.o !== "number" || t.w !== what) throw new Error("bad");
      offset = t.o;
    } catch {
      throw new ApiError("InvalidToken", "Invalid Token: 'nextToken'");
    }
  }
  const slice = items.slice(offset, offset + max);
  const next =
    offset + max < items.length
      ? Buffer.from(JSON.stringify({ o: offset + max, w: what })).toString("base64url")
      : undefined;
  return next ? { slice, nextToken: next } : { slice };
}
