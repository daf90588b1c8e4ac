// Adapter: the evidence bucket as a DocumentStore: presigned uploads bound to the declared length and SHA-256,
// presigned downloads, hash checks of stored objects, and sealing (a write-once server-side copy of a verified upload
// to a key no presigned URL addresses).
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Clock } from "../ports/clock.ts";
import { type DocumentStore, sealedEvidencePrefix } from "../ports/document-store.ts";
import { missing } from "./missing.ts";

/** S3 refused a conditional write because the key exists (412) or a concurrent write to it is under way (409). */
const alreadyWritten = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409);

export function s3DocumentStore(client: S3Client, bucket: string, clock: Clock): DocumentStore {
  async function inspect(key: string) {
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
      if (missing(error)) return undefined;
      throw error;
    }
  }
  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (missing(error)) return false;
      throw error;
    }
  }
  return {
    async presignUpload(upload, expiresInSeconds) {
      // Sealed keys are write-once: no URL is ever signed for one, even by a function allowed to seal.
      if (upload.key.startsWith(sealedEvidencePrefix))
        throw new Error(`no upload URL for a sealed key: ${upload.key}`);
      if (!/^[0-9a-f]{64}$/.test(upload.sha256)) throw new Error(`not a hex SHA-256: ${upload.sha256}`);
      // S3 checks the body against x-amz-checksum-sha256 (base64 of the digest); signed as a header, not hoisted
      // into the query where S3 would not check it, and with Content-Length: S3 refuses any other bytes.
      const checksum = Buffer.from(upload.sha256, "hex").toString("base64");
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: upload.key,
        ContentType: upload.contentType,
        ContentLength: upload.sizeBytes,
        ChecksumSHA256: checksum,
      });
      const url = await getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(["content-type", "content-length"]),
        unhoistableHeaders: new Set(["x-amz-checksum-sha256"]),
      });
      return {
        url,
        method: "PUT",
        headers: { "content-type": upload.contentType, "x-amz-checksum-sha256": checksum },
        expiresAt: new Date(clock.now().getTime() + expiresInSeconds * 1000).toISOString(),
      };
    },
    presignDownload(key, expiresInSeconds) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      });
    },
    inspect,
    async seal(from, to) {
      if (!(await exists(to))) {
        try {
          // IfNoneMatch makes the copy itself write-once in S3; s3rver ignores it (the HEAD above covers the
          // embedded runtime, where sealed keys are written by the project-tasks function, one execution at a time,
          // and by demand submission, one attachment key per demand).
          await client.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: to,
              CopySource: `${bucket}/${from.split("/").map(encodeURIComponent).join("/")}`,
              IfNoneMatch: "*",
            }),
          );
        } catch (error) {
          if (missing(error)) return undefined;
          if (!alreadyWritten(error)) throw error;
        }
      }
      return inspect(to);
    },
  };
}
