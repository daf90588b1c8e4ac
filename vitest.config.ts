// Vitest configuration: which test folders run and their time limits (tests/ at the project root).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    setupFiles: ["tests/setup.ts"],
  },
});
