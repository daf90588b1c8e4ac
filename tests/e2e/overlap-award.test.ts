// End-to-end: 就高不重复 (《太原市…行动方案》六（一）) at award — the bureau's confirmation of a shortlist runs the winners'
// overlap checks; a winner whose organisation (by unified social credit code) already has the same content supported
// stops the confirmation until the bureau decides, and the award then creates the project at the grant decided; the
// public notice names the winner by its registered name.
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
});
