// End-to-end (browser): the workbench's later gaps, headless Chromium against the in-process runtime — a solver opens
// 我的项目 from the menu, sees its organisation's project by title with its grant, and opens the project's page; its
// awarded application links to the same project. axe-core on each page; screenshots in
// test-artifacts/screenshots/wb-gaps-*.png.
import { describe, expect, it } from "vitest";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { openMenu, withWorkbench } from "../support/workbench.ts";

const wb = withWorkbench({ prefix: "wb-gaps", clockStart: "2025-06-02T02:00:00.000Z" });
let project: SeededProject;

describe("a solver's projects in the workbench", () => {
  it("opens 我的项目 from the menu, then the project's page; the awarded application links to it", async () => {
    project = await awardedProject(wb.runtime, { solverOrg: "uni-wb" });
    const page = await wb.open({ user: "s-wb", org: "uni-wb", role: "solver" });
    await openMenu(page, "我的项目");
    const table = page.getByTestId("solver-projects");
    const row = table.locator(`[data-project="${project.projectId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("牵头单位");
    await expect(row.textContent()).resolves.toContain("项目管理测试批次");
    await wb.checked("my-projects");
    await row.getByRole("link").first().click();
    await page.waitForURL(new RegExp(`/projects/${project.projectId}$`));
    await page.getByTestId("page-title").or(page.locator("h1")).first().waitFor();
    await wb.checked("project");

    await openMenu(page, "我的揭榜申请");
    const link = page.locator(`[data-application="${project.applicationId}"]`).getByTestId("open-project");
    await link.click();
    await page.waitForURL(new RegExp(`/projects/${project.projectId}$`));
  }, 180_000);
});
