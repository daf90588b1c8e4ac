// Adapter: the evidence bucket as a DocumentStore: presigned uploads/downloads and hash checks of stored objects.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Clock } from "../../ports/clock.ts";
import type { DocumentStore } from "../../ports/document-store.ts";

export function s3DocumentStore(client: S3Client, bucket: string, clock: Clock): DocumentStore {
  return {
    async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: sizeBytes,
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(["content-type", "content-length"]),
      });
      return {
        url,
        method: "PUT",
        headers: { "content-type": contentType },
        expiresAt: new Date(clock.now().getTime() + expiresInSeconds * 1000).toISOString(),
      };
    },
    presignDownload(key, expiresInSeconds) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      });
    },
    async inspect(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const hash = createHash("sha256");
        let sizeBytes = 0;
        for await (const chunk of object.Body as Readable) {
          const buffer = chunk as Buffer;
          sizeBytes += buffer.length;
          hash.update(buffer);
        }
        return {
          sizeBytes,
          sha256: hash.digest("hex"),
          ...(object.ContentType ? { contentType: object.ContentType } : {}),
        };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        if (
          error instanceof S3ServiceException &&
          (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)
        ) {
          return undefined;
        }
        throw error;
      }
    },
  };
}
