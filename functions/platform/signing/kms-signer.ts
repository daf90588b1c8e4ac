// Adapter: the audit digests' signing key in AWS KMS (an asymmetric ECC_NIST_P256 SIGN_VERIFY key: the private half
// never leaves KMS). Digests are signed as a SHA-256 digest (MessageType DIGEST: KMS signs at most 4 KB of raw message),
// which is the same ECDSA_SHA_256 signature a verifier checks over the whole bytes. The KMS client is loaded on first
// use, so functions that never sign do not load it.
import { createHash, createPublicKey } from "node:crypto";
import type { DigestSigner } from "../ports/audit-anchoring.ts";

async function loadKms() {
  const { GetPublicKeyCommand, KMSClient, SignCommand } = await import("@aws-sdk/client-kms");
  return { module: { GetPublicKeyCommand, SignCommand }, client: new KMSClient({}) };
}

let kms: ReturnType<typeof loadKms> | undefined;

function client() {
  kms ??= loadKms();
  return kms;
}

export function kmsDigestSigner(keyArn: string): DigestSigner {
  const publicKeys = new Map<string, string>();
  return {
    keyId: keyArn,
    async sign(bytes) {
      const { module, client: kmsClient } = await client();
      const digest = createHash("sha256").update(bytes).digest();
      const result = await kmsClient.send(
        new module.SignCommand({
          KeyId: keyArn,
          Message: digest,
          MessageType: "DIGEST",
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      );
      if (!result.Signature) throw new Error("KMS returned no signature");
      return Buffer.from(result.Signature).toString("base64");
    },
    async publicKeyPem(id) {
      const known = publicKeys.get(id);
      if (known) return known;
      const { module, client: kmsClient } = await client();
      const result = await kmsClient.send(new module.GetPublicKeyCommand({ KeyId: id }));
      if (!result.PublicKey) throw new Error(`KMS returned no public key for ${id}`);
      const pem = createPublicKey({ key: Buffer.from(result.PublicKey), format: "der", type: "spki" })
        .export({ type: "spki", format: "pem" })
        .toString();
      publicKeys.set(id, pem);
      return pem;
    },
  };
}
