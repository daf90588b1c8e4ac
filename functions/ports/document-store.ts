// Port: the evidence store (S3). Uploads go straight from the browser through presigned URLs.

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
  presignUpload(
    key: string,
    contentType: string,
    sizeBytes: number,
    expiresInSeconds: number,
  ): Promise<UploadSlot>;
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
  /** Reads the object and hashes it; undefined when there is no such object. */
  inspect(key: string): Promise<StoredObject | undefined>;
}
