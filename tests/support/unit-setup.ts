// Test support: setup of the unit tier, whose files share a worker (isolate: false in vitest.config.ts). When a file
// ends, what it changed is put back — timers, mocks, stubbed environment variables and globals — and the project's
// modules are dropped, so the next file loads them afresh (a module-level registry or cache never carries over);
// only packages from node_modules stay loaded, which is the time saved.
import { afterAll, vi } from "vitest";

afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.resetModules();
});
