// Test support for the browser tier: driving the workbench (web/) in Chromium — sign in through the local form, open a
// menu entry, choose in an Ant Design select, and check a page with axe-core (no serious or critical violations).
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core");

/** Signs in with the local form (user, organisation, one role) and waits for the 待办 landing page. */
export async function signIn(
  page: Page,
  base: string,
  user: string,
  org: string,
  role: string,
): Promise<void> {
  await page.goto(`${base}/console/`);
  const form = page.getByTestId("signin-form");
  await form.locator("input[name=user]").fill(user);
  await form.locator("input[name=org]").fill(org);
  await form.locator(`input[type=radio][value=${role}]`).check();
  await form.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByTestId("tasks").waitFor();
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
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
  // Closed (its leave animation done), so that what is checked next is the page, not the dropdown.
  await page.locator(".ant-slide-up-leave").waitFor({ state: "detached" });
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
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
