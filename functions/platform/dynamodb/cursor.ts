// Adapter: opaque page cursors (a DynamoDB LastEvaluatedKey as base64url JSON), validated when read back.
import { validationError } from "../../kernel/errors.ts";

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === "string")
    ) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw validationError("INVALID_CURSOR", "The page cursor is not one this API issued", "分页游标无效", [
    { path: "query.cursor", message: "not a cursor issued by this API", messageZh: "不是本接口签发的游标" },
  ]);
}
