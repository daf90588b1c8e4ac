// Unit: who is told what — each outbox entry (a new to-do item, a notifying audit event) mapped to recipients and
// Chinese texts, with ids that are the same however often the entry is read (notifications/rules/recipients.ts).
import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "../../../../functions/notifications/model.ts";
import {
  eventNotifies,
  notificationId,
  notificationsFor,
  type RecordFacts,
} from "../../../../functions/notifications/rules/recipients.ts";

const todo = (partition: string, action: string, extra: Record<string, unknown> = {}): OutboxEntry => ({
  source: "todo",
  partition,
  todo: {
    id: `PAYMENT#pmt-1#${action}`,
    action,
    since: "2026-03-01T01:00:00.000Z",
    deadline: "2026-03-04T01:00:00.000Z",
    link: "/payments/pmt-1",
    recordKind: "PAYMENT",
    recordId: "pmt-1",
    ...extra,
  },
});

const event = (
  recordKind: string,
  action: string,
  version = 3,
  detail: Record<string, unknown> = {},
): OutboxEntry => ({
  source: "event",
  event: {
    recordKind,
    recordId: "r-1",
    version,
    action,
    at: "2026-03-01T01:00:00.000Z",
    actor: "workflow",
    detail,
  },
});

describe("notification rules: to-dos", () => {
  it("a new to-do tells its assignee key, in Chinese, with its deadline in Shanghai time", () => {
    const [n, ...rest] = notificationsFor(todo("TODO#ROLE#finance", "payment.approve"), undefined);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({
      type: "todo.payment.approve",
      recipient: "ROLE#finance",
      title: "新的待办：审批拨付（复核）",
      link: "/payments/pmt-1",
      private: false,
    });
    expect(n!.body).toContain("2026年3月4日 09:00");
  });

  it("four eyes: the maker is excluded from the payment awaiting a second officer", () => {
    const [n] = notificationsFor(
      todo("TODO#ROLE#finance", "payment.approve", { exceptUsers: ["maker"] }),
      undefined,
    );
    expect(n!.exceptUsers).toEqual(["maker"]);
  });

  it("the same to-do read twice is the same notification; back again later (new since) is a new one", () => {
    const a = notificationsFor(todo("TODO#USER#x", "review.score"), undefined)[0]!;
    const b = notificationsFor(todo("TODO#USER#x", "review.score"), undefined)[0]!;
    const later = notificationsFor(
      todo("TODO#USER#x", "review.score", { since: "2026-04-01T00:00:00.000Z" }),
      undefined,
    )[0]!;
    expect(a.id).toBe(b.id);
    expect(later.id).not.toBe(a.id);
    expect(a.id).toMatch(/^n-[0-9a-f]{32}$/);
  });
});

