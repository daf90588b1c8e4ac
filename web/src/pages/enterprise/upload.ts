// Workbench (enterprise): a file's way to the evidence store — its SHA-256 computed in the browser (crypto.subtle), a
// slot reserved by the API (which signs the declared length and checksum into a presigned URL), then the bytes PUT
// straight to that URL with the headers the API named (content-type, x-amz-checksum-sha256), progress reported.

/** Lower-case hex SHA-256 of the file's bytes. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** What the API declares of a file before it issues an upload URL. */
export async function declared(file: File) {
  return {
    fileName: file.name,
    contentType: file.type || "application/octet-stream",
    sizeBytes: file.size,
    sha256: await sha256Hex(file),
  };
}

export interface UploadSlot {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** An upload the store refused (another length or checksum than signed, an expired URL). */
export class UploadError extends Error {
  constructor(readonly status: number) {
    super(`upload refused: HTTP ${status}`);
  }
}

/**
 * PUTs the file to its presigned URL with exactly the headers the API named (the browser adds Content-Length), calling
 * `progress(0..100)` as bytes go out; XMLHttpRequest because fetch reports no upload progress.
 */
export function putFile(slot: UploadSlot, file: Blob, progress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", slot.url);
    for (const [name, value] of Object.entries(slot.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) progress(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(100);
        resolve();
      } else reject(new UploadError(xhr.status));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.send(file);
  });
}

/** Integer fen from a yuan amount typed as text ("1,234.5" → 123450); undefined when it is not one. */
export function fenOf(text: string | number | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text).replace(/[,\s¥]/g, "");
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** Fen as the yuan text a form shows for editing ("123450" → "1234.50"). */
export function yuanText(fen: number | undefined): string | undefined {
  if (fen === undefined) return undefined;
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
