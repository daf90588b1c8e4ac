// End-to-end: 就高不重复 (《太原市…行动方案》六（一）) at award — the bureau's confirmation of a shortlist runs the winners'
// overlap checks; a winner whose organisation (by unified social credit code) already has the same content supported
// stops the confirmation until the bureau decides, and the award then creates the project at the grant decided; the
// public notice names the winner by its registered name. After an upheld objection, the winner offered in place of the
// removed one (递补) is checked the same way: the award machine waits at AwaitOverlapDecision (the bureau's 待办) and
// publishes the new notice only once the bureau decided.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overlapCheckKind } from "../../functions/overlap/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { projectKind } from "../../functions/projects/model.ts";
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
});