describe("notification rules: events", () => {
  it("a milestone reminder tells each enterprise of the track (milestones are numbered from 1)", () => {
    const ns = notificationsFor(
      event("PROJECT_TRACK", "milestone.reminded", 4, { milestone: 1, dueDate: "2026-06-30" }),
      {
        enterpriseOrganisationIds: ["ent-1", "ent-2"],
      },
    );
    expect(ns.map((n) => n.recipient)).toEqual(["ROLE#enterprise@ent-1", "ROLE#enterprise@ent-2"]);
    expect(ns[0]!.title).toBe("里程碑报告提交提醒");
    expect(ns[0]!.body).toContain("第1个里程碑将于2026-06-30到期");
  });

  it("an escalation tells the bureau and the enterprise", () => {
    const ns = notificationsFor(event("PROJECT_TRACK", "milestone.escalated"), {
      enterpriseOrganisationIds: ["ent-1"],
    });
    expect(ns.map((n) => n.recipient)).toEqual(["ROLE#bureau", "ROLE#enterprise@ent-1"]);
  });

  it("a payment paid tells the payee enterprise, privately, with the amount in yuan", () => {
    const [n, ...rest] = notificationsFor(event("PAYMENT", "payment.paid"), {
      payeeOrganisationId: "ent-1",
      projectId: "p-1",
      trancheIndex: 1,
      amountFen: 12_345_600,
    });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ recipient: "ROLE#enterprise@ent-1", private: true, link: "/projects/p-1" });
    // Tranches are numbered from 1 (trancheId(project, 1) is the first).
    expect(n!.body).toContain("项目第1批资金123,456.00元");
  });

  it("a receivable overdue tells finance and the payer", () => {
    const ns = notificationsFor(event("RECOVERY", "recovery.escalated", 2, { outstandingFen: 100 }), {
      payerOrganisationId: "ent-9",
    });
    expect(ns.map((n) => n.recipient)).toEqual(["ROLE#finance", "ROLE#enterprise@ent-9"]);
  });

  it("the project workflow's timers event notifies each reminder and escalation it lists, each with its own id", () => {
    const timers = event("PROJECT_TRACK", "project.timers", 7, {
      events: [
        { action: "milestone.reminded", detail: { milestone: 2, dueDate: "2026-07-01" } },
        { action: "milestone.escalated", detail: { milestone: 1, dueDate: "2026-05-01" } },
        { action: "milestone.rectification-lapsed", detail: { milestone: 1 } },
      ],
    });
    expect(eventNotifies("PROJECT_TRACK", "project.timers")).toBe(true);
    expect(eventNotifies("PAYMENT", "project.timers")).toBe(false);
    const ns = notificationsFor(timers, { enterpriseOrganisationIds: ["ent-1"] });
    expect(ns.map((n) => [n.type, n.recipient])).toEqual([
      ["milestone.reminded", "ROLE#enterprise@ent-1"],
      ["milestone.escalated", "ROLE#bureau"],
      ["milestone.escalated", "ROLE#enterprise@ent-1"],
    ]);
    expect(ns[0]!.body).toContain("第2个里程碑将于2026-07-01到期");
    expect(new Set(ns.map((n) => n.id)).size).toBe(3);
    expect(notificationsFor(timers, { enterpriseOrganisationIds: ["ent-1"] })).toEqual(ns);
    expect(notificationsFor(event("PROJECT_TRACK", "project.timers", 8, {}), {})).toEqual([]);
  });

  it("a public notice extended by the year's official arrangement tells the bureau, with both ends, to re-announce it", () => {
    expect(eventNotifies("NOTICE", "notice.window-extended")).toBe(true);
    const detail = { year: 2027, previousLastDay: "2027-01-04", lastDay: "2027-01-06" };
    const [n, ...rest] = notificationsFor(event("NOTICE", "notice.window-extended", 2, detail), {
      challengeId: "chl-1",
      title: "高温合金叶片精密铸造缺陷控制",
    });
    expect(rest).toEqual([]);
    expect(n).toMatchObject({
      type: "notice.window-extended",
      recipient: "ROLE#bureau",
      title: "公示期已顺延",
      link: "/challenges/chl-1",
      private: false,
    });
    expect(n!.body).toContain("「高温合金叶片精密铸造缺陷控制」");
    expect(n!.body).toContain("2027-01-06");
    expect(n!.body).toContain("2027-01-04");
  });

  it("a fraud referred to a judicial organ is reported to finance, with the organ, the reference and the money at stake", () => {
    expect(eventNotifies("JUDICIAL_REFERRAL", "judicial-referral.referred")).toBe(true);
    const detail = {
      organ: "太原市公安局经济犯罪侦查支队",
      referredOn: "2025-10-09",
      reference: "并科移〔2025〕1号",
    };
    // The referral record's own fields: the money the fraud finding recovers.
    const referral: RecordFacts & { recoverFen: number } = {
      projectId: "prj-1",
      title: "高强度钢",
      recoverFen: 300_000_00,
    };
    const [n, ...rest] = notificationsFor(
      event("JUDICIAL_REFERRAL", "judicial-referral.referred", 1, detail),
      referral,
    );
    expect(rest).toEqual([]);
    expect(n).toMatchObject({
      type: "judicial-referral.referred",
      recipient: "ROLE#finance",
      title: "弄虚作假项目已移交司法机关",
      link: "/judicial-referrals",
      private: false,
    });
    expect(n!.body).toContain("「高强度钢」");
    expect(n!.body).toContain("太原市公安局经济犯罪侦查支队");
    expect(n!.body).toContain("并科移〔2025〕1号");
    expect(n!.body).toContain("300,000.00元");
  });

  it("other events, the wrong record kind, or a record gone notify nobody", () => {
    expect(eventNotifies("PAYMENT", "payment.reserved")).toBe(false);
    expect(eventNotifies("PROJECT_TRACK", "payment.paid")).toBe(false);
    expect(notificationsFor(event("PAYMENT", "payment.reserved"), { payeeOrganisationId: "e" })).toEqual([]);
    expect(notificationsFor(event("PAYMENT", "payment.paid"), undefined)).toEqual([]);
  });

  it("ids differ by recipient and by event version", () => {
    expect(notificationId("event#P#1#2", "ROLE#bureau")).not.toBe(
      notificationId("event#P#1#2", "ROLE#finance"),
    );
    const a = notificationsFor(event("PAYMENT", "payment.paid", 5), { payeeOrganisationId: "e" })[0]!;
    const b = notificationsFor(event("PAYMENT", "payment.paid", 6), { payeeOrganisationId: "e" })[0]!;
    expect(a.id).not.toBe(b.id);
  });
});
