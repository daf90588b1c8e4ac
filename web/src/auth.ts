// Workbench: the signed-in user — the ID token kept in sessionStorage and what its claims say (user, the person's
// name — OIDC's `name` claim —, organisation, roles as Cognito groups). The claims only choose what to show; the API checks the token on every request.
export const TOKEN = "jiebang.token";

export interface Who {
  readonly user: string;
  /** The person's name (the token's `name` claim); the user id when the token carries none. */
  readonly name: string;
  readonly org: string;
  readonly roles: readonly string[];
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(value: string): void {
  sessionStorage.setItem(TOKEN, value);
}

export function signOutLocally(): void {
  sessionStorage.removeItem(TOKEN);
}

/** The token's claims read without verifying (the API verifies); undefined when there is no readable token. */
export function who(): Who | undefined {
  const jwt = token();
  if (!jwt) return undefined;
  try {
    const part = (jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const text = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(text);
    if (typeof claims !== "object" || claims === null) return undefined;
    const c = claims as Record<string, unknown>;
    const groups = c["cognito:groups"];
    const user = typeof c["sub"] === "string" ? c["sub"] : "";
    const name = typeof c["name"] === "string" && c["name"].trim() ? c["name"].trim() : user;
    return {
      user,
      name,
      org: typeof c["custom:org"] === "string" ? c["custom:org"] : "",
      roles: (Array.isArray(groups) ? groups : [groups]).filter((g): g is string => typeof g === "string"),
    };
  } catch {
    return undefined;
  }
}

export const hasRole = (user: Who | undefined, ...allowed: string[]): boolean =>
  Boolean(user?.roles.some((r) => allowed.includes(r)));
