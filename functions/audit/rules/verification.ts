// Audit (rules): the whole check of the audit trail — each record's chain intact (kernel/audit-chain.ts), each record
// at the head of its chain (a deleted tail or a rolled-back record shows), and, against every validly signed digest,
// each anchored head still in place (what was deleted, rolled back or rewritten after anchoring shows). The digests
// themselves must form one unbroken, validly signed chain.
import { type ChainBreak, sha256Hex, verifyChains } from "../../kernel/audit-chain.ts";
import type { AnchoredHead, SignedDigest } from "../model.ts";
import { digestFormat, signedBytes } from "./digest.ts";

/** A record item as the verifier sees it: its key (`<KIND>#<id>`), version and the hash of its latest event. */
export interface RecordHead {
  readonly record: string;
  readonly version: number;
  /** Absent on items written before records carried it. */
  readonly auditHash?: string;
}

export type TrailBreakReason =
  | ChainBreak["reason"]
  /** The record is at a later version than its trail's last event: the newest events were deleted. */
  | "truncated"
  /** The record's latest audit hash is not its trail's last event. */
  | "head-mismatch"
  /** The record is at an earlier version than its trail (or than a digest anchored): the record was rolled back. */
  | "rolled-back"
  /** The trail (or a digest) names a record whose item is gone. */
  | "record-missing"
  /** A digest anchored this event; it is gone. */
  | "deleted-after-anchoring"
  /** A digest anchored this event with another hash: it was edited and the chain recomputed. */
  | "rewritten-after-anchoring";

export interface TrailBreak {
  readonly record: string;
  readonly version: number;
  readonly reason: TrailBreakReason;
  readonly detail: string;
}

export interface DigestProblem {
  readonly key: string;
  readonly problem: "unreadable" | "bad-signature" | "other-table" | "broken-link" | "missing-sequence";
  readonly detail: string;
}

export interface AuditReport {
  readonly ok: boolean;
  /** Records with a trail or an item. */
  readonly records: number;
  readonly events: number;
  /** The first break of each broken record (its earliest version), records in key order. */
  readonly breaks: TrailBreak[];
  /** The other breaks of those records, at most one of each reason per record. */
  readonly moreBreaks: TrailBreak[];
  readonly digests: {
    readonly count: number;
    readonly valid: number;
    readonly latest?: { readonly sequence: number; readonly key: string; readonly to: string };
    readonly anchoredRecords: number;
    readonly problems: DigestProblem[];
  };
}

export interface VerificationInput {
  readonly table: string;
  readonly records: readonly RecordHead[];
  readonly events: readonly { record: string; position: number; event: Record<string, unknown> }[];
  /** Every digest file of the audit bucket, as stored. */
  readonly digests?: readonly { readonly key: string; readonly text: string }[];
  /** Checks a digest's signature (base64 DER) over its bytes with the key it names. */
  readonly verifySignature?: (bytes: Uint8Array, signature: string, keyId: string) => boolean;
}

interface ValidDigest {
  readonly key: string;
  readonly sha256: string;
  readonly digest: SignedDigest;
}

function readDigests(input: VerificationInput): { valid: ValidDigest[]; problems: DigestProblem[] } {
  const valid: ValidDigest[] = [];
  const problems: DigestProblem[] = [];
  for (const { key, text } of input.digests ?? []) {
    let digest: SignedDigest;
    try {
      digest = JSON.parse(text) as SignedDigest;
      if (
        digest.format !== digestFormat ||
        typeof digest.signature !== "string" ||
        !Array.isArray(digest.heads)
      )
        throw new Error("not a digest");
    } catch {
      problems.push({ key, problem: "unreadable", detail: `not a ${digestFormat} file` });
      continue;
    }
    const signed =
      input.verifySignature?.(signedBytes(digest), digest.signature, digest.signing?.keyId ?? "") ?? false;
    if (!signed) {
      problems.push({
        key,
        problem: "bad-signature",
        detail: `digest ${digest.sequence}: the signature does not verify with key ${digest.signing?.keyId}`,
      });
      continue;
    }
    if (digest.table !== input.table) {
      problems.push({ key, problem: "other-table", detail: `digest of table ${digest.table}` });
      continue;
    }
    valid.push({ key, sha256: sha256Hex(text), digest });
  }
  valid.sort((a, b) => a.digest.sequence - b.digest.sequence || (a.key < b.key ? -1 : 1));
  // One unbroken chain: every sequence from 1 to the latest, each naming a digest of the sequence before.
  const bySequence = new Map<number, ValidDigest[]>();
  for (const v of valid) bySequence.set(v.digest.sequence, [...(bySequence.get(v.digest.sequence) ?? []), v]);
  const latest = valid.at(-1)?.digest.sequence ?? 0;
  for (let sequence = 1; sequence <= latest; sequence++) {
    const here = bySequence.get(sequence);
    if (!here) {
      problems.push({
        key: `sequence ${sequence}`,
        problem: "missing-sequence",
        detail: `digest ${sequence} is missing (the latest is ${latest})`,
      });
      continue;
    }
    for (const v of here) {
      const previous = v.digest.previous;
      const linked =
        sequence === 1
          ? previous === undefined
          : previous !== undefined &&
            (bySequence.get(sequence - 1) ?? []).some(
              (p) => p.key === previous.key && p.sha256 === previous.sha256,
            );
      if (!linked && (sequence === 1 || bySequence.has(sequence - 1))) {
        problems.push({
          key: v.key,
          problem: "broken-link",
          detail: `digest ${sequence} does not name digest ${sequence - 1} as stored`,
        });
      }
    }
  }
  return { valid, problems };
}

