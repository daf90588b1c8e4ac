// Unit: the local S3 endpoint's checks (local/s3-signature.ts) against requests the AWS SDK signs — commands signed
// in the Authorization header and presigned URLs pass; unsigned, wrongly signed, altered, stale or expired requests
// are refused with S3's codes, and a body that is not the signed or declared one is refused.
import { createHash } from "node:crypto";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { localRegion } from "../../../local/functions.ts";
import { type S3Request, verifyS3Request } from "../../../local/s3-signature.ts";
import { localServiceCredentials } from "../../../local/sigv4.ts";

const endpoint = "http://127.0.0.1:4569";
const now = Date.parse("2026-01-05T08:00:00Z");
const bucket = "jiebang-local-evidence";

/** RFC 3986, as the SDK's HTTP handler writes the query. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Wire = {
  method: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
};

/** The request an S3Client would send for `command`, signed at `at`, as it arrives (URL still encoded). */
type Command = GetObjectCommand | PutObjectCommand | ListObjectsV2Command;

async function sent(
  command: Command,
  options: {
    at?: number;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    region?: string;
  } = {},
): Promise<S3Request> {
  let captured: Wire | undefined;
  const client = new S3Client({
    endpoint,
    region: options.region ?? localRegion,
    forcePathStyle: true,
    credentials: options.credentials ?? localServiceCredentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    systemClockOffset: (options.at ?? now) - Date.now(),
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: Wire) => {
        captured = request;
        throw new Error("captured");
      },
    } as unknown as S3ClientConfig["requestHandler"],
  });
  await client.send(command as never).catch(() => undefined);
  client.destroy();
  if (!captured) throw new Error("nothing sent");
  const query = Object.entries(captured.query)
    .flatMap(([k, v]) => (v === null ? [encode(k)] : [v].flat().map((x) => `${encode(k)}=${encode(x)}`)))
    .join("&");
  const headers = Object.fromEntries(Object.entries(captured.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const raw = captured.body;
  const body = raw === undefined ? Buffer.alloc(0) : Buffer.from(raw as string | Uint8Array);
  return { method: captured.method, url: query ? `${captured.path}?${query}` : captured.path, headers, body };
}

/** A presigned URL of the runtime's credentials, as a browser then sends it. */
async function presigned(
  command: GetObjectCommand | PutObjectCommand,
  body: Buffer,
  headers: Record<string, string>,
  options: { at?: number; expiresIn?: number; unhoistable?: string[] } = {},
): Promise<S3Request> {
  const client = new S3Client({
    endpoint,
    region: localRegion,
    forcePathStyle: true,
    credentials: localServiceCredentials,
  });
  const url = new URL(
    await getSignedUrl(client, command as never, {
      expiresIn: options.expiresIn ?? 900,
      signingDate: new Date(options.at ?? now),
      signableHeaders: new Set(["content-type", "content-length"]),
      unhoistableHeaders: new Set(options.unhoistable ?? []),
    }),
  );
  client.destroy();
  return {
    method: command instanceof GetObjectCommand ? "GET" : "PUT",
    url: `${url.pathname}${url.search}`,
    headers: { host: url.host, ...headers },
    body,
  };
}

const verify = (request: S3Request, at = now) =>
  verifyS3Request(request, localServiceCredentials, localRegion, at);
const codeOf = (request: S3Request, at = now) => {
  const verdict = verify(request, at);
  return verdict.ok ? "ok" : `${verdict.status} ${verdict.code}`;
};

const evidence = Buffer.from("%PDF-1.7 证明材料");
const checksum = createHash("sha256").update(evidence).digest("base64");
const uploadUrl = (at = now, expiresIn = 900) =>
  presigned(
    new PutObjectCommand({
      Bucket: bucket,
      Key: "projects/p 1/milestones/1/证明.pdf",
      ContentType: "application/pdf",
      ContentLength: evidence.length,
      ChecksumSHA256: checksum,
    }),
    evidence,
    {
      "content-type": "application/pdf",
      "content-length": String(evidence.length),
      "x-amz-checksum-sha256": checksum,
    },
    { at, expiresIn, unhoistable: ["x-amz-checksum-sha256"] },
  );

describe("the local S3 endpoint's signature check", () => {
  it("lets through what the SDK signs: commands in the Authorization header and presigned URLs", async () => {
    const commands: Command[] = [
      new PutObjectCommand({
        Bucket: bucket,
        Key: "reports/a b/审计.json",
        Body: "{}",
        ContentType: "application/json",
        ChecksumAlgorithm: "SHA256",
      }),
      new GetObjectCommand({ Bucket: bucket, Key: "sealed/projects/p-1/milestones/1/f (1)" }),
      new ListObjectsV2Command({ Bucket: bucket, Prefix: "projects/", MaxKeys: 10 }),
    ];
    for (const command of commands) expect(codeOf(await sent(command))).toBe("ok");
    expect(codeOf(await uploadUrl())).toBe("ok");
    const download = await presigned(
      new GetObjectCommand({
        Bucket: bucket,
        Key: "sealed/projects/p-1/x",
        ResponseContentDisposition: "attachment",
      }),
      Buffer.alloc(0),
      {},
    );
    expect(codeOf(download)).toBe("ok");
  });

  it("refuses unsigned requests, an unknown key, a wrong secret or region, and a changed request", async () => {
    const get = await sent(new GetObjectCommand({ Bucket: bucket, Key: "sealed/x" }));
    const { authorization: _gone, ...unsignedHeaders } = get.headers;
    expect(codeOf({ ...get, headers: unsignedHeaders })).toBe("403 AccessDenied");
    const other = {
      accessKeyId: "AKIDSOMEONEELSE",
      secretAccessKey: localServiceCredentials.secretAccessKey,
    };
    expect(
      codeOf(await sent(new GetObjectCommand({ Bucket: bucket, Key: "x" }), { credentials: other })),
    ).toBe("403 InvalidAccessKeyId");
    const guessed = { accessKeyId: localServiceCredentials.accessKeyId, secretAccessKey: "guessed" };
    expect(
      codeOf(await sent(new GetObjectCommand({ Bucket: bucket, Key: "x" }), { credentials: guessed })),
    ).toBe("403 SignatureDoesNotMatch");
    expect(
      codeOf(await sent(new GetObjectCommand({ Bucket: bucket, Key: "x" }), { region: "cn-north-1" })),
    ).toBe("403 SignatureDoesNotMatch");
    for (const changed of [
      { ...get, method: "DELETE" },
      { ...get, url: get.url.replace("sealed/x", "sealed/y") },
      { ...get, url: `${get.url}${get.url.includes("?") ? "&" : "?"}versionId=1` },
      { ...get, headers: { ...get.headers, host: "127.0.0.1:9999" } },
    ]) {
      expect(codeOf(changed)).toBe("403 SignatureDoesNotMatch");
    }
    // An x-amz-* header the signature does not cover.
    expect(codeOf({ ...get, headers: { ...get.headers, "x-amz-meta-note": "added" } })).toBe(
      "403 AccessDenied",
    );

    const upload = await uploadUrl();
    const url = new URL(upload.url, endpoint);
    const withParam = (name: string, value: string) => {
      const changed = new URL(url);
      changed.searchParams.set(name, value);
      return { ...upload, url: `${changed.pathname}${changed.search}` };
    };
    expect(codeOf(withParam("X-Amz-Expires", "3600"))).toBe("403 SignatureDoesNotMatch");
    expect(codeOf(withParam("X-Amz-Signature", "0".repeat(64)))).toBe("403 SignatureDoesNotMatch");
    expect(codeOf({ ...upload, method: "POST" })).toBe("403 SignatureDoesNotMatch");
    expect(codeOf({ ...upload, headers: { ...upload.headers, "content-type": "image/png" } })).toBe(
      "403 SignatureDoesNotMatch",
    );
    const { "x-amz-checksum-sha256": _dropped, ...noChecksum } = upload.headers;
    expect(codeOf({ ...upload, headers: noChecksum })).toBe("403 SignatureDoesNotMatch");
    expect(codeOf({ ...upload, url: upload.url.replace(/[?&]X-Amz-Signature=[^&]*/, "") })).toBe(
      "403 SignatureDoesNotMatch",
    );
  });

  it("refuses a header signature more than 15 minutes off, and an expired or not yet valid URL", async () => {
    const get = await sent(new GetObjectCommand({ Bucket: bucket, Key: "x" }));
    expect(codeOf(get, now + 14 * 60_000)).toBe("ok");
    expect(codeOf(get, now + 16 * 60_000)).toBe("403 RequestTimeTooSkewed");
    expect(codeOf(get, now - 16 * 60_000)).toBe("403 RequestTimeTooSkewed");
    const upload = await uploadUrl(now, 60);
    expect(codeOf(upload, now + 59_000)).toBe("ok");
    const expired = verify(upload, now + 61_000);
    expect(expired).toMatchObject({ ok: false, status: 403, code: "AccessDenied" });
    expect(expired.ok ? "" : expired.message).toMatch(/expired/);
    expect(codeOf(upload, now - 20 * 60_000)).toBe("403 AccessDenied");
    expect(codeOf(await uploadUrl(now, 604_800), now + 604_000_000)).toBe("ok");
  });

  it("refuses a body other than the one signed or declared: payload hash, SHA-256 checksum, MD5, length", async () => {
    const put = await sent(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "reports/r.json",
        Body: '{"a":1}',
        ChecksumAlgorithm: "SHA256",
      }),
    );
    expect(codeOf({ ...put, body: Buffer.from('{"a":2}') })).toBe("400 XAmzContentSHA256Mismatch");
    const upload = await uploadUrl();
    const forged = Buffer.alloc(evidence.length, "X");
    expect(codeOf({ ...upload, body: forged })).toBe("400 BadDigest");
    expect(codeOf({ ...upload, body: evidence.subarray(1) })).toBe("400 IncompleteBody");
    expect(
      codeOf({ ...upload, headers: { ...upload.headers, "x-amz-checksum-sha256": "not base64!" } }),
    ).toBe("403 SignatureDoesNotMatch");
    const md5 = await sent(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "reports/m.json",
        Body: "{}",
        ContentMD5: createHash("md5").update("[]").digest("base64"),
      }),
    );
    expect(codeOf(md5)).toBe("400 BadDigest");
  });
});
