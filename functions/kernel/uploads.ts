// Domain rule (pure): which files the platform accepts for upload — demand attachments (需求附件) and milestone
// evidence (里程碑佐证材料) alike: the content types and the size limit, checked before any presigned URL is issued.
import { businessRuleError } from "./errors.ts";

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

/** Refuses (422, `<WHAT>_TYPE_NOT_ALLOWED` / `<WHAT>_TOO_LARGE` on body.contentType / body.sizeBytes) a file the platform does not take. */
export function assertUploadAllowed(
  what: keyof typeof uploadNames,
  request: { readonly contentType: string; readonly sizeBytes: number },
): void {
  const name = uploadNames[what];
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
