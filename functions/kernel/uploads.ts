// Domain rule (pure): which files the platform accepts for upload — demand attachments (需求附件) and milestone
// evidence (里程碑佐证材料) alike: the file's name, the content types and the size limit, checked before any presigned
// URL is issued.
import { businessRuleError, validationError } from "./errors.ts";

/** Accepted content types, with the short name shown to users. */
export const uploadTypes = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "application/zip": "zip",
} as const;
export const maxUploadBytes = 50 * 1024 * 1024;

/**
 * What the upload is, for error codes and messages: a demand's attachment (ATTACHMENT_…, 附件) or a milestone's
 * evidence file (EVIDENCE_…, 文件).
 */
const uploadNames = {
  attachment: { code: "ATTACHMENT", zh: "附件" },
  evidence: { code: "EVIDENCE", zh: "文件" },
} as const;

/** Longest file name (in characters). */
export const maxFileNameLength = 255;

/**
 * A file name is shown to staff, listed in audit reports (HTML among them) and given back on download: no control
 * characters (NUL included) or bidirectional overrides (which disguise an extension), no path (`/`, `\`, a name of dots
 * only), no markup (`<`, `>`, `"`) and none of the characters Windows reserves (`:`, `*`, `?`, `|`), no space at
 * either end.
 */
const refusedInFileName = /[\p{Cc}\u202a-\u202e\u2066-\u2069/\\<>":*?|]/u;

function fileNameAllowed(fileName: string): boolean {
  return (
    fileName.length > 0 &&
    fileName.length <= maxFileNameLength &&
    fileName.trim() === fileName &&
    !/^\.+$/.test(fileName) &&
    !refusedInFileName.test(fileName)
  );
}

/**
 * Refuses a file the platform does not take: a name it does not take (400 `<WHAT>_FILE_NAME_NOT_ALLOWED` on
 * body.fileName), another type or a larger file (422 `<WHAT>_TYPE_NOT_ALLOWED` / `<WHAT>_TOO_LARGE` on
 * body.contentType / body.sizeBytes).
 */
export function assertUploadAllowed(
  what: keyof typeof uploadNames,
  request: { readonly fileName: string; readonly contentType: string; readonly sizeBytes: number },
): void {
  const name = uploadNames[what];
  if (!fileNameAllowed(request.fileName)) {
    throw validationError(
      `${name.code}_FILE_NAME_NOT_ALLOWED`,
      "A file name may not hold control characters, a path, markup or the characters : * ? |",
      `${name.zh}名称不能包含控制字符、路径、标记或 : * ? | 等字符`,
      [
        {
          path: "body.fileName",
          message: `1 to ${maxFileNameLength} characters, no control characters, / \\ < > " : * ? |, not only dots, no space at either end`,
          messageZh: `1 至 ${maxFileNameLength} 个字符，不含控制字符及 / \\ < > " : * ? |，不能只有点，首尾不能有空格`,
        },
      ],
    );
  }
  if (!(request.contentType in uploadTypes)) {
    throw businessRuleError(
      `${name.code}_TYPE_NOT_ALLOWED`,
      `File type ${request.contentType} is not accepted`,
      `不接受 ${request.contentType} 类型的文件`,
      [
        {
          path: "body.contentType",
          message: `allowed: ${Object.keys(uploadTypes).join(", ")}`,
          messageZh: `允许的类型：${Object.values(uploadTypes).join("、")}`,
        },
      ],
    );
  }
  if (request.sizeBytes > maxUploadBytes) {
    throw businessRuleError(
      `${name.code}_TOO_LARGE`,
      `Files are limited to ${maxUploadBytes} bytes`,
      `${name.zh}不能超过 ${maxUploadBytes} 字节`,
      [
        {
          path: "body.sizeBytes",
          message: `at most ${maxUploadBytes}`,
          messageZh: `最大 ${maxUploadBytes}`,
        },
      ],
    );
  }
}
