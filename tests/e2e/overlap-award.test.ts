// End-to-end: 就高不重复 (《太原市…行动方案》六（一）) at award — the bureau's confirmation of a shortlist runs the winners'
// overlap checks; a winner whose organisation (by unified social credit code) already has the same content supported
// stops the confirmation until the bureau decides, and the award then creates the project at the grant decided; the
// public notice names the winner by its registered name. After an upheld objection, the winner offered in place of the
// removed one (递补) is checked the same way: the award machine waits at AwaitOverlapDecision (the bureau's 待办) and
// publishes the new notice only once the bureau decided. A winner the bureau withdraws (grant 0) — offered, or found
// again while its notice runs — is never awarded: its place goes to the next-ranked (递补), or the challenge is unsolved.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationKind } from "../../functions/applications/model.ts";
import { challengeKind } from "../../functions/challenges/model.ts";
import { overlapCheckKind } from "../../functions/overlap/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { projectKind } from "../../functions/projects/model.ts";
import { derivedId } from "../../functions/review/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { awardDriver } from "../support/award.ts";
import { projectWithContent, registerOrganisation, validCode } from "../support/overlap.ts";

let runtime: Runtime;
let dataDir: string;
const driver = awardDriver(() => runtime);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-overlap-award-"));
  runtime = await startRuntime({ dataDir });
  await driver.registerPool();
});
afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Check = {
  status: string;
  stage: string;
  codes: string[];
  findings: { key: string; projectId?: string; sharedCodes: string[] }[];
  grantCapFen?: number;
};

