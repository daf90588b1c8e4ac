// Test support for the browser tier: driving the workbench (web/) in Chromium — sign in through the local form, open a
// menu entry, choose in an Ant Design select, check a page with axe-core (no serious or critical violations), and
// withWorkbench: a test file's runtime, Chromium, pages with their errors collected, and screenshots.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type ConsoleMessage, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectRoot } from "../../local/runtime-paths.ts";
import { chromiumPackage, chromiumPath, cjkFontPackage } from "./chromium.ts";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core");
/** Where the browser tests' screenshots go. */
export const screenshots = join(projectRoot, "test-artifacts", "screenshots");

/**
 * Signs in with the local form (user, organisation, one role and, if given, the person's name — the token's `name`
 * claim) and waits for the 待办 landing page.
 */
export async function signIn(
  page: Page,
  base: string,
  user: string,
  org: string,
  role: string,
  name?: string,
): Promise<void> {
  await page.goto(`${base}/console/`);
  const form = page.getByTestId("signin-form");
  await form.locator("input[name=user]").fill(user);
  await form.locator("input[name=org]").fill(org);
  if (name) await form.locator("input[name=name]").fill(name);
  await form.locator(`input[type=radio][value=${role}]`).check();
  await form.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByTestId("tasks").waitFor();
}

/**
 * Waits for the result of the action just submitted on `page` (within `scope`, else the whole page): its success
 * alert (action-done). When the action's error alert shows instead (and stays), fails with the error's text; when
 * neither shows within `timeout` (generous: a loaded CI machine answers slowly), fails with the page's address and
 * text, so that a failure in CI says what the user saw.
 */
export async function actionDone(
  page: Page,
  scope: Page | Locator = page,
  timeout = 90_000,
): Promise<Locator> {
  const done = scope.getByTestId("action-done").first();
  const failed = scope.getByTestId("action-error").first();
  try {
    await done.or(failed).first().waitFor({ timeout });
  } catch (e) {
    const text = await page
      .locator("main")
      .innerText({ timeout: 5_000 })
      .catch(() => "(no main)");
    // A dialog renders outside <main> (at the end of <body>): one still open says the confirmation was not taken.
    const dialogs = await page
      .locator(".ant-modal-wrap:visible")
      .allInnerTexts()
      .catch(() => []);
    const open = dialogs.length > 0 ? `; a dialog is still open: ${dialogs.join(" | ")}` : "; no dialog open";
    throw new Error(
      `no action result within ${timeout / 1000} s at ${page.url()}; the page reads: ${text}${open}`,
      {
        cause: e,
      },
    );
  }
  if (!(await done.isVisible())) {
    // An error alert of an earlier attempt stays until the form re-renders for this one: give it a moment to go.
    const late = await done.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!late)
      throw new Error(`the action failed at ${page.url()}: ${await failed.innerText().catch(() => "")}`);
  }
  return done;
}

/** On the 待办 page: the to-do of `action` about the record whose row reads `recordText`, followed by its link. */
export async function followTodo(page: Page, action: string, recordText: string): Promise<void> {
  const row = page
    .locator("[data-testid=tasks-table] tbody tr")
    .filter({ has: page.locator(`[data-action="${action}"]`) })
    .filter({ hasText: recordText });
  await row.getByRole("link").first().click();
}

/** Opens a page from the menu by its name. */
export async function openMenu(page: Page, name: string): Promise<void> {
  await page.getByTestId("nav").getByRole("link", { name, exact: true }).click();
}

/**
 * Chooses an option of the Ant Design select with this test id, by the option's text. Opened again when the page
 * re-rendered the list under the pointer (a load finishing), up to three times.
 */
export async function choose(page: Page, testid: string, option: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.getByTestId(testid).click();
      await page
        .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
        .filter({ hasText: option })
        .first()
        .click({ timeout: 10_000 });
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
      continue;
    }
    // Closed (its leave animation done), so that what is checked next is the page, not the dropdown.
    await page.locator(".ant-slide-up-leave").waitFor({ state: "detached" });
    // On a loaded machine a click during the dropdown's opening can land beside the option: the select then shows
    // nothing chosen, and is chosen again (never when it shows a choice: a second click would undo a multiple one).
    const select = page.getByTestId(testid);
    const text = ((await select.textContent()) ?? "").trim();
    const placeholder = await select
      .locator(".ant-select-placeholder")
      .first()
      .isVisible()
      .catch(() => false);
    if ((text !== "" && !placeholder) || text.includes(option) || attempt === 3) return;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now; the serious and critical violations (summarised). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A dropdown still closing (Ant Design's leave animation) is a transient node, not the page: axe runs once it is gone.
  // On a loaded machine an animation can take seconds: wait up to 20 s, then check the page as it is.
  await page
    .locator("[class*='-leave']")
    .first()
    .waitFor({ state: "detached", timeout: 20_000 })
    .catch(() => undefined);
  // A state change just shown may still be transitioning (Ant Design's Steps and buttons fade colours over 0.3 s): a
  // colour mid-transition is neither the old nor the new one, and axe's contrast check reads it. Checked once the
  // page's finite animations and transitions have finished (spinners loop forever and are left out), up to 20 s.
  await page
    .waitForFunction(
      () => {
        interface Running {
          playState: string;
          effect: { getTiming(): { iterations?: number } } | null;
        }
        const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
        return doc
          .getAnimations()
          .every(
            (a) => a.playState !== "running" || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
          );
      },
      undefined,
      { timeout: 20_000, polling: 50 },
    )
    .catch(() => undefined);
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** What {@link withWorkbench} holds for a browser test file: the runtime, Chromium, and the file's pages. */
/**
 * How long a browser test's page waits for an element, an action or a navigation before it fails: a 2-core CI machine
 * running the other tiers beside the browser tests answers a click in seconds at times (Playwright's own default is
 * 30 s, which a CI run has exceeded).
 */
export const pageTimeoutMs = 60_000;

/** Chromium's path, or an error saying what to install. */
export function installedChromium(): string {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: the browser tests need Debian's chromium and CJK fonts ` +
        `(apt-get install ${chromiumPackage} ${cjkFontPackage}), or set CHROMIUM_PATH`,
    );
  }
  return executablePath;
}

