// Unit: how a notification goes out to one person (notifications/rules/delivery.ts): chosen channels with addresses,
// nothing private on a short-message channel, quiet hours in Shanghai, backoff.
import { describe, expect, it } from "vitest";
import type { Preferences } from "../../../../functions/notifications/model.ts";
import {
  backoffMs,
  channelsFor,
  mailText,
  sendableAt,
  shortText,
} from "../../../../functions/notifications/rules/delivery.ts";

const person = (extra: Partial<Preferences>): Preferences => ({
  userId: "u1",
  organisationId: "o1",
  roles: ["enterprise"],
  channels: [],
  ...extra,
});

describe("delivery rules", () => {
  it("only the channels chosen and with an address; none for a user excluded (four eyes)", () => {
    const todo = { type: "todo.payment.approve" };
    expect(channelsFor(todo, person({ channels: ["email", "sms"], email: "a@b.cn" }))).toEqual(["email"]);
    expect(channelsFor(todo, person({ email: "a@b.cn" }))).toEqual([]);
    expect(
      channelsFor({ ...todo, exceptUsers: ["u1"] }, person({ channels: ["email"], email: "a@b.cn" })),
    ).toEqual([]);
  });

  it("a decision goes by e-mail by default to whoever gave an address; SMS/WeChat only where chosen", () => {
    const award = { type: "application.awarded" };
    expect(channelsFor(award, person({ email: "a@b.cn" }))).toEqual(["email"]);
    expect(channelsFor(award, person({ phone: "13800000000" }))).toEqual([]);
    expect(channelsFor(award, person({ channels: ["sms"], phone: "13800000000", email: "a@b.cn" }))).toEqual([
      "sms",
      "email",
    ]);
    // A reminder is not a decision: e-mail only when chosen.
    expect(channelsFor({ type: "milestone.reminded" }, person({ email: "a@b.cn" }))).toEqual([]);
  });

  it("a private notification's body stays off SMS/WeChat", () => {
    const n = { title: "资金已拨付", body: "项目第1批资金123,456.00元已拨付", private: true };
    expect(shortText(n)).not.toContain("123,456.00");
    expect(shortText({ ...n, private: false })).toContain("123,456.00");
  });

  it("a private decision e-mailed by default (e-mail not chosen) carries its title only; chosen, the whole text", () => {
    const order = {
      type: "recovery.assessed",
      title: "资金追回通知",
      body: "核定应退回资金1,234.00元",
      private: true,
      link: "/projects/p",
    };
    const given = person({ email: "a@b.cn" });
    expect(channelsFor(order, given)).toEqual(["email"]);
    expect(mailText(order, given)).not.toContain("1,234.00");
    expect(mailText(order, given)).toContain("资金追回通知");
    expect(mailText(order, given)).toContain("/projects/p");
    expect(mailText(order, person({ email: "a@b.cn", channels: ["email"] }))).toContain("1,234.00");
    // Not private: the whole text by default too.
    expect(mailText({ ...order, private: false }, given)).toContain("1,234.00");
  });

  it("quiet hours 22:00–08:00 Shanghai defer to 08:00, wrapping midnight", () => {
    const quiet = { from: "22:00", to: "08:00" };
    // 23:30 Shanghai = 15:30Z → next day 08:00 Shanghai = 00:00Z
    expect(sendableAt("2026-03-01T15:30:00.000Z", quiet)).toBe("2026-03-02T00:00:00.000Z");
    // 03:00 Shanghai = 19:00Z the day before → same day 08:00 Shanghai
    expect(sendableAt("2026-03-01T19:00:00.000Z", quiet)).toBe("2026-03-02T00:00:00.000Z");
    // 12:00 Shanghai: now
    expect(sendableAt("2026-03-01T04:00:00.000Z", quiet)).toBe("2026-03-01T04:00:00.000Z");
    // 12:00–14:00 Shanghai (not wrapping): 13:00 → 14:00
    expect(sendableAt("2026-03-01T05:00:00.000Z", { from: "12:00", to: "14:00" })).toBe(
      "2026-03-01T06:00:00.000Z",
    );
    expect(sendableAt("2026-03-01T15:30:00.000Z", undefined)).toBe("2026-03-01T15:30:00.000Z");
  });

  it("backoff doubles from 30 s to at most an hour", () => {
    expect([1, 2, 3].map(backoffMs)).toEqual([30_000, 60_000, 120_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
});
