// Unit tests of the upload rule (functions/kernel/uploads.ts): one rule for demand attachments and milestone evidence —
// the file's name (no control characters, path parts, markup or reserved characters), its type and its size.
import { describe, expect, it } from "vitest";
import { assertUploadAllowed, maxUploadBytes } from "../../../functions/kernel/uploads.ts";

const file = (fileName: string, more: Partial<{ contentType: string; sizeBytes: number }> = {}) => ({
  fileName,
  contentType: "application/pdf",
  sizeBytes: 1024,
  ...more,
});

describe("assertUploadAllowed", () => {
  it("takes ordinary names, Chinese ones included, for attachments and evidence alike", () => {
    for (const what of ["attachment", "evidence"] as const) {
      for (const name of [
        "报告.pdf",
        "R&D plan v2.docx",
        "里程碑一 验收材料（终稿）.pdf",
        "a.b.c.zip",
        "O'Brien.png",
      ]) {
        expect(() => assertUploadAllowed(what, file(name)), `${what} ${name}`).not.toThrow();
      }
    }
  });

  it("refuses the same names for attachments and evidence: NUL and control characters, path parts, markup", () => {
    const refused = [
      "a\u0000.pdf",
      "a\nb.pdf",
      "../../etc/passwd",
      "..",
      ".",
      "dir/a.pdf",
      "dir\\a.pdf",
      "<script>alert(1)</script>.pdf",
      '<img src=x onerror="x">.png',
      "report\u202Efdp.exe",
      "a:b.pdf",
      "a|b.pdf",
      "a?.pdf",
      "a*.pdf",
      " leading.pdf",
      "trailing.pdf ",
      "",
      "x".repeat(256),
    ];
    for (const [what, code] of [
      ["attachment", "ATTACHMENT_FILE_NAME_NOT_ALLOWED"],
      ["evidence", "EVIDENCE_FILE_NAME_NOT_ALLOWED"],
    ] as const) {
      for (const name of refused) {
        expect(() => assertUploadAllowed(what, file(name)), `${what} ${JSON.stringify(name)}`).toThrow(
          expect.objectContaining({
            code,
            kind: "validation",
            fields: [expect.objectContaining({ path: "body.fileName", messageZh: expect.any(String) })],
          }),
        );
      }
    }
  });

  it("refuses other types and files over the limit (422)", () => {
    expect(() =>
      assertUploadAllowed("evidence", file("a.exe", { contentType: "application/x-msdownload" })),
    ).toThrow(expect.objectContaining({ code: "EVIDENCE_TYPE_NOT_ALLOWED", kind: "business-rule" }));
    expect(() => assertUploadAllowed("attachment", file("a.pdf", { sizeBytes: maxUploadBytes + 1 }))).toThrow(
      expect.objectContaining({ code: "ATTACHMENT_TOO_LARGE", kind: "business-rule" }),
    );
  });
});
