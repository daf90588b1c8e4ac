// Use case support (write-once uploads): sealing a verified upload — milestone evidence (project-evidence.ts) and
// demand attachments (demands.ts) alike. The browser uploads to a staging key through a presigned PUT URL that stays
// valid for a while; once the upload matches its declared size and SHA-256 it is copied (server side, write-once) to
// `sealed/…`, a key no presigned URL is ever issued for, and the sealed copy is hashed again. From then on records,
// downloads and audit reports use the sealed copy, so a later PUT to the same URL changes nothing recorded.
import { type DocumentStore, sealedEvidencePrefix } from "./document-store.ts";

export type SealOutcome =
  | { readonly ok: true; readonly sealedKey: string }
  | { readonly ok: false; readonly problem: "missing" | "mismatch" };

/** What is sealed: the staging key, the declared size and hash, and the sealed key once recorded. */
export interface SealableUpload {
  readonly key: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly sealedKey?: string;
}

/** The write-once key an upload is sealed under: its staging key under `sealed/`. */
export const sealedKeyOf = (key: string) => `${sealedEvidencePrefix}${key}`;

/**
 * Seals one upload and verifies the sealed copy against the declared size and SHA-256. An upload that does not match
 * is not sealed (it may be uploaded again while its URL lasts); one that matched but changed before the copy is caught
 * on the sealed copy (and stays unusable, since the sealed key is write-once). Safe to repeat: an existing sealed copy
 * is kept and hashed again.
 */
export async function sealUpload(
  documents: DocumentStore,
  upload: SealableUpload,
  sealedKey: string = upload.sealedKey ?? sealedKeyOf(upload.key),
): Promise<SealOutcome> {
  const matches = (o: { sizeBytes: number; sha256: string }) =>
    o.sizeBytes === upload.sizeBytes && o.sha256 === upload.sha256;
  const staged = upload.sealedKey ? undefined : await documents.inspect(upload.key);
  const stored =
    upload.sealedKey || (staged && matches(staged)) ? await documents.seal(upload.key, sealedKey) : staged;
  if (!stored) return { ok: false, problem: "missing" };
  if (!matches(stored)) return { ok: false, problem: "mismatch" };
  return { ok: true, sealedKey };
}
