// Type declarations for s3rver 3.7 (the S3-API server of the embedded runtime), limited to what local/s3.ts uses.
declare module "s3rver" {
  import type { Server } from "node:http";
  import type { AddressInfo } from "node:net";

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    /** Creates the configured buckets and their configurations (run() does it before listening). */
    configureBuckets(): Promise<void>;
    /** Serves on a new HTTP server with Node's listen arguments (a port and address, or a Unix socket path). */
    listen(path: string): Promise<Server>;
    close(): Promise<void>;
  }
}
