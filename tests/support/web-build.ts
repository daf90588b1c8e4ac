// Test support (vitest globalSetup of the browser tier): builds the workbench web app once (web/dist) when it is
// missing or older than its sources, before any browser test serves it at /console/.
import { ensureWebBuilt } from "../../local/web-build.ts";

export default async function setup(): Promise<void> {
  await ensureWebBuilt((line) => console.log(line));
}
