// Embedded runtime: AWS_IAM authorisation of the catalog's IAM routes, as API Gateway does it — the request's
// Signature Version 4 is recomputed with the secret of its access key and compared; unsigned, unknown key, wrong
// signature, a body that is not the signed one, another service or region, or a signature older than 15 minutes → 403.
// The machine callers' and the runtime's own credentials are fixed and public: local use only.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MachineCaller } from "../functions/catalog.ts";
import {
  executeApiService,
  executeApiSigner,
  type MachineCredentials,
} from "../functions/platform/http/sigv4.ts";
import { localAccount } from "./functions.ts";

/** The local treasury system's credentials (the simulated treasury signs its confirmations with them). */
export const localMachineCredentials: Readonly<
  Record<MachineCaller, MachineCredentials & { userArn: string }>
> = {
  treasury: {
    accessKeyId: "JIEBANGLOCALTREASURY",
    secretAccessKey: "jiebang-local-treasury-secret",
    userArn: `arn:aws:sts::${localAccount}:assumed-role/jiebang-treasury-caller/local-treasury`,
  },
};

/**
 * The credentials the runtime's own services sign with (the handlers' SDK clients get them as AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, local/runtime.ts), and the only ones the local S3 endpoint accepts (local/s3-signature.ts).
 */
export const localServiceCredentials: Readonly<MachineCredentials> = {
  accessKeyId: "JIEBANGLOCALSERVICES",
  secretAccessKey: "jiebang-local-services-secret",
};

/** API Gateway refuses signatures more than 15 minutes off (real time, not the controllable clock). */
const maxSkewMs = 15 * 60 * 1000;

export type SigV4Result =
  | {
      readonly ok: true;
      readonly caller: MachineCaller;
      readonly accessKeyId: string;
      readonly userArn: string;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly messageZh: string };

const refused = (code: string, message: string, messageZh: string): SigV4Result => ({
  ok: false,
  code,
  message,
  messageZh,
});

/** Compares two signatures in constant time. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies the SigV4 signature of a request to an IAM route of `caller`. */
export async function verifySigV4(
  request: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: Readonly<Record<string, string>>;
    body: Buffer;
  },
  caller: MachineCaller,
  region: string,
  now: number = Date.now(),
): Promise<SigV4Result> {
  const authorization = request.headers["authorization"] ?? "";
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      authorization.trim(),
    );
  if (!parsed) {
    return refused(
      "SIGNATURE_REQUIRED",
      "This route needs a request signed with AWS Signature Version 4",
      "此接口需要 AWS 签名（SigV4）",
    );
  }
  const [, accessKeyId, day, scopeRegion, service, signedHeaderList, signature] =
    parsed as unknown as string[];
  const credentials = localMachineCredentials[caller];
  const amzDate = request.headers["x-amz-date"] ?? "";
  const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  const invalid = refused("SIGNATURE_INVALID", "The request signature does not match", "请求签名不匹配");
  if (accessKeyId !== credentials.accessKeyId || scopeRegion !== region || service !== executeApiService)
    return invalid;
  if (!when || amzDate.slice(0, 8) !== day) return invalid;
  const signingDate = new Date(
    Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!),
  );
  if (Math.abs(now - signingDate.getTime()) > maxSkewMs)
    return refused("SIGNATURE_EXPIRED", "The request signature has expired", "请求签名已过期");
  const names = (signedHeaderList as string).split(";");
  if (!names.includes("host")) return invalid;
  // The signer hashes the body itself; a stated hash must be that of the body received.
  const bodyHash = createHash("sha256").update(request.body).digest("hex");
  const statedHash = request.headers["x-amz-content-sha256"];
  if (statedHash !== undefined && statedHash !== bodyHash && statedHash !== "UNSIGNED-PAYLOAD")
    return invalid;
  const headers: Record<string, string> = {};
  for (const name of names) {
    if (name === "x-amz-date" || name === "x-amz-content-sha256") continue;
    const value = request.headers[name];
    if (value === undefined) return invalid;
    headers[name] = value;
  }
  const signer = executeApiSigner(credentials, region, {
    applyChecksum: names.includes("x-amz-content-sha256"),
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: (headers["host"] ?? "").replace(/:\d+$/, ""),
      path: request.path,
      query: Object.fromEntries(request.query),
      headers,
      body: request.body.length > 0 ? request.body.toString("utf8") : "",
    },
    { signingDate },
  );
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(expected.headers["authorization"]))?.[1] ?? "";
  const recomputedHeaders = /SignedHeaders=([a-z0-9;-]+)/.exec(
    String(expected.headers["authorization"]),
  )?.[1];
  if (recomputedHeaders !== signedHeaderList || !sameText(recomputed, signature as string)) return invalid;
  return { ok: true, caller, accessKeyId: accessKeyId as string, userArn: credentials.userArn };
}
