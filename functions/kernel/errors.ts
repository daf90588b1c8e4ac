// Kernel: the error type every rule throws, mapped by the HTTP layer to a status.
import { en } from "zod/locales";
import * as z from "zod/mini";

// zod/mini installs no locale: zod's English messages (each issue's `message`), as zod classic gives them.
z.config(en());

/** How the HTTP layer maps a domain error: validation→400, business-rule→422, conflict→409, not-found→404, forbidden→403. */
export type DomainErrorKind = "validation" | "business-rule" | "conflict" | "not-found" | "forbidden";

/** One field that failed, named by its path (e.g. `team.2.birthDate`), with the reason in English and Chinese. */
export interface FieldIssue {
  path: string;
  message: string;
  messageZh: string;
}

export interface DomainErrorInit {
  code: string;
  message: string;
  messageZh: string;
  kind: DomainErrorKind;
  fields?: FieldIssue[];
}

/** A broken domain rule: a stable `code` (e.g. `GRANT_EXCEEDS_CAP`), English `message`, Chinese `messageZh`. */
export class DomainError extends Error {
  readonly code: string;
  readonly messageZh: string;
  readonly kind: DomainErrorKind;
  readonly fields?: FieldIssue[];

  constructor(init: DomainErrorInit) {
    super(init.message);
    this.name = "DomainError";
    this.code = init.code;
    this.messageZh = init.messageZh;
    this.kind = init.kind;
    if (init.fields !== undefined) this.fields = init.fields;
  }

  /** The JSON body the HTTP layer returns. */
  toJSON(): {
    code: string;
    kind: DomainErrorKind;
    message: string;
    messageZh: string;
    fields?: FieldIssue[];
  } {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      messageZh: this.messageZh,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** Shorthand constructors, one per kind. */
export const validationError = (code: string, message: string, messageZh: string, fields?: FieldIssue[]) =>
  new DomainError({ code, message, messageZh, kind: "validation", ...(fields ? { fields } : {}) });
export const businessRuleError = (code: string, message: string, messageZh: string, fields?: FieldIssue[]) =>
  new DomainError({ code, message, messageZh, kind: "business-rule", ...(fields ? { fields } : {}) });
export const conflictError = (code: string, message: string, messageZh: string) =>
  new DomainError({ code, message, messageZh, kind: "conflict" });
export const notFoundError = (code: string, message: string, messageZh: string) =>
  new DomainError({ code, message, messageZh, kind: "not-found" });
export const forbiddenError = (code: string, message: string, messageZh: string) =>
  new DomainError({ code, message, messageZh, kind: "forbidden" });

/** A zod issue path as a dotted string; the root is `(root)`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map((p) => String(p)).join(".");
}

/** The Chinese reason for a zod issue (zod's own message is the English one). */
function issueMessageZh(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      // zod leaves `input` out of issues unless asked; its message says "received undefined" for a missing field.
      return /received undefined$/.test(issue.message) ? "必填项缺失" : `类型错误，应为 ${issue.expected}`;
    case "too_small":
      return `取值过小（最小 ${String(issue.minimum)}）`;
    case "too_big":
      return `取值过大（最大 ${String(issue.maximum)}）`;
    case "invalid_format":
      return `格式错误（应为 ${issue.format}）`;
    case "invalid_value":
      return `取值不在允许范围内（${issue.values.map((v) => String(v)).join("、")}）`;
    case "unrecognized_keys":
      return `不认识的字段：${issue.keys.join("、")}`;
    case "not_multiple_of":
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case "invalid_union":
      return "不符合任何一种允许的形式";
    case "custom":
      return typeof issue.params?.["messageZh"] === "string" ? issue.params["messageZh"] : "取值不符合规则";
    default:
      return "取值无效";
  }
}

/** Turn a zod error into a validation DomainError listing every failing field. */
export function fromZodError(error: z.core.$ZodError, code = "VALIDATION_FAILED"): DomainError {
  const fields = error.issues.map((issue) => ({
    path: issuePath(issue.path),
    message: issue.message,
    messageZh: issueMessageZh(issue),
  }));
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  const summaryZh = fields.map((f) => `${f.path}：${f.messageZh}`).join("；");
  return new DomainError({
    code,
    kind: "validation",
    message: `invalid input: ${summary}`,
    messageZh: `输入无效：${summaryZh}`,
    fields,
  });
}

/** Parse with a zod schema, throwing a validation DomainError (with field paths) on failure. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, input: unknown, code?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, code);
  return result.data;
}
