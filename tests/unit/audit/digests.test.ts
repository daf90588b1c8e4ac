// Unit: the audit trail's anchors — digests of changed chain heads, signed and chained (functions/audit), and the
// verifier that checks a trail against its record heads and every digest: what an insider with write access to the
// table can no longer hide once a digest covers it.
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listDigests, verifyAudit, writeDigest } from "../../../functions/audit/digests.ts";
import type { SignedDigest } from "../../../functions/audit/model.ts";
import {
  digestEveryMinutes,
  headsChangedSince,
  nextDigestFrom,
} from "../../../functions/audit/rules/digest.ts";
import { verifyAuditTrail } from "../../../functions/audit/rules/verification.ts";
import { functions } from "../../../functions/catalog.ts";
import {
  canonicalJson,
  chainEvent,
  genesisHash,
  sha256Hex,
  verifyChains,
} from "../../../functions/kernel/audit-chain.ts";
import type {
  DigestSigner,
  DigestStore,
  StoredAuditItem,
  StoredRecordHead,
} from "../../../functions/platform/ports/audit-anchoring.ts";
import { fixedClock } from "../../support/fixed-clock.ts";

/** A table in memory: record heads and their chained events, editable as an insider would edit DynamoDB. */
function table() {
  const records = new Map<string, StoredRecordHead>();
  const events = new Map<string, StoredAuditItem>();
  const at = { now: "2026-12-01T00:00:00.000Z" };
  const trail = (record: string) =>
    [...events.values()].filter((e) => e.record === record).sort((a, b) => a.position - b.position);
  return {
    at,
    records,
    events,
    /** Appends `n` events to `record` (and moves its item to the new head), as the record store does. */
    append(record: string, n: number, actor = "u1") {
      for (let i = 0; i < n; i++) {
        const last = trail(record).at(-1);
        const version = (last?.position ?? 0) + 1;
        const event = chainEvent(
          { actor, action: `step.${version}`, recordId: record, version, at: at.now },
          (last?.event["hash"] as string | undefined) ?? genesisHash,
        );
        events.set(`${record}/${version}`, { record, position: version, event: { ...event } });
        records.set(record, { record, version, auditHash: event.hash });
      }
    },
    /** Rewrites a record's whole chain from `version` on with `change`, hashes recomputed, its item updated. */
    rewrite(record: string, version: number, change: Record<string, unknown>) {
      let prev = (events.get(`${record}/${version - 1}`)?.event["hash"] as string | undefined) ?? genesisHash;
      for (const e of trail(record)) {
        if (e.position < version) continue;
        const { hash: _h, prevHash: _p, ...content } = e.event;
        const rewritten = chainEvent(
          { ...(content as { version: number }), ...(e.position === version ? change : {}) },
          prev,
        );
        events.set(`${record}/${e.position}`, { ...e, event: { ...rewritten } });
        prev = rewritten.hash;
        records.set(record, { record, version: e.position, auditHash: rewritten.hash });
      }
    },
    source: {
      table: "Records",
      readAll: async () => ({ records: [...records.values()], events: [...events.values()] }),
    },
  };
}

function memoryDigests(): DigestStore & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    list: async () => [...files.keys()].sort(),
    read: async (key) => files.get(key),
    put: async (key, text) => {
      if (files.has(key)) throw new Error("write-once");
      files.set(key, text);
    },
  };
}

function keyPairSigner(): DigestSigner {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return {
    keyId: "test-key",
    sign: async (bytes) => sign("sha256", bytes, privateKey).toString("base64"),
    publicKeyPem: async (id) => {
      if (id !== "test-key") throw new Error("unknown key");
      return pem;
    },
  };
}

function setup() {
  const t = table();
  const digests = memoryDigests();
  const signer = keyPairSigner();
  const clock = fixedClock("2026-12-01T01:00:00.000Z");
  const deps = { trail: t.source, digests, signer, clock };
  return { t, digests, signer, clock, deps };
}

