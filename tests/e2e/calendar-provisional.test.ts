// End-to-end: an award whose public notice reaches into a year without the State Council's holiday arrangement is
// published at once, counted provisionally from the statutory holidays and marked so; when an administrator loads the
// year's arrangement with more days off, the notice is extended, the bureau is flagged, the public page shows the
// correction, the bureau is told in its inbox, and the waiting execution waits the extra days before it awards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeKind } from "../../functions/award/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { roundKind } from "../../functions/review/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { type AwardView, awardDriver, type PublicNotice } from "../support/award.ts";

let runtime: Runtime;
let dataDir: string;
const driver = awardDriver(() => runtime);

/** A test fixture shaped like a State Council notice, with more days off than the statute; not the official 2027 one. */
const fixture2027 = {
  holidays: ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-01-05"],
  makeUpWorkdays: [],
  source: "test fixture (not the official 2027 arrangement)",
};

type Notice = PublicNotice & {
  provisional: boolean;
  provisionalYears?: number[];
  provisionalNote?: { en: string; zh: string };
  correction?: { previousLastDay: string; lastDay: string; year: number; noteZh: string };
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-calendar-provisional-"));
  // Monday 28 December 2026, 09:00 in Shanghai: a 5-working-day notice published now runs into 2027.
  runtime = await startRuntime({ dataDir, clockStart: "2026-12-28T01:00:00.000Z" });
  await driver.registerPool();
});

afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a notice into a year without the State Council's arrangement", () => {
  it("is published at once, provisionally; the loaded arrangement extends it and the execution waits the extra days", async () => {
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-newyear",
      applicants: [{ lead: "uni-ny1" }, { lead: "uni-ny2" }],
    });
    const best = applications[0]!;
    const arn = await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, (id) => (id === best.id ? 90 : 70));
    const confirmed = await driver.shortlistAndConfirm(challenge.id, "ent-newyear", {
      race: false,
      winners: 1,
    });

    // Published the same day, not escalated: counted with 元旦 (Friday 1 January 2027) off, marked provisional.
    expect(confirmed.challengeStatus).toBe("on-notice");
    expect(confirmed.noticeIds).toHaveLength(1);
    expect(confirmed.overdue).toBeUndefined();
    const noticeId = confirmed.noticeIds[0]!;
    const published = (await driver.api.get<Notice>(`/v1/public/notices/${noticeId}`)).body;
    expect(published).toMatchObject({
      firstDay: "2026-12-28",
      lastDay: "2027-01-04",
      provisional: true,
      provisionalYears: [2027],
      acceptingObjections: true,
    });
    expect(published.provisionalNote?.zh).toContain("《全国年节及纪念日放假办法》");
    expect(published.correction).toBeUndefined();
    expect(await recordStore().get(noticeKind, noticeId)).toMatchObject({
      provisional: true,
      provisionalYears: [2027],
    });
    const years = await driver.api.get<{ items: { year: number; loaded: boolean; provisional: boolean }[] }>(
      "/v1/calendar/years",
      await driver.bureau(),
    );
    expect(years.body.items.find((y) => y.year === 2027)).toMatchObject({ loaded: false, provisional: true });

    // The administrator loads 2027 with 4 and 5 January off: the notice runs two more working days.
    const admin = await runtime.identity.issue({ user: "ops", org: "it", roles: ["admin"] });
    const loaded = await driver.api.call<{ noticeWindows: { extended: string[]; confirmed: string[] } }>(
      "PUT",
      "/v1/calendar/years/2027",
      { token: admin, body: fixture2027 },
    );
    expect(loaded.status).toBe(200);
    expect(loaded.body.noticeWindows).toEqual({ extended: [noticeId], confirmed: [] });
    // Loading it again changes nothing more (each notice is corrected once).
    const again = await driver.api.call<{ noticeWindows: { extended: string[] } }>(
      "PUT",
      "/v1/calendar/years/2027",
      { token: admin, body: fixture2027 },
    );
    expect(again.body.noticeWindows.extended).toEqual([]);

    const extended = (await driver.api.get<Notice>(`/v1/public/notices/${noticeId}`)).body;
    expect(extended).toMatchObject({
      lastDay: "2027-01-06",
      endsAt: "2027-01-06T23:59:59.999+08:00",
      provisional: false,
      correction: { previousLastDay: "2027-01-04", lastDay: "2027-01-06", year: 2027 },
    });
    expect(extended.correction?.noteZh).toContain("已按国务院正式节假日安排顺延");
    expect(await recordStore().get(noticeKind, noticeId)).toMatchObject({
      waitUntil: new Date(Date.parse("2027-01-06T23:59:59.999+08:00") + 1).toISOString(),
      calendarCorrection: { previousLastDay: "2027-01-04", lastDay: "2027-01-06", year: 2027 },
    });
    // The bureau sees it on the award (to re-announce the corrected end on its own channels), and the audit says so.
    const award = (await driver.award(challenge.id)) as AwardView & {
      noticeExtended?: Record<string, unknown>;
    };
    expect(award.noticeExtended).toMatchObject({
      noticeId,
      previousLastDay: "2027-01-04",
      lastDay: "2027-01-06",
    });
    const noticeTrail = await recordStore().auditTrail(noticeKind as never, noticeId);
    expect(noticeTrail.find((e) => e.action === "notice.window-extended")).toMatchObject({
      role: "admin",
      detail: { year: 2027, previousLastDay: "2027-01-04", lastDay: "2027-01-06" },
    });
    const roundTrail = await recordStore().auditTrail(roundKind as never, `rnd-${challenge.id}-r1`);
    expect(roundTrail.find((e) => e.action === "award.escalated-to-bureau")).toMatchObject({
      detail: expect.objectContaining({ stage: "notice-window-extended", noticeId }),
    });
    // … and is told in its inbox, with both ends, linked to the challenge (notifications from the table's stream).
    await runtime.notifications.settle();
    const told = (
      await driver.api.get<{ items: { type: string; title: string; body: string; link: string }[] }>(
        "/v1/me/notifications",
        await driver.bureau(),
      )
    ).body.items.filter((n) => n.type === "notice.window-extended");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: "公示期已顺延", link: `/challenges/${challenge.id}` });
    expect(told[0]!.body).toContain("由2027-01-04顺延至2027-01-06");

    // Past the provisional end: the execution's timer fires, learns of the extension and waits again.
    await driver.advancePast(published.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("RUNNING");
    const during = (await driver.api.get<Notice>(`/v1/public/notices/${noticeId}`)).body;
    expect(during).toMatchObject({ status: "open", acceptingObjections: true });
    expect((await driver.award(challenge.id)).challengeStatus).toBe("on-notice");

    // Past the corrected end: awarded.
    await driver.advancePast(extended.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("SUCCEEDED");
    expect((await driver.award(challenge.id)).challengeStatus).toBe("awarded");
    const ended = await recordStore().auditTrail(noticeKind as never, noticeId);
    const endedAt = ended.find((e) => e.action === "notice.ended")?.at;
    expect(Date.parse(endedAt ?? "")).toBeGreaterThan(Date.parse(extended.endsAt));
  });
});
