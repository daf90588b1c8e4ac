// Unit tests of the controllable clock (local/clock.ts): forward-only advances, persistence, a chosen first reading.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ControllableClock } from "../../../local/clock.ts";

const dir = mkdtempSync(join(tmpdir(), "jiebang-clock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const day = 86_400_000;

describe("ControllableClock", () => {
  it("advances only forward, tells listeners, and keeps its offset across restarts", () => {
    const file = join(dir, "a.json");
    const clock = new ControllableClock(file);
    const seen: number[] = [];
    clock.onAdvance((now) => seen.push(now));
    const before = clock.now();
    clock.advanceBy(300 * day);
    expect(clock.now() - before).toBeGreaterThanOrEqual(300 * day);
    clock.advanceTo(before); // the past: ignored
    expect(clock.now() - before).toBeGreaterThanOrEqual(300 * day);
    expect(seen).toHaveLength(1);
    expect(() => clock.advanceBy(-1)).toThrow(RangeError);
    const restarted = new ControllableClock(file);
    expect(restarted.state().offsetMs).toBe(clock.state().offsetMs);
  });

  it("starts at a chosen instant on a fresh file, and ignores the start once it has one", () => {
    const file = join(dir, "b.json");
    const start = Date.parse("2025-09-29T01:00:00Z");
    const clock = new ControllableClock(file, start);
    expect(Math.abs(clock.now() - start)).toBeLessThan(1000);
    const again = new ControllableClock(file, Date.parse("2030-01-01T00:00:00Z"));
    expect(Math.abs(again.now() - start)).toBeLessThan(1000);
  });
});
