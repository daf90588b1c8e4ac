// Embedded runtime: where the project and its default data directory are (shared by the runtime and the CLI).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const defaultDataDir = join(projectRoot, ".data");