/**
 * Launches Debian's Chromium headless for a browser test (with a clear error when it is not installed); every page it
 * opens waits up to pageTimeoutMs by default.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = installedChromium();
  const browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      ...extraArgs,
    ],
  });
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(pageTimeoutMs);
    return page;
  };
  return browser;
}

export interface Workbench {
  readonly runtime: Runtime;
  readonly browser: Browser;
  /** The page opened last by {@link Workbench.open}. */
  readonly page: Page;
  /** The pages' uncaught errors and console errors (those the file declared expected left out). */
  readonly errors: string[];
  /** The gateway's base URL (the workbench is at `${base}/console/`). */
  readonly base: string;
  /**
   * A new page (1400×1000, zh-CN, its clock fixed at the runtime's), its errors collected; signed in when `as` says who
   * (with the person's name for the token's `name` claim, when given).
   */
  open(as?: { user: string; org: string; role: string; name?: string }): Promise<Page>;
  /** Signs the current page out and in again as someone else (a fresh page: no session left over). */
  signInAs(user: string, org: string, role: string, name?: string): Promise<Page>;
  /** No page error shown, axe-core's serious and critical violations none, a full-page screenshot `<prefix>-<name>.png`. */
  checked(name: string, page?: Page): Promise<void>;
}

export interface WorkbenchOptions {
  /** The screenshots' file-name prefix (test-artifacts/screenshots/<prefix>-<name>.png), and the data directory's. */
  readonly prefix: string;
  /** The runtime's first clock reading (ISO instant). */
  readonly clockStart: string;
  /** A console message the file provokes on purpose (a refusal it checks), not counted as an error. */
  readonly expected?: (message: ConsoleMessage) => boolean;
  /** Environment variables set for the runtime's life (restored afterwards). */
  readonly env?: Readonly<Record<string, string>>;
  /** Chromium's extra command-line switches. */
  readonly args?: readonly string[];
  /** The set-up's timeout (default 300 s). */
  readonly timeoutMs?: number;
}

/**
 * Holds once what every browser test file repeats: registers a beforeAll that checks for Chromium (tests/support/
 * chromium.ts), starts the in-process runtime on a fresh data directory and launches Chromium, and an afterAll that
 * closes both and removes the directory. The file's own beforeAll hooks (registered after this call) run after it.
 */
export function withWorkbench(options: WorkbenchOptions): Workbench {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let dataDir: string | undefined;
  const errors: string[] = [];
  const saved = new Map<string, string | undefined>();
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`withWorkbench: no ${what} yet (used before its beforeAll ran)`);
    return value;
  };

  const workbench: Workbench = {
    get runtime() {
      return must(runtime, "runtime");
    },
    get browser() {
      return must(browser, "browser");
    },
    get page() {
      return must(page, "page");
    },
    errors,
    get base() {
      return must(runtime, "runtime").info.apiUrl;
    },
    async open(as) {
      const opened = await workbench.browser.newPage({
        viewport: { width: 1400, height: 1000 },
        locale: "zh-CN",
      });
      await opened.clock.setFixedTime(new Date(workbench.runtime.clock.now()));
      opened.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      opened.on("console", (m) => {
        if (m.type() === "error" && !options.expected?.(m)) {
          errors.push(`console: ${m.text()} ${m.location().url}`);
        }
      });
      page = opened;
      if (as) await signIn(opened, workbench.base, as.user, as.org, as.role, as.name);
      return opened;
    },
    async signInAs(user, org, role, name) {
      await page?.close();
      return workbench.open({ user, org, role, ...(name ? { name } : {}) });
    },
    async checked(name, on = workbench.page) {
      await expect(on.getByTestId("page-error").count()).resolves.toBe(0);
      // The pointer off the button just clicked: a hovered button's lighter colour is not what the page shows at rest.
      await on.mouse.move(700, 5);
      expect(await seriousViolations(on), name).toEqual([]);
      await on.screenshot({ path: join(screenshots, `${options.prefix}-${name}.png`), fullPage: true });
    },
  };

  beforeAll(async () => {
    installedChromium();
    mkdirSync(screenshots, { recursive: true });
    for (const [name, value] of Object.entries(options.env ?? {})) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    dataDir = mkdtempSync(join(tmpdir(), `jiebang-${options.prefix}-`));
    runtime = await startRuntime({ dataDir, clockStart: options.clockStart });
    browser = await launchChromium(options.args ?? []);
  }, options.timeoutMs ?? 300_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }, 120_000);

  return workbench;
}
