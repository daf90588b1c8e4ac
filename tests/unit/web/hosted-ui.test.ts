// Unit tests of the workbench's Hosted UI sign-in (web/src/hosted-ui.ts) with stand-ins for the browser's location,
// history and sessionStorage: the authorize URL (code flow, PKCE S256, state), the code exchange at /oauth2/token with
// the verifier, the ID token stored where the local sign-in stores its token, and a forged state refused.
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const cognito = {
  domain: "https://jiebang-123.auth.cn-north-1.amazoncognito.com",
  clientId: "client-1",
  redirectUri: "https://d111.cloudfront.net/console/",
};

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

let assigned: string[];
let replaced: string[];
function browser(search: string, storage = new MemoryStorage()) {
  assigned = [];
  replaced = [];
  vi.stubGlobal("sessionStorage", storage);
  vi.stubGlobal("location", {
    search,
    pathname: "/console/",
    hash: "",
    assign: (u: string) => assigned.push(u),
  });
  vi.stubGlobal("history", { replaceState: (_s: unknown, _t: string, u: string) => replaced.push(u) });
  return storage;
}

interface HostedUi {
  startHostedSignIn(c: typeof cognito): Promise<void>;
  completeHostedSignIn(c: typeof cognito): Promise<boolean>;
  hostedSignOutUrl(c: typeof cognito): string;
}
// Imported by a computed specifier: web/src is type-checked by its own project (DOM types), not by this one.
const hostedUiModule = "../../../web/src/hosted-ui.ts";
const ui = () => import(/* @vite-ignore */ hostedUiModule) as Promise<HostedUi>;
const TOKEN = "jiebang.token";

beforeEach(() => vi.resetModules());
afterEach(() => vi.unstubAllGlobals());

describe("Hosted UI sign-in", () => {
  it("goes to /oauth2/authorize with the code flow, PKCE S256 and a state; comes back and stores the ID token", async () => {
    const storage = browser("");
    const { startHostedSignIn, completeHostedSignIn } = await ui();
    await startHostedSignIn(cognito);
    const url = new URL(assigned[0]!);
    expect(`${url.origin}${url.pathname}`).toBe(`${cognito.domain}/oauth2/authorize`);
    const q = url.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe("client-1");
    expect(q.get("redirect_uri")).toBe(cognito.redirectUri);
    expect(q.get("scope")).toBe("openid email profile");
    expect(q.get("code_challenge_method")).toBe("S256");
    const verifier = storage.getItem("jiebang.pkce-verifier")!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("code_challenge")).toBe(createHash("sha256").update(verifier).digest("base64url"));

    browser(`?code=abc&state=${q.get("state")}`, storage);
    const fetched: { url: string; body: URLSearchParams }[] = [];
    vi.stubGlobal("fetch", async (u: URL, init: { body: URLSearchParams }) => {
      fetched.push({ url: String(u), body: init.body });
      return new Response(JSON.stringify({ id_token: "id.jwt.sig", access_token: "a" }), { status: 200 });
    });
    expect(await completeHostedSignIn(cognito)).toBe(true);
    expect(fetched[0]!.url).toBe(`${cognito.domain}/oauth2/token`);
    expect(Object.fromEntries(fetched[0]!.body)).toEqual({
      grant_type: "authorization_code",
      client_id: "client-1",
      code: "abc",
      redirect_uri: cognito.redirectUri,
      code_verifier: verifier,
    });
    expect(storage.getItem(TOKEN)).toBe("id.jwt.sig");
    expect(replaced).toEqual(["/console/"]);
    expect(storage.getItem("jiebang.pkce-verifier")).toBeNull();
  });

  it("refuses a code whose state it did not issue, and does nothing without a code", async () => {
    const storage = browser("?code=abc&state=forged");
    storage.setItem("jiebang.oauth-state", "issued");
    storage.setItem("jiebang.pkce-verifier", "v");
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    const { completeHostedSignIn, hostedSignOutUrl } = await ui();
    expect(await completeHostedSignIn(cognito)).toBe(false);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(storage.getItem(TOKEN)).toBeNull();
    browser("");
    expect(await completeHostedSignIn(cognito)).toBe(false);
    const out = new URL(hostedSignOutUrl(cognito));
    expect(out.pathname).toBe("/logout");
    expect(out.searchParams.get("logout_uri")).toBe(cognito.redirectUri);
  });
});
