// Demo (local/demo/): the progress display — one line per step with its duration and the time since the start; on a
// terminal the running step shows until it ends (then the line is rewritten in colour), otherwise plain text lines.
import type { StepRunner } from "./common.ts";

export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function progress(out: ProgressSink, startedAt = Date.now()): StepRunner {
  const tty = out.isTTY === true && process.env["NO_COLOR"] === undefined;
  let n = 0;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)} s`;
  const paint = (code: string, text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
  return async (label, run, detail) => {
    n += 1;
    const index = String(n).padStart(2, "0");
    const began = Date.now();
    if (tty) out.write(`  ${paint("2", `[${index}]`)} … ${label}`);
    const line = (mark: string, extra: string) => {
      const took = Date.now() - began;
      const text = `  [${index}] ${mark} ${label}${extra ? ` — ${extra}` : ""}  (${seconds(took).trim()}, at ${seconds(Date.now() - startedAt).trim()})\n`;
      out.write(tty ? `\r\x1b[2K${text}` : text);
    };
    try {
      const result = await run();
      let extra = "";
      try {
        extra = detail ? detail(result) : "";
      } catch {
        extra = "";
      }
      line(paint("32", "✓"), extra);
      return result;
    } catch (error) {
      line(paint("31", "✗"), paint("31", (error as Error).message));
      throw error;
    }
  };
}
