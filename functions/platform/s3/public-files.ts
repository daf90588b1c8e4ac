// Adapter: the public files path as S3 objects (the console bucket's open-data/ prefix in AWS, served by its
// CloudFront distribution; the embedded runtime's public bucket locally, served by its gateway).
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { PublicFileStore } from "../ports/public-files.ts";
import { missing } from "./missing.ts";

export function s3PublicFileStore(client: S3Client, bucket: string): PublicFileStore {
  return {
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body?.transformToString("utf-8");
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async put(key, body, meta) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: meta.contentType,
          CacheControl: meta.cacheControl,
          ChecksumAlgorithm: "SHA256",
        }),
      );
    },
  };
}
