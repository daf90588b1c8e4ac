// Shared: the one error map of the HTTP layer. Every error a client can see becomes
// { code, message, messageZh, fields? } with a fixed status; anything unexpected is a 500 with no details.
import { DomainError } from "../../kernel/errors.ts";

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  readonly messageZh: string;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly messageZh: string;
  readonly fields?: readonly FieldProblem[];
}

/** An error with an HTTP status, for what is not a domain rule (authentication, routing, payload framing). */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly fields?: readonly FieldProblem[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const httpErrors = {
  unauthenticated: () =>
    new HttpError(
      401,
      "UNAUTHENTICATED",
      "A valid bearer token is required",
      "需要有效的身份令牌",
      undefined,
      {
        "www-authenticate": 'Bearer realm="jiebang"',
      },
    ),
  forbiddenRole: (roles: readonly string[]) =>
    new HttpError(
      403,
      "FORBIDDEN_ROLE",
      `This action needs one of the roles: ${roles.join(", ")}`,
      `此操作需要以下角色之一：${roles.join("、")}`,
    ),
  /** An IAM route (catalog auth `iam`) reached without a verified AWS signature. */
  signatureRequired: () =>
    new HttpError(
      403,
      "SIGNATURE_REQUIRED",
      "This route is for a machine caller signing with AWS Signature Version 4",
      "此接口仅供以 AWS 签名（SigV4）认证的系统调用",
    ),
  forbiddenRecord: () =>
    new HttpError(403, "FORBIDDEN_RECORD", "This record belongs to someone else", "无权访问他人的记录"),
  notFound: (what: string, whatZh: string) =>
    new HttpError(404, "NOT_FOUND", `${what} not found`, `${whatZh}不存在`),
  routeNotFound: () => new HttpError(404, "ROUTE_NOT_FOUND", "No such route", "接口不存在"),
  methodNotAllowed: () => new HttpError(405, "METHOD_NOT_ALLOWED", "Method not allowed", "不支持该请求方法"),
  versionConflict: (current: number) =>
    new HttpError(
      409,
      "VERSION_CONFLICT",
      `The record changed meanwhile (current version ${current}); reload and retry`,
      `记录已被修改（当前版本 ${current}），请刷新后重试`,
    ),
  payloadTooLarge: (limit: number) =>
    new HttpError(413, "PAYLOAD_TOO_LARGE", `Body larger than ${limit} bytes`, `请求体超过 ${limit} 字节`),
  unsupportedMediaType: () =>
    new HttpError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Body must be application/json",
      "请求体必须是 application/json",
    ),
  malformedJson: () =>
    new HttpError(400, "MALFORMED_JSON", "Body is not valid JSON", "请求体不是合法的 JSON"),
};

const statusOfKind: Record<DomainError["kind"], number> = {
  validation: 400,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "business-rule": 422,
};

/** Maps any thrown value to a status and a body. Unknown errors never leak their message. */
export function toErrorResponse(error: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Readonly<Record<string, string>>;
} {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: withFields(error.code, error.message, error.messageZh, error.fields),
      ...(error.headers ? { headers: error.headers } : {}),
    };
  }
  if (error instanceof DomainError) {
    return {
      status: statusOfKind[error.kind] ?? 422,
      body: withFields(error.code, error.message, error.messageZh, error.fields),
    };
  }
  return {
    status: 500,
    body: {
      code: "INTERNAL",
      message: "Internal error; it has been logged",
      messageZh: "服务器内部错误，已记录",
    },
  };
}

function withFields(
  code: string,
  message: string,
  messageZh: string,
  fields: readonly FieldProblem[] | undefined,
): ErrorBody {
  return fields && fields.length > 0 ? { code, message, messageZh, fields } : { code, message, messageZh };
}
