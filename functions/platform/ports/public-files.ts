// Port: the public files path (公开文件) — objects anyone may read through the console's distribution (AWS) or the
// embedded runtime's gateway; the system writes them whole (an S3 PUT is atomic: a reader sees the old or the new).

export interface PublicFileStore {
  /** The stored text, or undefined when there is no such object. */
  read(key: string): Promise<string | undefined>;
  /** Writes (or replaces) the object whole, with how long a reader or CDN may cache it. */
  put(key: string, body: string, meta: { contentType: string; cacheControl: string }): Promise<void>;
}