const reasonsOf = (report: Awaited<ReturnType<typeof verifyAudit>>, record: string) =>
  [...report.breaks, ...report.moreBreaks].filter((b) => b.record === record).map((b) => b.reason);

describe("the record heads", () => {
  it("a deleted newest event shows: the record is ahead of its trail (the chain alone looked intact)", () => {
    const t = table();
    t.append("PAYMENT#p1", 7);
    t.events.delete("PAYMENT#p1/7");
    t.events.delete("PAYMENT#p1/6");
    const input = { table: "Records", records: [...t.records.values()], events: [...t.events.values()] };
    expect(verifyChains(input.events).ok).toBe(true);
    const report = verifyAuditTrail(input);
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual([
      expect.objectContaining({ record: "PAYMENT#p1", version: 6, reason: "truncated" }),
    ]);
    expect(report.breaks[0]!.detail).toContain("version 7 but its trail ends at 5");
  });

  it("a record rolled back behind its trail, an item whose hash is not its last event's, a trail without its record", () => {
    const t = table();
    t.append("A#rolled", 3);
    t.append("A#swapped", 2);
    t.append("A#orphan", 1);
    t.records.set("A#rolled", { ...t.records.get("A#rolled")!, version: 2 });
    t.records.set("A#swapped", { ...t.records.get("A#swapped")!, auditHash: "f".repeat(64) });
    t.records.delete("A#orphan");
    const report = verifyAuditTrail({
      table: "Records",
      records: [...t.records.values()],
      events: [...t.events.values()],
    });
    expect(report.breaks.map((b) => [b.record, b.reason])).toEqual([
      ["A#orphan", "record-missing"],
      ["A#rolled", "rolled-back"],
      ["A#swapped", "head-mismatch"],
    ]);
  });
});

describe("digests", () => {
  it("are written on the schedule the rules name (hourly), by a function that may sign them", () => {
    const writer = functions.find((f) => f.name === "audit-digest");
    expect(writer?.schedule?.everyMinutes).toBe(digestEveryMinutes);
    expect(writer?.access).toMatchObject({ table: "read", audit: "readwrite", signsAuditDigests: true });
  });

  it("the first anchors every head; the next only heads changed since the previous one's end, less the overlap", () => {
    const stamps = [
      { record: "A#1", version: 1, at: "2026-12-01T00:00:00.000Z", hash: "a1" },
      { record: "A#1", version: 2, at: "2026-12-01T00:50:00.000Z", hash: "a2" },
      { record: "B#1", version: 1, at: "2026-12-01T00:10:00.000Z", hash: "b1" },
    ];
    expect(headsChangedSince(stamps, undefined)).toEqual([
      { record: "A#1", version: 2, hash: "a2" },
      { record: "B#1", version: 1, hash: "b1" },
    ]);
    const from = nextDigestFrom({ to: "2026-12-01T01:00:00.000Z" });
    expect(from).toBe("2026-12-01T00:45:00.000Z");
    expect(headsChangedSince(stamps, from)).toEqual([{ record: "A#1", version: 2, hash: "a2" }]);
  });

  it("are signed, numbered and each names the previous one by key and SHA-256", async () => {
    const { t, digests, deps, clock } = setup();
    t.append("A#1", 2);
    const first = await writeDigest(deps, { kind: "schedule" });
    clock.advance(3_600_000);
    t.at.now = "2026-12-01T01:30:00.000Z";
    t.append("B#1", 1);
    const second = await writeDigest(deps, { kind: "on-demand", by: "auditor-1" });
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect([first.heads, second.heads]).toEqual([1, 1]);
    const stored = JSON.parse(digests.files.get(second.key)!) as SignedDigest;
    expect(stored.previous).toEqual({
      sequence: 1,
      key: first.key,
      sha256: sha256Hex(digests.files.get(first.key)!),
    });
    expect(stored.from).toBe("2026-12-01T00:45:00.000Z");
    expect(stored.heads).toEqual([{ record: "B#1", version: 1, hash: t.records.get("B#1")!.auditHash }]);
    expect(stored.trigger).toEqual({ kind: "on-demand", by: "auditor-1" });
    expect((await listDigests(deps, 10)).map((d) => d.sequence)).toEqual([2, 1]);
    const report = await verifyAudit(deps);
    expect(report.ok).toBe(true);
    expect(report.digests).toMatchObject({ count: 2, valid: 2, anchoredRecords: 2, problems: [] });
  });
});

