// Adapter: the audit digests' signing key as a local key pair (the embedded runtime's: a P-256 private key in PEM in
// its data directory, AUDIT_DIGEST_KEY=file:<path>). Its key id is `local:<SHA-256 of the public key, 16 hex>`.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { DigestSigner } from "../ports/audit-anchoring.ts";

/** Creates the key pair file unless it exists (mode 0600). */
export function ensureLocalDigestKey(path: string): void {
  if (existsSync(path)) return;
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
}

export function fileDigestSigner(path: string): DigestSigner {
  const privateKey = createPrivateKey(readFileSync(path, "utf8"));
  const publicPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  const keyId = `local:${createHash("sha256").update(publicPem).digest("hex").slice(0, 16)}`;
  return {
    keyId,
    async sign(bytes) {
      return sign("sha256", bytes, privateKey).toString("base64");
    },
    async publicKeyPem(id) {
      if (id !== keyId) throw new Error(`unknown digest key ${id} (this runtime's is ${keyId})`);
      return publicPem;
    },
  };
}
