// End-to-end: decision notifications on the embedded runtime over HTTP — the bureau terminates a signed project: the
// solver and the enterprise are told in their inboxes and, having given an e-mail address without choosing e-mail, by
// e-mail by default, with the project's name; the enterprise (the payer) gets the recovery order (追回) too.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { api } = flow;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-decision-notifications-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const inbox = async (token: string) =>
  (await api.get<{ items: { type: string; title: string; body: string }[] }>("/v1/me/notifications", token))
    .body.items;
const mailTo = async (to: string) =>
  (
    await api.get<{ items: { subject: string; text: string }[] }>(
      `/local/mailbox/messages?to=${encodeURIComponent(to)}`,
    )
  ).body.items;

describe("decision notifications", () => {
  it("a termination and its recovery order reach the parties' inboxes and, by default, their e-mail — by name", async () => {
    const project = await flow.signedProject({ startDate: "2025-07-01", solverOrg: "uni-decided" });
    const solver = await flow.solver("uni-decided");
    const enterprise = await flow.enterprise();
    for (const [token, email] of [
      [solver, "s@uni-decided.example"],
      [enterprise, "e@ent-casting.example"],
    ] as const) {
      // An address, no channel chosen: decisions come by e-mail all the same.
      const saved = await api.call("PUT", "/v1/me/notification-preferences", {
        token,
        body: { channels: [], email },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }
    const terminated = await api.post(`/v1/projects/${project.projectId}/termination`, await flow.bureau(), {
      reason: "技术路线无法实现",
      fault: false,
      proposedBy: "solver",
      verifiedSpendingFen: 0,
    });
    expect(terminated.status, JSON.stringify(terminated.body)).toBe(200);
    await flow.settle();
    await runtime.notifications.settle();

    const told = (await inbox(solver)).filter((n) => n.type === "project.terminated");
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe("项目终止");
    expect(told[0]!.body).toContain("uni-decided牵头");
    expect(told[0]!.body).not.toContain(project.projectId);
    expect((await inbox(enterprise)).filter((n) => n.type === "project.terminated")).toHaveLength(1);
    expect((await mailTo("s@uni-decided.example")).map((m) => m.subject)).toContain("项目终止");
    const enterpriseMail = (await mailTo("e@ent-casting.example")).map((m) => m.subject);
    expect(enterpriseMail.filter((s) => s === "项目终止")).toHaveLength(1);
    // Not a decision: the to-dos and reminders stay off e-mail when it was not chosen.
    expect(enterpriseMail.filter((s) => s.startsWith("新的待办"))).toEqual([]);
    // The recovery order goes to the payer (the enterprise) only.
    const orders = (await inbox(enterprise)).filter((n) => n.type === "recovery.assessed");
    const solverOrders = (await inbox(solver)).filter((n) => n.type === "recovery.assessed");
    expect(solverOrders).toEqual([]);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.title).toBe("资金追回通知");
    expect(enterpriseMail.filter((s) => s === "资金追回通知")).toHaveLength(1);
    // Private (the amount): e-mailed by default, not chosen — the title only; the amount stays in the inbox.
    const orderMail = (await mailTo("e@ent-casting.example")).find((m) => m.subject === "资金追回通知")!;
    expect(orderMail.text).toContain("详情请登录工作台查看");
    expect(orderMail.text).not.toMatch(/\d\.\d{2}元/);
    expect(orders[0]!.body).toMatch(/\d\.\d{2}元/);
  }, 300_000);
});
