// Workbench: the typed API client — openapi-fetch over the paths generated from the platform's OpenAPI document
// (src/api/schema.d.ts, by web/scripts/api-types.ts), the signed-in token on every request, refusals as ApiError
// (stable code, English and Chinese message), a 401 signs the user out.
import createClient from "openapi-fetch";
import { signOutLocally, token } from "../auth.ts";
import { config } from "../config.ts";
import type { paths } from "./schema";

/** The 200 answer of a GET route, as the OpenAPI document describes it: `Answer<"/v1/projects/{projectId}">`. */
export type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer T } } } };
}
  ? T
  : never;

export const client = createClient<paths>({ baseUrl: config.apiBase });

client.use({
  onRequest({ request }) {
    const jwt = token();
    if (jwt) request.headers.set("authorization", `Bearer ${jwt}`);
    return request;
  },
});

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  readonly messageZh: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageEn: string,
    readonly messageZh: string,
    /** The fields at fault (400 VALIDATION_FAILED and some 422s): `body.team.0.age` and the messages. */
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(`${status} ${code} ${messageEn}`.trim());
  }
}

/** Sent when the API says the token is no longer good (the app goes back to sign-in). */
export const signedOutEvent = "jiebang:signed-out";

/**
 * The body of a call's answer, typed by the OpenAPI document (openapi-fetch infers it from the path, method and
 * status), or an ApiError with the API's code, messages and the fields at fault.
 */
export async function body<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (response.status === 401) {
    signOutLocally();
    window.dispatchEvent(new Event(signedOutEvent));
  }
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : "");
  const fields = Array.isArray(e["fields"])
    ? (e["fields"] as unknown[]).flatMap((f) => {
        const x = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
        return typeof x["path"] === "string"
          ? [
              {
                path: x["path"],
                message: String(x["message"] ?? ""),
                messageZh: String(x["messageZh"] ?? ""),
              },
            ]
          : [];
      })
    : [];
  throw new ApiError(response.status, text("code"), text("message"), text("messageZh"), fields);
}

/** Every item of a paged list (`items` and `next`), up to `max`. */
export async function allPages(page: (cursor?: string) => Promise<unknown>, max = 2000): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const got = (await page(cursor)) as { items?: unknown; next?: unknown } | undefined;
    if (Array.isArray(got?.items)) items.push(...got.items);
    cursor = typeof got?.next === "string" ? got.next : undefined;
  } while (cursor && items.length < max);
  return items;
}
