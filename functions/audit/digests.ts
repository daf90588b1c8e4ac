// Audit (use cases): write the next digest — the chain heads changed since the previous one, signed and chained to
// it — on the hourly schedule or on demand; verify the whole trail against the table and every digest; list digests.
import { sha256Hex } from "../kernel/audit-chain.ts";
import { verifyEcdsaSha256 } from "../kernel/signatures.ts";
import {
  type AuditTrailSource,
  type DigestSigner,
  type DigestStore,
  digestPrefix,
} from "../platform/ports/audit-anchoring.ts";
import type { Clock } from "../platform/ports/clock.ts";
import type { AuditDigest, SignedDigest } from "./model.ts";
import { nextDigest, signedBytes } from "./rules/digest.ts";
import { type AuditReport, verifyAuditTrail } from "./rules/verification.ts";

export interface AuditDeps {
  readonly trail: AuditTrailSource;
  readonly digests: DigestStore;
  readonly signer: DigestSigner;
  readonly clock: Clock;
}

/** A digest as listed: where it is and what it covers. */
export interface DigestSummary {
  readonly sequence: number;
  readonly key: string;
  readonly from?: string;
  readonly to: string;
  readonly trigger: AuditDigest["trigger"];
  readonly heads: number;
  readonly keyId: string;
}

/** The object key of a digest. */
function digestKey(sequence: number, sha256: string): string {
  return `${digestPrefix}${String(sequence).padStart(10, "0")}-${sha256.slice(0, 16)}.json`;
}

const summary = (key: string, d: SignedDigest): DigestSummary => ({
  sequence: d.sequence,
  key,
  ...(d.from !== undefined ? { from: d.from } : {}),
  to: d.to,
  trigger: d.trigger,
  heads: d.heads.length,
  keyId: d.signing.keyId,
});

/** The latest digest this writer can chain to: the highest sequence whose file parses as a digest. */
async function latestDigest(
  store: DigestStore,
): Promise<{ key: string; text: string; digest: SignedDigest } | undefined> {
  const keys = await store.list();
  for (const key of [...keys].reverse()) {
    const text = await store.read(key);
    if (text === undefined) continue;
    try {
      return { key, text, digest: JSON.parse(text) as SignedDigest };
    } catch {
      // An unreadable file is the verifier's to report; the chain goes on from the last readable one.
    }
  }
  return undefined;
}

/**
 * Writes the next digest. Two writers at once (the schedule and an operator) may both write the same sequence under
 * different keys (the key carries the content's hash): both are signed facts, and the verifier accepts either as the
 * link of the next one.
 */
export async function writeDigest(deps: AuditDeps, trigger: AuditDigest["trigger"]): Promise<DigestSummary> {
  const previous = await latestDigest(deps.digests);
  const to = deps.clock.now().toISOString();
  const { events } = await deps.trail.readAll();
  const digest = nextDigest({
    previous: previous
      ? {
          sequence: previous.digest.sequence,
          key: previous.key,
          sha256: sha256Hex(previous.text),
          to: previous.digest.to,
        }
      : undefined,
    table: deps.trail.table,
    to,
    trigger,
    keyId: deps.signer.keyId,
    events: events.flatMap(({ record, position, event }) =>
      typeof event["hash"] === "string" && typeof event["at"] === "string"
        ? [{ record, version: position, at: event["at"], hash: event["hash"] }]
        : [],
    ),
  });
  const signed: SignedDigest = { ...digest, signature: await deps.signer.sign(signedBytes(digest)) };
  const text = `${JSON.stringify(signed, null, 2)}\n`;
  const key = digestKey(signed.sequence, sha256Hex(text));
  await deps.digests.put(key, text);
  return summary(key, signed);
}

/** The newest digests first, at most `limit`. */
export async function listDigests(deps: Pick<AuditDeps, "digests">, limit: number): Promise<DigestSummary[]> {
  const keys = (await deps.digests.list()).slice(-limit).reverse();
  const out: DigestSummary[] = [];
  for (const key of keys) {
    const text = await deps.digests.read(key);
    if (text === undefined) continue;
    try {
      out.push(summary(key, JSON.parse(text) as SignedDigest));
    } catch {
      // Unreadable: `audit verify` names it.
    }
  }
  return out;
}

/** Checks the whole trail against the table and every digest in the audit bucket. */
export async function verifyAudit(deps: Omit<AuditDeps, "clock">): Promise<AuditReport> {
  const [{ records, events }, keys] = await Promise.all([deps.trail.readAll(), deps.digests.list()]);
  const digests: { key: string; text: string }[] = [];
  for (const key of keys) {
    const text = await deps.digests.read(key);
    if (text !== undefined) digests.push({ key, text });
  }
  const keyIds = new Set<string>();
  for (const { text } of digests) {
    try {
      const id = (JSON.parse(text) as SignedDigest).signing?.keyId;
      if (typeof id === "string") keyIds.add(id);
    } catch {
      // Reported as unreadable.
    }
  }
  const publicKeys = new Map<string, string>();
  for (const id of keyIds) {
    const pem = await deps.signer.publicKeyPem(id).catch(() => undefined);
    if (pem) publicKeys.set(id, pem);
  }
  return verifyAuditTrail({
    table: deps.trail.table,
    records,
    events,
    digests,
    verifySignature: (bytes, signature, keyId) => {
      const pem = publicKeys.get(keyId);
      return pem !== undefined && verifyEcdsaSha256(pem, bytes, signature);
    },
  });
}
