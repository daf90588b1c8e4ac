// End-to-end, the Done-when of "Reach people and the public" (notifications, domain events): one milestone followed on
// the real flow from its reminder to its payment — the reminder 14 days before the due date, the report filed, the
// expert's review, the approver's payment opinion, the payment run paid by the treasury — on the platform as
// `npm start` runs it, in a child process killed with SIGKILL at the first e-mail's send (after the relay took it,
// before the send was recorded) and restarted on the same data directory. The enterprise's inbox entries, the e-mails in
// the local mailbox and the events in the event log are each there exactly once.
import { afterEach, describe, expect, it } from "vitest";
import type { CloudEvent } from "../../functions/events/model.ts";
import { trancheId } from "../../functions/projects/model.ts";
import { projectFlow } from "../support/project-flow.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("milestone-to-payment");
afterEach(() => child.cleanUp());

/** Task books start 2025-07-01 (the payment tests' dates); milestone 1 is due 2026-07-01, its reminder 2026-06-17. */
const clockStart = "2025-06-02T02:00:00.000Z";
const afterReminder = Date.parse("2026-06-18T02:00:00.000Z");
const email = "e-ent-casting@ent-casting.example";

const clockNow = async () => Date.parse((await child.api.get<{ now: string }>("/local/clock")).body.now);

interface InboxItem {
  id: string;
  type: string;
  title: string;
  body: string;
}
interface Mail {
  messageId?: string;
  subject: string;
  deliveries: number;
}

describe("one milestone from its reminder to its payment, across a kill -9 at a send", () => {
  it("the enterprise's inbox entries, its e-mails and the event log's events are each there exactly once", async () => {
    const env = { JIEBANG_CLOCK_START: clockStart };
    await child.start({ crashAt: "notification.after-send", env });
    const first = await child.asRuntime();
    let flow = projectFlow(() => first);
    const db = child.records();
    const project = await flow
      .signedProject({ startDate: "2025-07-01", records: db.store })
      .finally(db.close);
    await flow.registerExperts([1]);
    // The enterprise takes e-mail now: its first e-mail is the first send of the run, where the child dies.
    const saved = await child.api.call("PUT", "/v1/me/notification-preferences", {
      token: await flow.enterprise(),
      body: { channels: ["email"], email },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // The clock reaches the reminder: the timer writes it, the stream sends its e-mail, and the child dies there.
    const exit = child.died();
    await child.api
      .call("POST", "/local/clock/advance", { body: { ms: afterReminder - (await clockNow()) } })
      .catch(() => undefined);
    expect(await exit).toBe("SIGKILL");

    await child.start({ env });
    const left = afterReminder - (await clockNow());
    if (left > 0) await child.api.call("POST", "/local/clock/advance", { body: { ms: left } });
    await child.platform().settle();
    const restarted = await child.asRuntime();
    flow = projectFlow(() => restarted);

    // The report, the expert's pass, the approver's payment opinion.
    await flow.passMilestone(project.projectId, 1);
    const view = await flow.read(project.projectId);
    const tranche = view.tranches.find((t) => t.index !== 1 && t.status === "eligible");
    expect(tranche, JSON.stringify(view.tranches)).toBeDefined();

    // The payment run (finance officer 1), the second officer's approval, the treasury's payment.
    const finance1 = await child.token("f1", "taiyuan-czj", "finance");
    const run = await child.api.call<{ results: { outcome: string; paymentId?: string }[] }>(
      "POST",
      "/v1/payments",
      {
        token: finance1,
        body: { trancheIds: [trancheId(project.projectId, tranche!.index)] },
        headers: { "idempotency-key": "milestone-to-payment" },
      },
    );
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    const paymentId = run.body.results[0]!.paymentId!;
    await child.platform().settle();
    const approved = await child.api.post(
      `/v1/payments/${paymentId}/approval`,
      await child.token("f2", "taiyuan-czj", "finance"),
      { decision: "approve" },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    for (let attempt = 0; ; attempt++) {
      await child.platform().settle();
      const got = await child.api.get<{ status: string }>(`/v1/payments/${paymentId}`, finance1);
      if (got.body.status === "paid") break;
      expect(attempt, `payment ${paymentId} is ${got.body.status}`).toBeLessThan(3);
      // The treasury's callback waits a day, then the instruction is resubmitted (deduplicated by the treasury).
      await child.api.call("POST", "/local/clock/advance", { body: { hours: 25 } });
    }
    await child.platform().settle();

    // The enterprise's inbox: the reminder once, the payment once, no entry twice.
    const inbox = await child.api.get<{ items: InboxItem[] }>(
      "/v1/me/notifications?limit=100",
      await flow.enterprise(),
    );
    expect(inbox.status).toBe(200);
    const types = inbox.body.items.map((n) => n.type);
    expect(new Set(inbox.body.items.map((n) => n.id)).size).toBe(inbox.body.items.length);
    expect(
      types.filter((t) => t === "milestone.reminded"),
      types.join(),
    ).toHaveLength(1);
    expect(
      types.filter((t) => t === "payment.paid"),
      types.join(),
    ).toHaveLength(1);
    const paid = inbox.body.items.find((n) => n.type === "payment.paid")!;
    expect(paid.body).toContain(`第${tranche!.index}批资金`);
    // Every notification of an event once (a to-do whose `since` moved is news again: its own entry).
    for (const n of inbox.body.items.filter((m) => !m.type.startsWith("todo."))) {
      const same = inbox.body.items.filter((m) => m.type === n.type && m.body === n.body);
      expect(same, `${n.type} ${n.body}`).toHaveLength(1);
    }

    // The mailbox: each e-mail shown once — the one sent as the child died was received again with its Message-ID.
    const mailbox = await child.api.get<{ items: Mail[]; receptions: number }>(
      `/local/mailbox/messages?to=${encodeURIComponent(email)}`,
    );
    const mails = mailbox.body.items.map((m) => m.subject);
    expect(
      mails.filter((s) => s === "里程碑报告提交提醒"),
      mails.join(),
    ).toHaveLength(1);
    expect(
      mails.filter((s) => s === "资金已拨付"),
      mails.join(),
    ).toHaveLength(1);
    expect(
      mailbox.body.items.filter((m) => m.deliveries === 2),
      "the send the kill cut short, received again",
    ).toHaveLength(1);
    expect(mailbox.body.items.every((m) => m.deliveries <= 2)).toBe(true);

    // The event log: every event once, and the milestone's own events — reminded, filed, reviewed, passed, paid.
    const log = (await child.api.get<{ items: CloudEvent[] }>("/local/events")).body.items;
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
    const subjects = new Set([
      `PROJECT_TRACK/${project.projectId}`,
      `PAYMENT/${paymentId}`,
      `TRANCHE/${trancheId(project.projectId, tranche!.index)}`,
    ]);
    const ofProject = (type: string) =>
      log.filter((e) => e.type === `cn.gov.jiebang.${type}` && subjects.has(String(e.subject)));
    expect(ofProject("project.milestone-reminded").map((e) => e.data)).toEqual([
      expect.objectContaining({ dueDate: "2026-07-01" }),
    ]);
    expect(ofProject("project.milestone-report-filed")).toHaveLength(1);
    expect(ofProject("project.milestone-reviewed")).toHaveLength(1);
    expect(ofProject("project.milestone-passed")).toHaveLength(1);
    // Paid once: one event on the payment, one on its tranche.
    expect(
      ofProject("payment.paid")
        .map((e) => e.subject?.split("/")[0])
        .sort(),
    ).toEqual(["PAYMENT", "TRANCHE"]);
  }, 600_000);
});
