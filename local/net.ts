// Embedded runtime: loopback helpers — a free port, and waiting until something answers.
import { createServer } from "node:net";

export const loopback = "127.0.0.1";

/** Asks the OS for a free port on loopback (there is a small window before the caller binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, loopback, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it resolves true or `timeoutMs` passes (real time: this waits for processes to come up), or
 * until `signal` aborts (the process waited for has ended: nothing will come up).
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error(`${what} stopped waiting: ${String(signal.reason)}`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${what} did not come up within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ""}`,
  );
}
