// CLI group `smoke` (`npm run smoke -- --url <api> [--token <jwt>]`): checks a deployed stack (or the embedded runtime)
// from outside — health, the OpenAPI document, an anonymous public list, a signed-in read with the token, and a
// signed-in route refused without one (401). One line per check; on the first failure a one-line reason, exit 1.
import { type CommandGroup, flags, UsageError } from "./args.ts";

interface Check {
  readonly name: string;
  readonly path: string;
  readonly token?: string;
  /** Why the answer is wrong, or undefined when it is right. */
  readonly judge: (status: number, body: unknown) => string | undefined;
}

const record = (body: unknown): Record<string, unknown> =>
  body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

function checks(token: string | undefined): Check[] {
  const list: Check[] = [
    {
      name: "health",
      path: "/v1/health",
      judge: (status, body) =>
        status === 200 && record(body)["status"] === "ok"
          ? undefined
          : `expected 200 {"status":"ok"}, got ${status} ${JSON.stringify(record(body)["status"] ?? body)}`,
    },
    {
      name: "openapi",
      path: "/v1/openapi.json",
      judge: (status, body) => {
        const doc = record(body);
        if (status !== 200) return `expected 200, got ${status}`;
        if (!String(doc["openapi"] ?? "").startsWith("3.")) return "not an OpenAPI 3 document";
        return "/v1/health" in record(doc["paths"]) ? undefined : "the document lists no /v1/health";
      },
    },
    {
      name: "public list",
      path: "/v1/public/challenges",
      judge: (status, body) =>
        status === 200 && Array.isArray(record(body)["items"])
          ? undefined
          : `expected 200 with items, got ${status}`,
    },
  ];
  if (token)
    list.push({
      name: "signed-in read",
      path: "/v1/programmes",
      token,
      judge: (status, body) =>
        status === 200 && Array.isArray(record(body)["items"])
          ? undefined
          : `expected 200 with the token, got ${status} ${String(record(body)["code"] ?? "")}`.trim(),
    });
  list.push({
    name: "refused without a token",
    path: "/v1/programmes",
    judge: (status) => (status === 401 ? undefined : `expected 401 without a token, got ${status}`),
  });
  return list;
}

async function run(base: string, check: Check): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetch(`${base}${check.path}`, {
      headers: {
        accept: "application/json",
        ...(check.token ? { authorization: `Bearer ${check.token}` } : {}),
      },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `no answer from ${base}${check.path} (${cause ?? (error as Error).message})`;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    return `${response.status} with a body that is not JSON`;
  }
  return check.judge(response.status, body);
}

export const smokeCommands: CommandGroup = {
  summary:
    "check a deployed stack: smoke --url https://…/prod [--token <jwt>] (exit 1 with the reason on failure)",
  async run(argv) {
    const { values, positionals } = flags(argv, { url: { type: "string" }, token: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.url || !/^https?:\/\/\S+$/.test(values.url))
      throw new UsageError("--url is required: the API's base URL (the stack's ApiUrl output)");
    const base = values.url.replace(/\/+$/, "");
    for (const check of checks(values.token || undefined)) {
      const started = performance.now();
      const failure = await run(base, check);
      if (failure) {
        console.error(`smoke failed: ${check.name}: ${failure}`);
        return 1;
      }
      console.log(`ok   ${check.name.padEnd(24)} ${Math.round(performance.now() - started)} ms`);
    }
    if (!values.token) console.log("(no --token: the signed-in read was skipped)");
    return 0;
  },
};