/** Checks the trail: chains, heads, anchors and the digests' own chain. */
export function verifyAuditTrail(input: VerificationInput): AuditReport {
  const breaks = new Map<string, TrailBreak[]>();
  const add = (b: TrailBreak) => {
    const list = breaks.get(b.record) ?? [];
    if (!list.some((x) => x.reason === b.reason)) list.push(b);
    breaks.set(b.record, list);
  };
  const chains = verifyChains(input.events);
  for (const b of chains.breaks) add(b);

  const trails = new Map<string, Map<number, Record<string, unknown>>>();
  for (const { record, position, event } of input.events) {
    const trail = trails.get(record) ?? new Map<number, Record<string, unknown>>();
    trail.set(position, event);
    trails.set(record, trail);
  }
  const lastOf = (record: string) => Math.max(0, ...(trails.get(record)?.keys() ?? []));
  const items = new Map(input.records.map((r) => [r.record, r]));

  for (const item of input.records) {
    const last = lastOf(item.record);
    if (last < item.version) {
      add({
        record: item.record,
        version: last + 1,
        reason: "truncated",
        detail: `the record is at version ${item.version} but its trail ends at ${last}: events ${last + 1}–${item.version} are missing`,
      });
    } else if (last > item.version) {
      add({
        record: item.record,
        version: item.version + 1,
        reason: "rolled-back",
        detail: `the trail goes to version ${last} but the record is at version ${item.version}`,
      });
    } else if (
      item.auditHash !== undefined &&
      trails.get(item.record)?.get(last)?.["hash"] !== item.auditHash
    ) {
      add({
        record: item.record,
        version: last,
        reason: "head-mismatch",
        detail: "the record's latest audit hash is not the hash of its trail's last event",
      });
    }
  }
  for (const record of trails.keys()) {
    if (!items.has(record)) {
      add({
        record,
        version: lastOf(record),
        reason: "record-missing",
        detail: "the trail's record is gone",
      });
    }
  }

  const { valid, problems } = readDigests(input);
  const anchored = new Map<string, { head: AnchoredHead; sequence: number }[]>();
  for (const { digest } of valid) {
    for (const head of digest.heads) {
      anchored.set(head.record, [...(anchored.get(head.record) ?? []), { head, sequence: digest.sequence }]);
    }
  }
  for (const [record, anchors] of anchored) {
    const trail = trails.get(record);
    const item = items.get(record);
    const sorted = [...anchors].sort((a, b) => a.head.version - b.head.version);
    const highest = sorted.at(-1)!;
    if (!item) {
      add({
        record,
        version: highest.head.version,
        reason: "record-missing",
        detail: `digest ${highest.sequence} anchored it at version ${highest.head.version}; the record is gone`,
      });
    } else if (item.version < highest.head.version) {
      add({
        record,
        version: item.version + 1,
        reason: "rolled-back",
        detail: `digest ${highest.sequence} anchored version ${highest.head.version}; the record is at version ${item.version}`,
      });
    }
    for (const { head, sequence } of sorted) {
      const event = trail?.get(head.version);
      if (!event) {
        add({
          record,
          version: head.version,
          reason: "deleted-after-anchoring",
          detail: `digest ${sequence} anchored event ${head.version}; it is gone`,
        });
      } else if (event["hash"] !== head.hash) {
        add({
          record,
          version: head.version,
          reason: "rewritten-after-anchoring",
          detail: `digest ${sequence} anchored event ${head.version} with another hash: the trail up to it was rewritten`,
        });
      }
    }
  }

  const perRecord = [...breaks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, list]) => [...list].sort((a, b) => a.version - b.version));
  const latest = valid.at(-1);
  return {
    ok: perRecord.length === 0 && problems.length === 0,
    records: new Set([...trails.keys(), ...items.keys()]).size,
    events: input.events.length,
    breaks: perRecord.map((list) => list[0]!),
    moreBreaks: perRecord.flatMap((list) => list.slice(1)),
    digests: {
      count: (input.digests ?? []).length,
      valid: valid.length,
      ...(latest
        ? { latest: { sequence: latest.digest.sequence, key: latest.key, to: latest.digest.to } }
        : {}),
      anchoredRecords: anchored.size,
      problems,
    },
  };
}
