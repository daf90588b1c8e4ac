// Shared: AWS Signature Version 4 for API Gateway's IAM routes (service execute-api; other services by name, e.g. EventBridge) — signing a request as a machine
// caller does (the simulated treasury, tests) and the hash the signer needs, on node:crypto. The embedded gateway
// verifies with the same signer (local/sigv4.ts).
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** SHA-256 (or HMAC-SHA256 with a secret) in the shape the signer expects. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data): string | Uint8Array =>
  typeof data === "string"
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface MachineCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const executeApiService = "execute-api";

export function executeApiSigner(
  credentials: MachineCredentials,
  region: string,
  options: { applyChecksum?: boolean; service?: string } = {},
): SignatureV4 {
  return new SignatureV4({
    service: options.service ?? executeApiService,
    region,
    credentials,
    sha256: NodeSha256,
    applyChecksum: options.applyChecksum ?? true,
  });
}

/** The headers of a signed request to `url` (host, x-amz-date, x-amz-content-sha256, authorization, …). */
export async function signedHeaders(
  credentials: MachineCredentials,
  region: string,
  request: { method: string; url: string; body?: string; headers?: Record<string, string> },
  signingDate: Date = new Date(),
  service: string = executeApiService,
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const signed = await executeApiSigner(credentials, region, { service }).sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    { signingDate },
  );
  return signed.headers as Record<string, string>;
}
