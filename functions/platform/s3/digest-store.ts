// Adapter: the audit digests in the audit bucket (S3, Object Lock in compliance mode in AWS: a digest once written
// can be neither overwritten nor deleted for the retention period).
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type DigestStore, digestPrefix } from "../ports/audit-anchoring.ts";
import { missing } from "./missing.ts";

export function s3DigestStore(client: S3Client, bucket: string): DigestStore {
  return {
    async list() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: digestPrefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key?.endsWith(".json")) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
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
    async put(key, text) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: text,
          ContentType: "application/json; charset=utf-8",
          ChecksumAlgorithm: "SHA256",
        }),
      );
    },
  };
}
