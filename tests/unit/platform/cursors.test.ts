// Unit tests of the page cursors' codec (functions/platform/cursors.ts): sealed places open only with the key and the
// scope they were sealed for, anything else is INVALID_CURSOR; the key comes from JIEBANG_CURSOR_KEY.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  configuredCursorKey,
  cursorKeyFrom,
  ensureLocalCursorKey,
  openCursor,
  randomCursorKey,
  sealCursor,
} from "../../../functions/platform/cursors.ts";
import { cursorKeyEnvVar } from "../../../infra/resources.ts";

const invalid = { code: "INVALID_CURSOR", kind: "validation" };
const place = { pk: "A#1", sk: "A", gsi1pk: "P", gsi1sk: "2026#1" };

describe("page cursors", () => {
  const saved = process.env[cursorKeyEnvVar];
  afterEach(() => {
    if (saved === undefined) delete process.env[cursorKeyEnvVar];
    else process.env[cursorKeyEnvVar] = saved;
  });

  it("open with the key and scope they were sealed for, and with nothing else", () => {
    const key = randomCursorKey();
    const cursor = sealCursor(key, place, "scope-1");
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(openCursor(key, cursor, "scope-1")).toEqual(place);
    expect(() => openCursor(key, cursor, "scope-2")).toThrow(expect.objectContaining(invalid));
    expect(() => openCursor(randomCursorKey(), cursor, "scope-1")).toThrow(expect.objectContaining(invalid));
    const bytes = Buffer.from(cursor, "base64url");
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i] = flipped[i]! ^ 0x80;
      expect(() => openCursor(key, flipped.toString("base64url"), "scope-1"), `byte ${i}`).toThrow(
        expect.objectContaining(invalid),
      );
    }
    for (const bad of ["", "x", "a+b/c=", `${cursor}=`, "A".repeat(10_000), cursor.slice(0, 40)]) {
      expect(() => openCursor(key, bad, "scope-1"), bad.slice(0, 20)).toThrow(
        expect.objectContaining(invalid),
      );
    }
  });

  it("derive the same key from the same material, locally from a file and in AWS per deployment", () => {
    const dir = mkdtempSync(join(tmpdir(), "jiebang-cursor-key-"));
    try {
      const file = join(dir, "cursor-key");
      ensureLocalCursorKey(file);
      const material = readFileSync(file, "utf8").trim();
      expect(material).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      ensureLocalCursorKey(file);
      expect(readFileSync(file, "utf8").trim()).toBe(material);

      process.env[cursorKeyEnvVar] = `file:${file}`;
      const local = configuredCursorKey();
      expect(local).toEqual(cursorKeyFrom(material));
      process.env[cursorKeyEnvVar] = "deployment:0f8fad5b-d9cb-469f-a165-70867728950e#0";
      const deployed = configuredCursorKey();
      expect(deployed).toEqual(cursorKeyFrom("0f8fad5b-d9cb-469f-a165-70867728950e#0"));
      expect(deployed).not.toEqual(local);
      process.env[cursorKeyEnvVar] = "deployment:0f8fad5b-d9cb-469f-a165-70867728950e#1";
      expect(configuredCursorKey()).not.toEqual(deployed);
      process.env[cursorKeyEnvVar] = "plain-text";
      expect(() => configuredCursorKey()).toThrow(/file:<path> or deployment:<secret>/);
      delete process.env[cursorKeyEnvVar];
      expect(() => configuredCursorKey()).toThrow(/missing environment variable/);
      expect(() => cursorKeyFrom("short")).toThrow(/at least 16 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
