// Adapter: the audit bucket as a ReportStore: write-once report objects (a SHA-256 checksum sent for Object Lock).
import { createHash } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ReportStore } from "../ports/report-store.ts";
import { missing } from "./missing.ts";

export function s3ReportStore(client: S3Client, bucket: string): ReportStore {
  return {
    async putOnce(key, body, contentType) {
      const sha256 = createHash("sha256").update(body).digest("hex");
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { sha256, written: false };
      } catch (error) {
        if (!missing(error)) throw error;
      }
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ChecksumAlgorithm: "SHA256",
        }),
      );
      return { sha256, written: true };
    },
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body?.transformToString("utf-8");
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
  };
}
