// Kernel: checking an ECDSA P-256 / SHA-256 signature (base64, DER) with a public key (PEM) — the audit digests'.
import { createPublicKey, verify } from "node:crypto";

export function verifyEcdsaSha256(publicKeyPem: string, bytes: Uint8Array, signatureBase64: string): boolean {
  try {
    return verify("sha256", bytes, createPublicKey(publicKeyPem), Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}