describe("就高不重复 at award", () => {
  it("stops the bureau's confirmation on a winner's same content by code until decided; the project is created at the reduced grant", async () => {
    const uscc = validCode("12140000MB0K00045");
    await registerOrganisation(driver.api, await driver.bureau(), "uni-ovaw", uscc, "示例冶金研究院");
    // The same organisation already has this content supported (a project of another challenge).
    const earlier = await projectWithContent(runtime, "uni-ovaw", "高温合金叶片精密铸造缺陷控制技术", [
      "定向凝固",
    ]);
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-ovaw",
      applicants: [{ lead: "uni-ovaw" }, { lead: "uni-ovaw2" }],
    });
    const winner = applications[0]!;
    const arn = await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, (id) => (id === winner.id ? 90 : 70));
    const shortlisted = await driver.api.post(
      `/v1/awards/${challenge.id}/shortlist`,
      await driver.enterprise("ent-ovaw"),
      { race: false, winners: 1 },
    );
    expect(shortlisted.status).toBe(202);
    await driver.settle();

    const confirm = async () =>
      driver.api.post<{ code: string; messageZh: string }>(
        `/v1/awards/${challenge.id}/confirmation`,
        await driver.bureau(),
        { decision: "confirm" },
      );
    const stopped = await confirm();
    expect([stopped.status, stopped.body.code]).toEqual([409, "OVERLAP_UNDECIDED"]);
    expect(stopped.body.messageZh).toContain("就高不重复");
    expect((await driver.award(challenge.id)).challengeStatus).not.toBe("on-notice");

    const check = await driver.api.get<Check>(
      `/v1/applications/${winner.id}/overlap-check`,
      await driver.bureau(),
    );
    expect(check.body).toMatchObject({ status: "open", stage: "award", codes: [uscc] });
    expect(check.body.findings.map((f) => [f.projectId, f.sharedCodes])).toEqual([
      [earlier.projectId, [uscc]],
    ]);
    const reducedToFen = 400_000_00;
    const decided = await driver.api.post<Check>(
      `/v1/applications/${winner.id}/overlap-check/decisions`,
      await driver.bureau(),
      {
        key: check.body.findings[0]!.key,
        outcome: "fund-higher",
        lower: "subject",
        action: "reduce",
        reducedToFen,
        reason: "同一研发内容已获本市支持，按就高原则核减",
      },
    );
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: "settled", grantCapFen: reducedToFen });

    expect((await confirm()).status).toBe(202);
    await driver.settle();
    const approved = await driver.api.post(
      `/v1/awards/${challenge.id}/confirmation`,
      await driver.approver(),
      { decision: "confirm" },
    );
    expect(approved.status).toBe(202);
    await driver.settle();
    const onNotice = await driver.award(challenge.id);
    expect(onNotice.challengeStatus).toBe("on-notice");
    const notice = (
      await driver.api.get<{ endsAt: string; winners: { organisations: string[] }[] }>(
        `/v1/public/notices/${onNotice.noticeIds[0]}`,
      )
    ).body;
    // The public notice names the winner by its registered name, not the name its application declared.
    expect(notice.winners.map((w) => w.organisations)).toEqual([["示例冶金研究院"]]);
    await driver.advancePast(notice.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("SUCCEEDED");

    const awarded = await driver.award(challenge.id);
    expect(awarded.projectIds).toHaveLength(1);
    const project = await recordStore().get(projectKind, awarded.projectIds[0]!);
    expect(project?.grantFen).toBe(reducedToFen);
    const trail = await recordStore().auditTrail(overlapCheckKind as never, `ovl-${winner.id}`);
    expect(trail.map((e) => e.action).slice(0, 2)).toEqual(["overlap.checked", "overlap.decided"]);
  });

  it("checks a winner offered after an upheld objection (递补) and holds the new notice until the bureau decides", async () => {
    const uscc = validCode("12140000MB0K00061");
    await registerOrganisation(driver.api, await driver.bureau(), "uni-ovrp", uscc, "示例递补研究院");
    const earlier = await projectWithContent(runtime, "uni-ovrp", "高温合金叶片精密铸造缺陷控制技术", [
      "定向凝固",
    ]);
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-ovrp",
      applicants: [{ lead: "uni-ovrp1" }, { lead: "uni-ovrp" }],
    });
    const [winner, next] = [applications[0]!, applications[1]!];
    const arn = await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, (id) => (id === winner.id ? 90 : 80));
    const first = await driver.confirmShortlist(challenge.id, "ent-ovrp", { race: false, winners: 1 });
    const objection = await driver.api.post<{ id: string }>(
      `/v1/public/notices/${first.id}/objections`,
      undefined,
      {
        text: "拟揭榜单位的核心成果涉嫌抄袭他人专利",
      },
    );
    expect(objection.status).toBe(201);
    await driver.advancePast(first.endsAt);
    const upheld = await driver.api.post(
      `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
      await driver.bureau(),
      { decision: "upheld", reason: "经核查，专利侵权属实" },
    );
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    await driver.settle();

    // The offered winner's check found the same content: no new notice; the bureau has the to-do.
    const held = await driver.award(challenge.id);
    expect(held.noticeIds).toEqual([first.id]);
    expect(held.waitingFor?.kind).toBe("overlap");
    expect(await driver.status(arn)).toBe("RUNNING");
    const check = await driver.api.get<Check>(
      `/v1/applications/${next.id}/overlap-check`,
      await driver.bureau(),
    );
    expect(check.body).toMatchObject({ status: "open", stage: "award", codes: [uscc] });
    expect(check.body.findings.map((f) => f.projectId)).toEqual([earlier.projectId]);
    const todos = await driver.api.get<{ items: { action: string; link: string }[] }>(
      "/v1/me/tasks?limit=100",
      await driver.bureau(),
    );
    expect(todos.body.items.filter((t) => t.action === "award.decide-overlap")).toEqual([
      expect.objectContaining({ link: "/bureau/overlap" }),
    ]);

    const reducedToFen = 300_000_00;
    const decided = await driver.api.post<Check>(
      `/v1/applications/${next.id}/overlap-check/decisions`,
      await driver.bureau(),
      {
        key: check.body.findings[0]!.key,
        outcome: "fund-higher",
        lower: "subject",
        action: "reduce",
        reducedToFen,
        reason: "同一研发内容已获本市支持，按就高原则核减",
      },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await driver.settle();
    const published = await driver.award(challenge.id);
    expect(published.noticeIds).toHaveLength(2);
    expect(published.waitingFor).toBeUndefined();
    const after = await driver.api.get<{ items: { action: string }[] }>(
      "/v1/me/tasks?limit=100",
      await driver.bureau(),
    );
    expect(after.body.items.filter((t) => t.action === "award.decide-overlap")).toEqual([]);
    const second = (
      await driver.api.get<{ endsAt: string; winners: { organisations: string[] }[] }>(
        `/v1/public/notices/${published.noticeIds[1]}`,
      )
    ).body;
    expect(second.winners.map((w) => w.organisations)).toEqual([["示例递补研究院"]]);
    await driver.advancePast(second.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("SUCCEEDED");
    const awarded = await driver.award(challenge.id);
    const project = await recordStore().get(projectKind, awarded.projectIds[0]!);
    expect([project?.applicationId, project?.grantFen]).toEqual([next.id, reducedToFen]);
  });
  /** The bureau withdraws support for an application's same content (the lower side: the application checked). */
  async function withdraw(applicationId: string): Promise<void> {
    const check = await driver.api.get<Check>(
      `/v1/applications/${applicationId}/overlap-check`,
      await driver.bureau(),
    );
    expect(check.body.status).toBe("open");
    const decided = await driver.api.post<Check>(
      `/v1/applications/${applicationId}/overlap-check/decisions`,
      await driver.bureau(),
      {
        key: check.body.findings[0]!.key,
        outcome: "fund-higher",
        lower: "subject",
        action: "withdraw",
        reason: "同一研发内容已获本市更高金额支持，撤销本次支持",
      },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: "settled", grantCapFen: 0 });
  }

  const statusOf = async (applicationId: string) =>
    (await recordStore().get(applicationKind, applicationId))?.status;
  const noticeWinners = async (noticeId: string) =>
    (
      await driver.api.get<{ endsAt: string; winners: { organisations: string[] }[] }>(
        `/v1/public/notices/${noticeId}`,
      )
    ).body;

  it("a winner offered after an upheld objection and withdrawn (就高不重复) gives its place to the next-ranked: nobody awarded at grant 0", async () => {
    const uscc = validCode("12140000MB0K00088");
    await registerOrganisation(driver.api, await driver.bureau(), "uni-ovwd", uscc, "示例撤销研究院");
    await projectWithContent(runtime, "uni-ovwd", "高温合金叶片精密铸造缺陷控制技术", ["定向凝固"]);
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-ovwd",
      applicants: [{ lead: "uni-ovwd1" }, { lead: "uni-ovwd" }, { lead: "uni-ovwd3" }],
    });
    const [winner, overlapping, third] = [applications[0]!, applications[1]!, applications[2]!];
    const arn = await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, (id) => (id === winner.id ? 90 : id === overlapping.id ? 80 : 70));
    const first = await driver.confirmShortlist(challenge.id, "ent-ovwd", { race: false, winners: 1 });
    const objection = await driver.api.post<{ id: string }>(
      `/v1/public/notices/${first.id}/objections`,
      undefined,
      {
        text: "拟揭榜单位的核心成果涉嫌抄袭他人专利",
      },
    );
    await driver.advancePast(first.endsAt);
    await driver.api.post(
      `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
      await driver.bureau(),
      {
        decision: "upheld",
        reason: "经核查，专利侵权属实",
      },
    );
    await driver.settle();
    expect((await driver.award(challenge.id)).waitingFor?.kind).toBe("overlap");

    await withdraw(overlapping.id);
    await driver.settle();
    // The withdrawn winner left the round; the third-ranked was offered, checked (nothing found) and noticed.
    expect(await statusOf(overlapping.id)).toBe("overlap-withdrawn");
    const published = await driver.award(challenge.id);
    expect(published.noticeIds).toHaveLength(2);
    const second = await noticeWinners(published.noticeIds[1]!);
    expect(second.winners).toHaveLength(1);
    expect(await statusOf(third.id)).toBe("on-notice");
    const thirdCheck = await recordStore().get(overlapCheckKind, `ovl-${third.id}`);
    expect([thirdCheck?.status, thirdCheck?.findings.length]).toEqual(["settled", 0]);
    await driver.advancePast(second.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("SUCCEEDED");

    const awarded = await driver.award(challenge.id);
    expect(awarded.projectIds).toEqual([derivedId("prj", third.id)]);
    const project = await recordStore().get(projectKind, awarded.projectIds[0]!);
    expect(project?.grantFen).toBeGreaterThan(0);
    expect(await recordStore().get(projectKind, derivedId("prj", overlapping.id))).toBeUndefined();
    expect(await statusOf(overlapping.id)).toBe("overlap-withdrawn");
    const trail = await recordStore().auditTrail(applicationKind as never, overlapping.id);
    expect(trail.map((e) => e.action)).toContain("application.overlap-withdrawn");
    // Its solver is told why (inbox, e-mail by default), by the challenge's title.
    await runtime.notifications.settle();
    const solver = await runtime.identity.issue({ user: "s-ovwd", org: "uni-ovwd", roles: ["solver"] });
    const told = (
      await driver.api.get<{ items: { type: string; title: string; body: string }[] }>(
        "/v1/me/notifications?limit=100",
        solver,
      )
    ).body.items.filter((n) => n.type === "application.overlap-withdrawn");
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain("就高不重复");
  });

  it("a winner withdrawn while its notice runs is replaced at the notice's end; with nobody ranked after, the challenge is unsolved", async () => {
    const uscc = validCode("12140000MB0K00096");
    await registerOrganisation(driver.api, await driver.bureau(), "uni-ovnt", uscc, "示例公示期研究院");
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-ovnt",
      applicants: [{ lead: "uni-ovnt" }],
    });
    const winner = applications[0]!;
    const arn = await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, () => 90);
    // Nothing overlaps at the confirmation …
    const notice = await driver.confirmShortlist(challenge.id, "ent-ovnt", { race: false, winners: 1 });
    // … the same content of the same code comes to light during the notice; the bureau checks again and withdraws.
    await projectWithContent(runtime, "uni-ovnt", "高温合金叶片精密铸造缺陷控制技术", ["定向凝固"]);
    const rechecked = await driver.api.post<Check>(
      `/v1/applications/${winner.id}/overlap-check`,
      await driver.bureau(),
      { stage: "award" },
    );
    expect([rechecked.status, rechecked.body.status]).toEqual([200, "open"]);
    await withdraw(winner.id);
    await driver.advancePast(notice.endsAt);
    await driver.settle();
    expect(await driver.status(arn)).toBe("SUCCEEDED");
    expect(await statusOf(winner.id)).toBe("overlap-withdrawn");
    expect((await recordStore().get(challengeKind, challenge.id))?.status).toBe("unsolved");
    expect(await recordStore().get(projectKind, derivedId("prj", winner.id))).toBeUndefined();
  });
});
