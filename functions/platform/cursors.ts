// Adapter: opaque page cursors. A cursor carries a listing's place (where a page stopped) encrypted with AES-256-CTR and
// authenticated with HMAC-SHA256 (encrypt-then-MAC) over the place and the scope it was issued for — the listing, its
// partition and the query — under this deployment's cursor key: a client can neither read the key layout in it, nor
// forge or alter one, nor use it anywhere else. Anything but a cursor issued for that very scope is 400 INVALID_CURSOR.
// The key: JIEBANG_CURSOR_KEY (docs/security.md, "Decision: the page cursors' key").
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cursorKeyEnvVar } from "../../infra/resources.ts";
import { type DomainError, validationError } from "../kernel/errors.ts";

/** The two keys derived from the deployment's cursor key material (HKDF-SHA256). */
export interface CursorKey {
  readonly encryption: Buffer;
  readonly authentication: Buffer;
}

/** Format version, first byte of every cursor. */
const version = 1;
const ivBytes = 16;
const tagBytes = 32;
/** Longer than any cursor this API issues (the routes accept at most 2,048 or 4,096 characters anyway). */
const maxCursorLength = 8192;

/** The keys derived from `material` (at least 16 bytes of secret). */
export function cursorKeyFrom(material: Buffer | string): CursorKey {
  const secret = typeof material === "string" ? Buffer.from(material, "utf8") : material;
  if (secret.length < 16) throw new Error("the cursor key material must be at least 16 bytes");
  const derive = (use: string) => Buffer.from(hkdfSync("sha256", secret, "jiebang page cursors", use, 32));
  return { encryption: derive("aes-256-ctr"), authentication: derive("hmac-sha256") };
}

/** A new random key (tests; the embedded runtime keeps its own in its data directory). */
export const randomCursorKey = (): CursorKey => cursorKeyFrom(randomBytes(32));

/** 400 INVALID_CURSOR: not a cursor this API issued for this listing and query. */
export function invalidCursor(): DomainError {
  return validationError("INVALID_CURSOR", "The page cursor is not one this API issued", "分页游标无效", [
    {
      path: "query.cursor",
      message: "not a cursor this API issued for this listing and query",
      messageZh: "不是本接口为此列表和查询签发的游标",
    },
  ]);
}

function tag(key: CursorKey, scope: string, body: Buffer): Buffer {
  const scopeBytes = Buffer.from(scope, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(scopeBytes.length);
  return createHmac("sha256", key.authentication).update(length).update(scopeBytes).update(body).digest();
}

/** The cursor of `place` (any JSON value), usable only with `scope`. */
export function sealCursor(key: CursorKey, place: unknown, scope: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-ctr", key.encryption, iv);
  const body = Buffer.concat([
    Buffer.of(version),
    iv,
    cipher.update(JSON.stringify(place), "utf8"),
    cipher.final(),
  ]);
  return Buffer.concat([body, tag(key, scope, body)]).toString("base64url");
}

/** The place a cursor sealed for `scope` carries; INVALID_CURSOR for anything else. */
export function openCursor(key: CursorKey, cursor: string, scope: string): unknown {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  const bytes = Buffer.from(cursor, "base64url");
  if (bytes.length <= 1 + ivBytes + tagBytes || bytes[0] !== version) throw invalidCursor();
  const body = bytes.subarray(0, bytes.length - tagBytes);
  if (!timingSafeEqual(bytes.subarray(bytes.length - tagBytes), tag(key, scope, body))) throw invalidCursor();
  const decipher = createDecipheriv("aes-256-ctr", key.encryption, body.subarray(1, 1 + ivBytes));
  const text = Buffer.concat([decipher.update(body.subarray(1 + ivBytes)), decipher.final()]).toString(
    "utf8",
  );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidCursor();
  }
}

/** Creates the embedded runtime's key file (32 random bytes, hex, mode 0600) unless it exists. */
export function ensureLocalCursorKey(path: string): void {
  if (existsSync(path)) return;
  writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
}

let configured: { readonly value: string; readonly key: CursorKey } | undefined;

/**
 * This function's cursor key, from JIEBANG_CURSOR_KEY: `file:<path>` in the embedded runtime (a key in its data
 * directory), `deployment:<secret>` in AWS (derived per deployment, infra/constructs/catalog-function.ts).
 */
export function configuredCursorKey(): CursorKey {
  const value = process.env[cursorKeyEnvVar];
  if (!value) throw new Error(`missing environment variable ${cursorKeyEnvVar}`);
  if (configured?.value === value) return configured.key;
  let material: string;
  if (value.startsWith("file:")) material = readFileSync(value.slice("file:".length), "utf8").trim();
  else if (value.startsWith("deployment:")) material = value.slice("deployment:".length);
  else throw new Error(`${cursorKeyEnvVar} must be file:<path> or deployment:<secret>`);
  configured = { value, key: cursorKeyFrom(material) };
  return configured.key;
}