describe("an insider with write access to the table, once a digest covers the trail", () => {
  it("deleting the newest events and rolling the record back with them: deleted after anchoring", async () => {
    const { t, deps } = setup();
    t.append("PAYMENT#p1", 7);
    await writeDigest(deps, { kind: "schedule" });
    t.events.delete("PAYMENT#p1/7");
    t.events.delete("PAYMENT#p1/6");
    t.records.set("PAYMENT#p1", {
      record: "PAYMENT#p1",
      version: 5,
      auditHash: t.events.get("PAYMENT#p1/5")!.event["hash"] as string,
    });
    expect((await verifyAudit({ ...deps, digests: memoryDigests() })).ok).toBe(true); // without the digest: unseen
    const report = await verifyAudit(deps);
    expect(report.ok).toBe(false);
    expect(reasonsOf(report, "PAYMENT#p1")).toEqual(["rolled-back", "deleted-after-anchoring"]);
  });

  it("editing an old event without recomputing: content changed", async () => {
    const { t, deps } = setup();
    t.append("PAYMENT#p2", 4);
    await writeDigest(deps, { kind: "schedule" });
    const e = t.events.get("PAYMENT#p2/2")!;
    t.events.set("PAYMENT#p2/2", { ...e, event: { ...e.event, actor: "requester" } });
    expect(reasonsOf(await verifyAudit(deps), "PAYMENT#p2")).toEqual(["content-changed"]);
  });

  it("rewriting a record's whole chain from an old event on, hashes and head recomputed: rewritten after anchoring", async () => {
    const { t, deps } = setup();
    t.append("PAYMENT#p3", 5);
    await writeDigest(deps, { kind: "schedule" });
    t.rewrite("PAYMENT#p3", 2, { actor: "requester" });
    const withoutDigest = verifyAuditTrail({
      table: "Records",
      records: [...t.records.values()],
      events: [...t.events.values()],
    });
    expect(withoutDigest.ok).toBe(true); // a consistent rewrite is invisible to the chain and the heads alone
    const report = await verifyAudit(deps);
    expect(report.breaks).toEqual([
      expect.objectContaining({ record: "PAYMENT#p3", version: 5, reason: "rewritten-after-anchoring" }),
    ]);
  });

  it("a digest that is not validly signed anchors nothing and is named", async () => {
    const { t, digests, deps } = setup();
    t.append("A#1", 1);
    const written = await writeDigest(deps, { kind: "schedule" });
    const forged = JSON.parse(digests.files.get(written.key)!) as SignedDigest;
    digests.files.set(written.key, JSON.stringify({ ...forged, heads: [] }));
    const report = await verifyAudit(deps);
    expect(report.digests.problems).toEqual([
      expect.objectContaining({ key: written.key, problem: "bad-signature" }),
    ]);
    expect(report.digests.anchoredRecords).toBe(0);
    expect(report.ok).toBe(false);
  });

  it("a digest removed from the middle of the chain or one naming another previous digest is named", async () => {
    const { t, digests, deps, clock } = setup();
    t.append("A#1", 1);
    const keys = [];
    for (let i = 0; i < 3; i++) {
      keys.push((await writeDigest(deps, { kind: "schedule" })).key);
      clock.advance(3_600_000);
    }
    digests.files.delete(keys[1]!);
    const report = await verifyAudit(deps);
    expect(report.digests.problems.map((p) => p.problem)).toEqual(["missing-sequence"]);
    expect(canonicalJson(report.digests.latest)).toContain('"sequence":3');
  });
});
