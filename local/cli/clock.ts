// CLI group `clock`: shows or advances the running platform's controllable clock (timers fire on the way).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultDataDir } from "../runtime-paths.ts";
import { type CommandGroup, flags, UsageError } from "./args.ts";

function apiUrl(dataDir: string, override?: string): string {
  if (override) return override.replace(/\/$/, "");
  const file = join(dataDir, "runtime.json");
  if (!existsSync(file))
    throw new Error(`no running platform found (${file} is missing): start it with npm start`);
  return (JSON.parse(readFileSync(file, "utf8")) as { apiUrl: string }).apiUrl;
}

export const clockCommands: CommandGroup = {
  summary: "clock show | clock advance --days N [--hours N --minutes N --seconds N]",
  async run(argv) {
    const [command, ...rest] = argv;
    const { values } = flags(rest, {
      days: { type: "string" },
      hours: { type: "string" },
      minutes: { type: "string" },
      seconds: { type: "string" },
      url: { type: "string" },
      "data-dir": { type: "string" },
    });
    const base = apiUrl(
      resolve(values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"] ?? defaultDataDir),
      values.url,
    );
    if (command === "show") {
      const response = await fetch(`${base}/local/clock`);
      console.log(JSON.stringify(await response.json()));
      return response.ok ? 0 : 1;
    }
    if (command === "advance") {
      const body: Record<string, number> = {};
      for (const unit of ["days", "hours", "minutes", "seconds"] as const) {
        const raw = values[unit];
        if (raw === undefined) continue;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${unit} must be a non-negative number`);
        body[unit] = n;
      }
      if (Object.keys(body).length === 0)
        throw new UsageError("say how far: --days, --hours, --minutes or --seconds");
      const response = await fetch(`${base}/local/clock/advance`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      console.log(JSON.stringify(await response.json()));
      return response.ok ? 0 : 1;
    }
    throw new UsageError('use "clock show" or "clock advance --days N"');
  },
};
