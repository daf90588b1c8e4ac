// Audit (rules): what the next digest contains — the chain heads that changed since the previous digest (every head
// for the first one) — and the exact bytes that are signed.
import { canonicalJson } from "../../kernel/audit-chain.ts";
import type { AnchoredHead, AuditDigest, DigestLink } from "../model.ts";

/** The format of a digest file; a verifier refuses any other. */
export const digestFormat = "jiebang-audit-digest/1";

/** The signing algorithm: ECDSA on P-256 over SHA-256 (a KMS ECC_NIST_P256 key in AWS, a local key pair otherwise). */
export const digestAlgorithm = "ECDSA_SHA_256";

/**
 * How often the scheduled digest runs. Hourly, as CloudTrail writes its digest files: what an insider with write
 * access to the table can still rewrite unnoticed is the trail of the last hour at most (docs/security.md). An
 * operator or auditor can anchor at any moment besides (`POST /v1/audit/digests`, `audit digest`), e.g. after a
 * payment run.
 */
export const digestEveryMinutes = 60;

/**
 * Each digest looks back this far before the previous digest's end, so that a change whose `at` was taken before
 * the previous digest ran but committed after it is still anchored: the longest a function runs (15 minutes).
 */
export const digestOverlapMs = 15 * 60_000;

/** An audit event as the digest writer sees it: its record, version (position), time and hash. */
export interface EventStamp {
  readonly record: string;
  readonly version: number;
  readonly at: string;
  readonly hash: string;
}

/**
 * The head of every record with an event at or after `from` (every record when `from` is undefined): its latest
 * event's version and hash, records in key order.
 */
export function headsChangedSince(events: readonly EventStamp[], from: string | undefined): AnchoredHead[] {
  const heads = new Map<string, EventStamp>();
  const changed = new Set<string>();
  for (const e of events) {
    const head = heads.get(e.record);
    if (!head || e.version > head.version) heads.set(e.record, e);
    if (from === undefined || e.at >= from) changed.add(e.record);
  }
  return [...changed].sort().map((record) => {
    const head = heads.get(record)!;
    return { record, version: head.version, hash: head.hash };
  });
}

/** Where the next digest starts looking: the previous one's end less the overlap (nothing before the first). */
export function nextDigestFrom(previous: { readonly to: string } | undefined): string | undefined {
  return previous ? new Date(Date.parse(previous.to) - digestOverlapMs).toISOString() : undefined;
}

/** The next digest, unsigned. */
export function nextDigest(input: {
  readonly previous: (DigestLink & { readonly to: string }) | undefined;
  readonly table: string;
  readonly to: string;
  readonly trigger: AuditDigest["trigger"];
  readonly events: readonly EventStamp[];
  readonly keyId: string;
}): AuditDigest {
  const from = nextDigestFrom(input.previous);
  return {
    format: digestFormat,
    sequence: (input.previous?.sequence ?? 0) + 1,
    table: input.table,
    ...(from !== undefined ? { from } : {}),
    to: input.to,
    trigger: input.trigger,
    ...(input.previous
      ? {
          previous: {
            sequence: input.previous.sequence,
            key: input.previous.key,
            sha256: input.previous.sha256,
          },
        }
      : {}),
    heads: headsChangedSince(input.events, from),
    signing: { keyId: input.keyId, algorithm: digestAlgorithm },
  };
}

/** The bytes a digest's signature covers: its canonical JSON without the signature. */
export function signedBytes(digest: AuditDigest): Uint8Array {
  const { signature: _signature, ...content } = digest as AuditDigest & { signature?: string };
  return new TextEncoder().encode(canonicalJson(content));
}
