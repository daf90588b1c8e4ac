// Adapter (HTTP) helpers shared by the selection routes: the caller as an actor, the If-Match version, the ETag.
import { DomainError } from "../../kernel/errors.ts";
import { httpErrors } from "./errors.ts";
import type { HttpRequest, Principal } from "./frame.ts";

/** Expected version from the If-Match header (`"3"` or `3`): required on edits so a stale client gets 409. */
export function ifMatch(
  request: HttpRequest<unknown, unknown, unknown>,
  required: boolean,
): number | undefined {
  const raw = request.headers["if-match"];
  if (!raw) {
    if (!required) return undefined;
    throw new DomainError({
      code: "IF_MATCH_REQUIRED",
      kind: "validation",
      message: "Send the version you edited in the If-Match header",
      messageZh: "请在 If-Match 请求头中提供所修改记录的版本号",
      fields: [{ path: "headers.if-match", message: "required", messageZh: "必填" }],
    });
  }
  const version = Number(raw.replace(/^W\//, "").replace(/"/g, ""));
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new DomainError({
      code: "IF_MATCH_INVALID",
      kind: "validation",
      message: "If-Match must be a record version",
      messageZh: "If-Match 必须是记录版本号",
      fields: [{ path: "headers.if-match", message: "not a version number", messageZh: "不是版本号" }],
    });
  }
  return version;
}

export function actor(principal: Principal | undefined): Principal {
  if (!principal) throw httpErrors.unauthenticated();
  return principal;
}

export const etag = (version: number) => ({ etag: `"${version}"` });
