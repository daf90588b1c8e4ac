// Adapter of the faults port (platform/ports/faults.ts): with JIEBANG_CRASH_AT=<name> in the environment the process
// dies at the point of that name (SIGKILL, as a power cut would: nothing cleans up); inert when the variable is unset,
// as it is everywhere except the platform child processes of the restart tests (tests/support/restartable.ts).
import type { Faults } from "./ports/faults.ts";

export const environmentFaults: Faults = {
  crashPoint(name) {
    if (process.env["JIEBANG_CRASH_AT"] === name) process.kill(process.pid, "SIGKILL");
  },
};
