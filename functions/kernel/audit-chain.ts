// Kernel: the tamper-evident audit trail. Each record's events form a hash chain: an event's hash covers its content
// and the previous event's hash, so an edited, deleted, inserted or reordered event breaks the chain where it happened.
import { createHash } from "node:crypto";

/** JSON with sorted keys and no undefined values, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The hash of a record's state (before/after hashes of audit events). */
export function recordHash(record: unknown): string {
  return sha256Hex(canonicalJson(record));
}

/** The first event of a record chains to this. */
export const genesisHash = "0".repeat(64);

export interface ChainedFields {
  /** Position in the record's chain: 1, 2, 3… (the record's version for versioned records). */
  readonly version: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Adds prevHash and hash to an event (its content is everything but `hash`). */
export function chainEvent<E extends { version: number }>(event: E, prevHash: string): E & ChainedFields {
  const withPrev = { ...event, prevHash };
  return { ...withPrev, hash: sha256Hex(canonicalJson(withPrev)) };
}

export interface ChainBreak {
  readonly record: string;
  readonly version: number;
  readonly reason: "content-changed" | "link-broken" | "missing-event" | "unchained" | "reordered";
  readonly detail: string;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly records: number;
  readonly events: number;
  /** The first broken link of each broken record, in record order. */
  readonly breaks: ChainBreak[];
}

/**
 * Checks every record's chain. Each stored event comes with the record it belongs to and its position in storage
 * (the version in its sort key): events are walked in stored order, so a moved event shows as `reordered`, an edited
 * one as `content-changed`, a removed one as `missing-event`, a forged link as `link-broken`.
 */
export function verifyChains(
  events: readonly { record: string; position: number; event: Record<string, unknown> }[],
): ChainReport {
  const byRecord = new Map<string, { position: number; event: Record<string, unknown> }[]>();
  for (const { record, position, event } of events) {
    const list = byRecord.get(record) ?? [];
    list.push({ position, event });
    byRecord.set(record, list);
  }
  const breaks: ChainBreak[] = [];
  for (const [record, list] of [...byRecord.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const broken = firstBreak(
      record,
      [...list].sort((a, b) => a.position - b.position),
    );
    if (broken) breaks.push(broken);
  }
  return { ok: breaks.length === 0, records: byRecord.size, events: events.length, breaks };
}

function firstBreak(
  record: string,
  chain: { position: number; event: Record<string, unknown> }[],
): ChainBreak | undefined {
  let expectedPrev = genesisHash;
  let expectedPosition = 1;
  for (const { position, event } of chain) {
    const { hash, ...content } = event;
    if (position !== expectedPosition) {
      return {
        record,
        version: expectedPosition,
        reason: "missing-event",
        detail: `event ${expectedPosition} is missing`,
      };
    }
    if (typeof hash !== "string" || typeof event["prevHash"] !== "string") {
      return {
        record,
        version: position,
        reason: "unchained",
        detail: "the event carries no hash chain fields",
      };
    }
    if (Number(event["version"]) !== position) {
      return {
        record,
        version: position,
        reason: "reordered",
        detail: `stored at ${position} but says version ${String(event["version"])}`,
      };
    }
    if (sha256Hex(canonicalJson(content)) !== hash) {
      return {
        record,
        version: position,
        reason: "content-changed",
        detail: "the event's content does not match its hash",
      };
    }
    if (event["prevHash"] !== expectedPrev) {
      return {
        record,
        version: position,
        reason: "link-broken",
        detail: "prevHash is not the hash of the event before it",
      };
    }
    expectedPrev = hash;
    expectedPosition = position + 1;
  }
  return undefined;
}
