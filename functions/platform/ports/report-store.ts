// Port: the audit bucket (S3, Object Lock) where the system writes audit reports — JSON for machines, HTML for people.

export interface ReportStore {
  /** Writes an object under `key` unless one is there already (reports are written once); returns its SHA-256. */
  putOnce(key: string, body: string, contentType: string): Promise<{ sha256: string; written: boolean }>;
  /** The stored text, or undefined when there is no such object. */
  read(key: string): Promise<string | undefined>;
}
