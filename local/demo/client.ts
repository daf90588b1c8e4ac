// Demo (local/demo/): an HTTP client for a running platform — JSON in and out with bearer tokens, tokens from the local
// identity provider (POST /local/token), the controllable clock (/local/clock), settling (POST /local/settle) and
// evidence uploads through presigned URLs. Uses only the public and local HTTP routes, never the process's internals.
import { createHash } from "node:crypto";
import type { Role } from "../../functions/kernel/roles.ts";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A request answered with a status other than the one expected: method, path, status and the error body. */
export class UnexpectedStatus extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 600)}`);
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface Party {
  readonly user: string;
  readonly org: string;
  readonly role: Role;
}

export type PlatformClient = ReturnType<typeof platformClient>;

export function platformClient(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, "");
  const tokens = new Map<string, string>();

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers["authorization"] = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let parsed: unknown = {};
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { text };
      }
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** A call that must answer with one of `expected` (default any 2xx); otherwise UnexpectedStatus. */
  async function must<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<T> {
    const answered = await call<T>(method, path, options);
    const ok = options.expect
      ? options.expect.includes(answered.status)
      : answered.status >= 200 && answered.status < 300;
    if (!ok) throw new UnexpectedStatus(method, path, answered.status, answered.body);
    return answered.body;
  }

  /** A token of the local identity provider for this party (cached per user). */
  async function token(party: Party): Promise<string> {
    const key = `${party.user}|${party.org}|${party.role}`;
    let issued = tokens.get(key);
    if (!issued) {
      issued = (
        await must<{ token: string }>("POST", "/local/token", {
          body: { user: party.user, org: party.org, roles: [party.role] },
        })
      ).token;
      tokens.set(key, issued);
    }
    return issued;
  }

  /** The platform's clock (epoch ms). */
  async function now(): Promise<number> {
    return Date.parse((await must<{ now: string }>("GET", "/local/clock")).now);
  }

  /** Advances the clock by `ms`; the timers on the way fire and their work settles before this returns. */
  async function advance(ms: number): Promise<void> {
    if (ms > 0) await must("POST", "/local/clock/advance", { body: { ms: Math.ceil(ms) } });
  }

  /** Advances the clock to just past `instant`. */
  async function advancePast(instant: string | number): Promise<void> {
    const target = typeof instant === "number" ? instant : Date.parse(instant);
    await advance(target - (await now()) + 1000);
  }

  /** Waits until no execution is mid-step. */
  async function settle(): Promise<void> {
    await must("POST", "/local/settle");
  }

  return {
    baseUrl: base,
    call,
    must,
    get: <T = Record<string, unknown>>(path: string, party: Party) =>
      token(party).then((t) => must<T>("GET", path, { token: t })),
    post: <T = Record<string, unknown>>(
      path: string,
      party: Party,
      body?: unknown,
      options: { headers?: Record<string, string>; expect?: number[] } = {},
    ) => token(party).then((t) => must<T>("POST", path, { token: t, body, ...options })),
    token,
    now,
    advance,
    advancePast,
    settle,
  };
}
