// Adapter: the audit digests' signer this function was configured with — AUDIT_DIGEST_KEY is a KMS key ARN in AWS,
// `file:<path>` in the embedded runtime.
import { auditDigestKeyEnvVar } from "../../../infra/resources.ts";
import type { DigestSigner } from "../ports/audit-anchoring.ts";
import { fileDigestSigner } from "./file-signer.ts";
import { kmsDigestSigner } from "./kms-signer.ts";

export const digestKeyEnvVar = auditDigestKeyEnvVar;

export function signerFor(key: string): DigestSigner {
  if (key.startsWith("file:")) return fileDigestSigner(key.slice("file:".length));
  if (key.startsWith("arn:")) return kmsDigestSigner(key);
  throw new Error(`${digestKeyEnvVar} must be a KMS key ARN or file:<path>, not ${key}`);
}

let signer: DigestSigner | undefined;

export function digestSigner(): DigestSigner {
  const key = process.env[digestKeyEnvVar];
  if (!key) throw new Error(`missing environment variable ${digestKeyEnvVar}`);
  signer ??= signerFor(key);
  return signer;
}
