// Embedded runtime: the S3-API server (s3rver) persisting under .data/s3, with the evidence and audit buckets.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import S3rver from "s3rver";
import { loopback } from "./net.ts";

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Browsers upload evidence straight to the bucket through presigned URLs, so the buckets allow cross-origin PUT. */
const corsForPresignedUploads = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startS3(dataDir: string, buckets: readonly string[], port = 0): Promise<LocalS3> {
  const directory = join(dataDir, "s3");
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: loopback,
    port,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [corsForPresignedUploads] })),
  });
  const address = await server.run();
  return {
    endpoint: `http://${loopback}:${address.port}`,
    stop: () => server.close(),
  };
}
