// End-to-end: an award whose public notice would run into a year without a loaded holiday arrangement does not fail;
// the award workflow escalates, waits, and publishes the notice once an administrator has loaded the year.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordStore } from "../../functions/platform/deps.ts";
import { roundKind } from "../../functions/review/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { awardDriver, type PublicNotice } from "../support/award.ts";

let runtime: Runtime;
let dataDir: string;
const driver = awardDriver(() => runtime);

/** A test fixture shaped like a State Council notice; not the official 2027 arrangement. */
const fixture2027 = {
  holidays: ["2027-01-01", "2027-01-02", "2027-01-03"],
  makeUpWorkdays: [],
  source: "test fixture (not the official 2027 arrangement)",
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-calendar-escalation-"));
  // Monday 28 December 2026, 09:00 in Shanghai: a 5-working-day notice published now runs into 2027.
  runtime = await startRuntime({ dataDir, clockStart: "2026-12-28T01:00:00.000Z" });
  await driver.registerPool();
});

afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a notice into a year without calendar data", () => {
  it("escalates and waits instead of failing, then publishes once an administrator loads the year", async () => {
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

    // No notice, no failed execution: the round is escalated and the execution waits on a timer.
    expect(confirmed.noticeIds).toEqual([]);
    expect(confirmed.overdue?.count).toBeGreaterThanOrEqual(1);
    expect(await driver.status(arn)).toBe("RUNNING");
    const trail = await recordStore().auditTrail(roundKind as never, `rnd-${challenge.id}-r1`);
    const escalation = trail.find((e) => e.action === "award.escalated-to-bureau");
    expect(escalation).toBeDefined();
    expect(JSON.stringify(escalation)).toContain("calendar-year");

    // A day later, still no data: escalated again, still waiting.
    await runtime.advanceClock(86_400_000 + 60_000);
    await driver.settle();
    const again = await driver.award(challenge.id);
    expect(again.noticeIds).toEqual([]);
    expect(again.overdue?.count ?? 0).toBeGreaterThan(confirmed.overdue?.count ?? 0);
    expect(await driver.status(arn)).toBe("RUNNING");

    // The administrator loads 2027; at the next attempt the notice is published, counted in the loaded year.
    const admin = await runtime.identity.issue({ user: "ops", org: "it", roles: ["admin"] });
    const loaded = await driver.api.call("PUT", "/v1/calendar/years/2027", {
      token: admin,
      body: fixture2027,
    });
    expect(loaded.status).toBe(200);
    await runtime.advanceClock(86_400_000 + 60_000);
    await driver.settle();
    const published = await driver.award(challenge.id);
    expect(published.challengeStatus).toBe("on-notice");
    expect(published.noticeIds).toHaveLength(1);
    const notice = (await driver.api.get<PublicNotice>(`/v1/public/notices/${published.noticeIds[0]}`)).body;
    // Published Wednesday 30 December 2026: 12-30, 12-31, (1-3 January holidays in the fixture) 1-4, 1-5, 1-6.
    expect(notice.firstDay).toBe("2026-12-30");
    expect(notice.lastDay).toBe("2027-01-06");
    expect(await driver.status(arn)).toBe("RUNNING");

    await driver.advancePast(notice.endsAt);
    expect(await driver.status(arn)).toBe("SUCCEEDED");
    expect((await driver.award(challenge.id)).challengeStatus).toBe("awarded");
  });
});
