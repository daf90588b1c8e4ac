// Port: the evidence store (S3). Uploads go straight from the browser through presigned URLs bound to the declared bytes.

/**
 * Keys under this prefix hold sealed evidence: written once by the sealing function (catalog `sealsEvidence`), never
 * the key of a presigned upload; in AWS every other function is denied writes there (infra/constructs/catalog-function.ts).
 */
export const sealedEvidencePrefix = "sealed/";

/** What an upload URL is issued for: the key and what the client declared of the file. */
export interface DeclaredUpload {
  readonly key: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
}

export interface UploadSlot {
  readonly url: string;
  readonly method: "PUT";
  /** Headers the client must send with the upload (signed into the URL). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface StoredObject {
  readonly sizeBytes: number;
  readonly contentType?: string;
  /** Hex SHA-256 of the stored bytes, computed by reading the object. */
  readonly sha256: string;
}

export interface DocumentStore {
  /**
   * A PUT URL for `upload.key` that takes only the declared bytes: their length and SHA-256 are signed into it, so
   * the store refuses other bytes (and the client must send the checksum header it names).
   */
  presignUpload(upload: DeclaredUpload, expiresInSeconds: number): Promise<UploadSlot>;
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
  /** Reads the object and hashes it; undefined when there is no such object. */
  inspect(key: string): Promise<StoredObject | undefined>;
  /**
   * Seals an upload: a server-side copy of `from` to `to` unless `to` already exists (write-once: a sealed object is
   * never replaced), then reads and hashes `to` — the bytes that will be served and audited from then on. Undefined
   * when neither exists. `to` is a key no presigned URL is ever issued for, so once sealed nobody can change it.
   */
  seal(from: string, to: string): Promise<StoredObject | undefined>;
}
