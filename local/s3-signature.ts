// Embedded runtime: what S3 checks before it touches an object, for the local S3 endpoint (local/s3.ts) — the AWS
// Signature Version 4 of the request (Authorization header or presigned query: the credential, its scope, the time or
// expiry, every signed header, the canonical request recomputed with the secret), then the body against what was
// signed or declared (x-amz-content-sha256, Content-MD5, x-amz-checksum-sha256, Content-Length). Refusals carry S3's
// status and error code. The credentials are the runtime's own (local/sigv4.ts), fixed and public: local use only.
import { createHash, createHmac } from "node:crypto";
import type { MachineCredentials } from "../functions/platform/http/sigv4.ts";
import { sameText } from "./sigv4.ts";

export type S3Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export interface S3Request {
  readonly method: string;
  /** The request target as received: path and query, still URI-encoded. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const algorithm = "AWS4-HMAC-SHA256";
/** S3 refuses a request signed more than 15 minutes off (real time, not the controllable clock). */
const maxSkewMs = 15 * 60 * 1000;
/** The longest a presigned URL may last: 7 days. */
const maxExpiresSeconds = 604_800;
const unsignedPayload = "UNSIGNED-PAYLOAD";

const refuse = (status: number, code: string, message: string): S3Verdict => ({
  ok: false,
  status,
  code,
  message,
});
const accessDenied = (message = "Access Denied") => refuse(403, "AccessDenied", message);
const mismatch = () =>
  refuse(
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
  );

/** RFC 3986 encoding, as SigV4 canonicalises names and values. */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The query's pairs, decoded (`+` is a plus sign, as SigV4 signers encode spaces as %20). */
function queryPairs(query: string): [string, string][] | undefined {
  try {
    return query
      .split("&")
      .filter((part) => part !== "")
      .map((part) => {
        const at = part.indexOf("=");
        const [name, value] = at < 0 ? [part, ""] : [part.slice(0, at), part.slice(at + 1)];
        return [decodeURIComponent(name), decodeURIComponent(value)];
      });
  } catch {
    return undefined;
  }
}

function canonicalQuery(pairs: readonly [string, string][]): string {
  return pairs
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data);
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

function signature(secret: string, scope: readonly string[], stringToSign: string): string {
  let key: Buffer = hmac(`AWS4${secret}`, scope[0] as string);
  for (const part of scope.slice(1)) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** x-amz-date (or X-Amz-Date) as an instant; undefined unless it is `YYYYMMDDTHHMMSSZ`. */
function instantOf(amzDate: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/** Whether `value` is the base64 of a digest of `bytes` bytes. */
const base64Digest = (value: string, bytes: number) =>
  /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === bytes;

/**
 * Verifies a request to the local S3 endpoint as S3 would, with the only credentials it knows, for `region`. The
 * caller lets CORS preflights (OPTIONS) through unsigned, as S3 does.
 */
export function verifyS3Request(
  request: S3Request,
  credentials: MachineCredentials,
  region: string,
  now: number = Date.now(),
): S3Verdict {
  const at = request.url.indexOf("?");
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const pairs = queryPairs(at < 0 ? "" : request.url.slice(at + 1));
  if (!pairs) return refuse(400, "InvalidArgument", "The query string is not valid URI encoding");
  const query = new Map(pairs);
  const authorization = request.headers["authorization"];
  const presigned = query.has("X-Amz-Algorithm") || query.has("X-Amz-Signature");
  if (authorization !== undefined && presigned)
    return refuse(400, "InvalidArgument", "Only one auth mechanism allowed");
  if (authorization === undefined && !presigned) {
    if (query.has("Signature") || query.has("AWSAccessKeyId"))
      return accessDenied("Only AWS Signature Version 4 is accepted");
    return accessDenied();
  }

  let credential: string;
  let signedHeaderList: string;
  let provided: string;
  let amzDate: string;
  if (presigned) {
    if (query.get("X-Amz-Algorithm") !== algorithm)
      return accessDenied("Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted");
    credential = query.get("X-Amz-Credential") ?? "";
    signedHeaderList = query.get("X-Amz-SignedHeaders") ?? "";
    provided = query.get("X-Amz-Signature") ?? "";
    amzDate = query.get("X-Amz-Date") ?? "";
  } else {
    const parsed =
      /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
        (authorization as string).trim(),
      );
    if (!parsed) return accessDenied("Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted");
    [, credential, signedHeaderList, provided] = parsed as unknown as [string, string, string, string];
    amzDate = request.headers["x-amz-date"] ?? "";
  }

  const [accessKeyId, ...scope] = credential.split("/");
  if (accessKeyId !== credentials.accessKeyId)
    return refuse(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
    );
  const signedAt = instantOf(amzDate);
  if (
    signedAt === undefined ||
    scope.length !== 4 ||
    scope[0] !== amzDate.slice(0, 8) ||
    scope[1] !== region ||
    scope[2] !== "s3" ||
    scope[3] !== "aws4_request"
  )
    return mismatch();
  if (presigned) {
    const expires = query.get("X-Amz-Expires") ?? "";
    if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > maxExpiresSeconds)
      return accessDenied("X-Amz-Expires must be between 1 and 604800 seconds");
    if (now > signedAt + Number(expires) * 1000) return accessDenied("Request has expired");
    if (signedAt - now > maxSkewMs) return accessDenied("Request is not valid yet");
  } else if (Math.abs(now - signedAt) > maxSkewMs) {
    return refuse(
      403,
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
    );
  }

  // Every signed header is sent, host among them; every x-amz-* header sent is signed.
  const names = signedHeaderList.split(";");
  if (!names.includes("host") || names.some((n) => n === "" || n !== n.toLowerCase())) return mismatch();
  if (names.some((n) => request.headers[n] === undefined)) return mismatch();
  const unsigned = Object.keys(request.headers).filter((n) => n.startsWith("x-amz-") && !names.includes(n));
  if (unsigned.length > 0)
    return accessDenied(
      `There were headers present in the request which were not signed: ${unsigned.join(", ")}`,
    );

  const payloadHash = presigned
    ? (query.get("X-Amz-Content-Sha256") ?? request.headers["x-amz-content-sha256"] ?? unsignedPayload)
    : request.headers["x-amz-content-sha256"];
  if (payloadHash === undefined)
    return refuse(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");

  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery(pairs.filter(([name]) => !(presigned && name === "X-Amz-Signature"))),
    ...names.map((n) => `${n}:${(request.headers[n] as string).trim().replace(/\s+/g, " ")}`),
    "",
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const stringToSign = [algorithm, amzDate, scope.join("/"), sha256(canonicalRequest).digest("hex")].join(
    "\n",
  );
  if (!sameText(signature(credentials.secretAccessKey, scope, stringToSign), provided)) return mismatch();

  return verifyBody(request, payloadHash);
}

/** The body against the payload hash signed and the digests declared, as S3 checks them once it has the bytes. */
function verifyBody(request: S3Request, payloadHash: string): S3Verdict {
  const { body, headers } = request;
  const length = headers["content-length"];
  if (length !== undefined && Number(length) !== body.length)
    return refuse(
      400,
      "IncompleteBody",
      "You did not provide the number of bytes specified by the Content-Length",
    );
  if (payloadHash !== unsignedPayload) {
    if (!/^[0-9a-f]{64}$/.test(payloadHash))
      return refuse(
        501,
        "NotImplemented",
        "The local S3 endpoint takes whole payloads only (no aws-chunked)",
      );
    if (sha256(body).digest("hex") !== payloadHash)
      return refuse(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
  }
  const md5 = headers["content-md5"];
  if (md5 !== undefined) {
    if (!base64Digest(md5, 16))
      return refuse(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
    if (createHash("md5").update(body).digest("base64") !== md5)
      return refuse(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
  const checksum = headers["x-amz-checksum-sha256"];
  if (checksum !== undefined) {
    if (!base64Digest(checksum, 32))
      return refuse(400, "InvalidRequest", "Value for x-amz-checksum-sha256 header is invalid.");
    if (sha256(body).digest("base64") !== checksum)
      return refuse(400, "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
  }
  // Other checksum algorithms are not checked here: refused rather than stored unchecked.
  const other = Object.keys(headers).find((n) => /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1)$/.test(n));
  if (other)
    return refuse(
      501,
      "NotImplemented",
      `The local S3 endpoint checks x-amz-checksum-sha256 only, not ${other}`,
    );
  return { ok: true };
}
