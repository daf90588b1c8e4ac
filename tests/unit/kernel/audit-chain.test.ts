// Unit tests of the audit hash chain (functions/kernel/audit-chain.ts): building and verifying chains.
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  chainEvent,
  genesisHash,
  recordHash,
  verifyChains,
} from "../../../functions/kernel/audit-chain.ts";

function chain(record: string, actions: string[]) {
  let prev = genesisHash;
  return actions.map((action, i) => {
    const event = chainEvent({ version: i + 1, action, actor: "u1" }, prev);
    prev = event.hash;
    return { record, position: i + 1, event: event as unknown as Record<string, unknown> };
  });
}

describe("audit chain", () => {
  it("hashes canonically: key order and undefined values do not matter", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    expect(recordHash({ x: 1, y: 2 })).toBe(recordHash({ y: 2, x: 1 }));
  });

  it("accepts intact chains, in any input order", () => {
    const events = [...chain("A", ["a", "b", "c"]), ...chain("B", ["x"])].reverse();
    expect(verifyChains(events)).toEqual({ ok: true, records: 2, events: 4, breaks: [] });
  });

  it("names the first broken link: edit, removal, move, forged link, unchained", () => {
    const edited = chain("A", ["a", "b", "c"]);
    edited[1]!.event = { ...edited[1]!.event, actor: "u2" };
    expect(verifyChains(edited).breaks).toEqual([
      expect.objectContaining({ record: "A", version: 2, reason: "content-changed" }),
    ]);

    const removed = chain("A", ["a", "b", "c"]).filter((e) => e.position !== 2);
    expect(verifyChains(removed).breaks[0]).toMatchObject({ version: 2, reason: "missing-event" });

    const moved = chain("A", ["a", "b", "c"]);
    [moved[1]!.event, moved[2]!.event] = [moved[2]!.event, moved[1]!.event];
    expect(verifyChains(moved).breaks[0]).toMatchObject({ version: 2, reason: "reordered" });

    const forged = chain("A", ["a", "b", "c"]);
    const replacement = chainEvent(
      { version: 2, action: "forged", actor: "u1" },
      String(forged[0]!.event["hash"]),
    );
    forged[1]!.event = replacement as unknown as Record<string, unknown>;
    expect(verifyChains(forged).breaks[0]).toMatchObject({ version: 3, reason: "link-broken" });

    const unchained = [{ record: "A", position: 1, event: { version: 1, action: "a" } }];
    expect(verifyChains(unchained).breaks[0]).toMatchObject({ version: 1, reason: "unchained" });
  });
});
