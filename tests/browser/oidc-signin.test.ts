// Browser: the workbench signs in through an OpenID Connect issuer with authorization code + PKCE — locally the
// embedded runtime's own issuer (discovered from /console/config.json, its sign-in page at /local/idp/authorize),
// configured and verified like any city's issuer: from a deep link, through the issuer's page, back to that page
// signed in as the user chosen there, the API answering with that token; a return whose state is not this tab's
// sign-in is refused with the reason and nothing stored.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personNames } from "../../local/demo/cast.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { installedChromium, launchChromium, seriousViolations } from "../support/workbench.ts";

let runtime: Runtime;
let dataDir: string;
let browser: Browser;

beforeAll(async () => {
  installedChromium();
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-oidc-browser-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-09-01T01:00:00.000Z" });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("sign-in through the OpenID Connect issuer", () => {
  it("goes to the issuer from a deep link and comes back to it signed in as the user chosen there", async () => {
    const page = await browser.newPage();
    try {
      const base = runtime.info.apiUrl;
      await page.goto(`${base}/console/finance/queue`);
      // Not signed in: the sign-in page, with the issuer's button beside the local form.
      await page.getByTestId("oidc-signin").click();
      await page.waitForURL((url) => url.pathname.endsWith("/local/idp/authorize"));
      // The issuer's own page: a demo user (the finance officer).
      const finance = page.locator("button[name=demo][value$='|finance']").first();
      const chosen = (await finance.getAttribute("value")) ?? "";
      const [user, org] = chosen.split("|");
      await finance.click();
      // Back in the app at the page the link asked for, signed in: the code is gone from the address bar.
      // The header names the person (the token's `name` claim), the user and organisation ids are its tooltips.
      await page
        .getByTestId("who")
        .filter({ hasText: personNames[user ?? ""] ?? "?" })
        .waitFor();
      expect(new URL(page.url()).pathname).toBe("/console/finance/queue");
      expect(new URL(page.url()).search).toBe("");
      await expect(page.getByTestId("who-name").getAttribute("title")).resolves.toBe(`local-${user}`);
      await expect(page.getByTestId("who-org").getAttribute("title")).resolves.toBe(org);
      // The token the issuer gave is the one the API takes.
      const token = await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem("jiebang.token"),
      );
      const answer = await fetch(`${base}/v1/me/tasks/count`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(200);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it("refuses a return that is not this tab's sign-in (another state), with the reason and no token", async () => {
    const page = await browser.newPage();
    try {
      const base = runtime.info.apiUrl;
      await page.goto(`${base}/console/signin`);
      await page.getByTestId("oidc-signin").click();
      await page.waitForURL((url) => url.pathname.endsWith("/local/idp/authorize"));
      // Someone else's redirect: a code and a state this tab never sent.
      await page.goto(`${base}/console/?code=forged-code&state=forged-state`);
      await page.getByTestId("signin-failed").waitFor();
      expect(await page.getByTestId("signin-failed").textContent()).toContain("state");
      expect(
        await page.evaluate(() =>
          (
            globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
          ).sessionStorage.getItem("jiebang.token"),
        ),
      ).toBeNull();
      expect(new URL(page.url()).searchParams.get("code")).toBeNull();
    } finally {
      await page.close();
    }
  }, 120_000);

  it('with hash routing (AWS China, config.routing "hash"): signs in with the issuer only, pages live in the fragment and survive a reload', async () => {
    const page = await browser.newPage();
    try {
      const base = runtime.info.apiUrl;
      // config.js as the CDK app writes it for aws-cn: identity oidc, settings inline, hash routing.
      const settings = (await (await fetch(`${base}/console/config.json`)).json()) as Record<string, unknown>;
      await page.route("**/console/config.js", (route) =>
        route.fulfill({
          contentType: "text/javascript",
          body: `window.jiebangConfig = ${JSON.stringify({ apiBase: "", signIn: "oidc", oidc: settings, routing: "hash" })};`,
        }),
      );
      await page.goto(`${base}/console/#/finance/ledger`);
      // Only the issuer's button: no local form where identity is oidc.
      await page.getByTestId("oidc-signin").waitFor();
      expect(await page.locator("input[name=user]").count()).toBe(0);
      await page.getByTestId("oidc-signin").click();
      await page.waitForURL((url) => url.pathname.endsWith("/local/idp/authorize"));
      await page.locator("button[name=demo][value$='|finance']").first().click();
      await page.getByTestId("who").waitFor();
      await page.waitForURL((url) => url.hash === "#/finance/ledger");
      expect(new URL(page.url()).search).toBe("");
      await page.reload();
      await page.getByTestId("who").waitFor();
      expect(new URL(page.url()).hash).toBe("#/finance/ledger");
      expect(await page.getByTestId("nav").locator(".ant-menu-item-selected").textContent()).toContain("账");
    } finally {
      await page.close();
    }
  }, 120_000);
});
