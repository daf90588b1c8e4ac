// End-to-end: a project's decision notifications on the embedded runtime over HTTP — final acceptance (结题验收) passed
// and not passed, an extension (延期) refused and then granted: the project's solver and enterprise are told in their
// inboxes and, having given an e-mail address without ticking e-mail, by e-mail — each once, in Chinese, named by the
// project; the solver of another project and an enterprise not party to it get nothing of it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../functions/challenges/model.ts";
import { shanghaiDate } from "../../functions/kernel/dates.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { created } from "../../functions/platform/ports/records.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { expectStatus, projectFlow } from "../support/project-flow.ts";

let runtime: Runtime;
let dataDir: string;
const flow = projectFlow(() => runtime);
const { api, bureau, approver, enterprise, expert, solver, settle } = flow;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-decision-notifications-project-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  await flow.registerExperts([1, 2]);
  // The enterprise of every project here (ent-casting) and a stranger gave an address, e-mail not ticked.
  for (const [token, email] of [
    [await enterprise(), "e@ent-casting.example"],
    [await enterprise("ent-stranger"), "e@ent-stranger.example"],
  ] as const) {
    await prefer(token, email);
  }
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function prefer(token: string, email: string): Promise<void> {
  const saved = await api.call("PUT", "/v1/me/notification-preferences", {
    token,
    body: { channels: [], email },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}
interface InboxItem {
  type: string;
  title: string;
  body: string;
  record: { kind: string; id: string };
}
const inbox = async (t: string) =>
  (await api.get<{ items: InboxItem[] }>("/v1/me/notifications?limit=100", t)).body.items;
const mailTo = async (to: string) =>
  (
    await api.get<{ items: { subject: string; text: string }[] }>(
      `/local/mailbox/messages?to=${encodeURIComponent(to)}`,
    )
  ).body.items;
const han = /[\u4e00-\u9fff]/;
const ofType = async (t: string, type: string) => (await inbox(t)).filter((n) => n.type === type);
const mailed = async (address: string, subject: string) =>
  (await mailTo(address)).filter((m) => m.subject === subject);

/**
 * The seeded project's challenge, with its title: the seeded project record carries none (as one written before
 * titles were stored), so its notifications name it by its challenge's title.
 */
async function nameProject(challengeId: string, programmeId: string, title: string): Promise<void> {
  const challenge = {
    id: challengeId,
    version: 1,
    programmeId,
    title,
    enterpriseOrganisationIds: ["ent-casting"],
    status: "awarded",
  } as unknown as ChallengeRecord;
  await recordStore().write(
    [created(challengeKind, challenge, { actor: "test", role: "bureau", action: "test.seeded" })],
    new Date(runtime.clock.now()).toISOString(),
  );
}

/** A signed project of solver `org` (its solver's address given) with both milestones passed. */
async function readyForAcceptance(org: string) {
  const { projectId, challengeId, programmeId } = await flow.signedProject({
    solverOrg: org,
    startDate: shanghaiDate(runtime.clock.now()),
  });
  await nameProject(challengeId, programmeId, `${org} 攻关项目`);
  await prefer(await solver(org), `s@${org}.example`);
  await flow.passMilestone(projectId, 1);
  await flow.passMilestone(projectId, 2);
  expectStatus(
    await api.post(`/v1/projects/${projectId}/acceptance`, await enterprise(), { summary: "全部指标完成" }),
    201,
  );
  const plan = { plan: "现场测试与资料审查", expertIds: ["local-x1", "local-x2"] };
  expectStatus(await api.post(`/v1/projects/${projectId}/acceptance/plan`, await bureau(), plan), 200);
  expectStatus(await api.post(`/v1/projects/${projectId}/acceptance/plan`, await enterprise(), plan), 200);
  return projectId;
}

async function vote(projectId: string, verdict: "pass" | "fail"): Promise<void> {
  for (const n of [1, 2]) {
    expectStatus(
      await api.post(`/v1/projects/${projectId}/acceptance/review`, await expert(n), {
        verdict,
        performanceScore: verdict === "pass" ? 88 : 52,
        comment: verdict === "pass" ? "指标全部达成" : "关键指标未达成",
      }),
      200,
    );
  }
  await settle();
}

describe("decision notifications: acceptance and extension", () => {
  it("acceptance passed and not passed: each project's solver and the enterprise told once, by inbox and e-mail, by name", async () => {
    const passed = await readyForAcceptance("uni-pass");
    await vote(passed, "pass");
    // Passed once the approver confirmed the final payment opinion.
    expect(await ofType(await solver("uni-pass"), "project.accepted")).toEqual([]);
    expectStatus(
      await api.post(`/v1/projects/${passed}/acceptance/payment-opinion`, await approver(), {
        decision: "confirm",
      }),
      200,
    );
    await settle();
    const failed = await readyForAcceptance("uni-fail");
    await vote(failed, "fail");
    await runtime.notifications.settle();

    const [accepted, ...moreAccepted] = await ofType(await solver("uni-pass"), "project.accepted");
    expect(moreAccepted).toEqual([]);
    expect(accepted).toMatchObject({ title: "结题验收通过", record: { id: passed } });
    expect(accepted!.body).toBe("项目「uni-pass 攻关项目」（uni-pass牵头）已通过结题验收。");
    expect(accepted!.body).not.toContain(passed);
    const [notAccepted, ...moreNot] = await ofType(await solver("uni-fail"), "project.not-accepted");
    expect(moreNot).toEqual([]);
    expect(notAccepted).toMatchObject({ title: "结题验收未通过", record: { id: failed } });
    expect(notAccepted!.body).toContain("项目「uni-fail 攻关项目」（uni-fail牵头）未通过结题验收");
    // Each solver only its own project's verdict; the enterprise both, once each; a stranger nothing.
    expect(await ofType(await solver("uni-pass"), "project.not-accepted")).toEqual([]);
    expect(await ofType(await solver("uni-fail"), "project.accepted")).toEqual([]);
    const enterpriseVerdicts = (await inbox(await enterprise())).filter((n) => n.type.includes("accepted"));
    expect(enterpriseVerdicts.map((n) => [n.type, n.record.id]).sort()).toEqual(
      [
        ["project.accepted", passed],
        ["project.not-accepted", failed],
      ].sort(),
    );
    expect(
      (await inbox(await enterprise("ent-stranger"))).filter((n) => n.type.startsWith("project.")),
    ).toEqual([]);
    // The experts and the approver are not parties: their inboxes hold to-dos, not the verdict.
    for (const staff of [await expert(1), await approver()])
      expect((await inbox(staff)).filter((n) => n.type.includes("accepted"))).toEqual([]);

    // E-mail: once per address, Chinese, with the project's name; not to the stranger.
    expect(await mailed("s@uni-pass.example", "结题验收通过")).toHaveLength(1);
    expect(await mailed("s@uni-pass.example", "结题验收未通过")).toEqual([]);
    expect(await mailed("s@uni-fail.example", "结题验收未通过")).toHaveLength(1);
    expect(await mailed("s@uni-fail.example", "结题验收通过")).toEqual([]);
    expect(await mailed("e@ent-casting.example", "结题验收通过")).toHaveLength(1);
    expect(await mailed("e@ent-casting.example", "结题验收未通过")).toHaveLength(1);
    for (const m of [
      ...(await mailed("s@uni-pass.example", "结题验收通过")),
      ...(await mailed("s@uni-fail.example", "结题验收未通过")),
    ]) {
      expect(m.text).toMatch(han);
      expect(m.text).toMatch(/^项目「uni-(pass|fail) 攻关项目」/);
    }
    expect(await mailTo("e@ent-stranger.example")).toEqual([]);
  }, 300_000);

  it("an extension refused, then granted: the parties told once each, by inbox and e-mail; nobody else", async () => {
    const { projectId, challengeId, programmeId } = await flow.signedProject({
      solverOrg: "uni-ext",
      startDate: shanghaiDate(runtime.clock.now()),
    });
    await prefer(await solver("uni-ext"), "s@uni-ext.example");
    await nameProject(challengeId, programmeId, "矿用掘进机智能截割控制");
    const ask = async () => {
      const evidence = await flow.upload(
        projectId,
        1,
        "evidence",
        Buffer.from(`洪灾停产证明 ${Math.random()}`),
      );
      expectStatus(
        await api.post(`/v1/projects/${projectId}/extension`, await enterprise(), {
          months: 6,
          reason: "洪灾导致中试线停产三个月",
          evidenceFileIds: [evidence],
        }),
        201,
      );
    };
    await ask();
    expectStatus(
      await api.post(`/v1/projects/${projectId}/extension/decision`, await bureau(), {
        decision: "reject",
        comment: "证明材料不足",
      }),
      200,
    );
    await settle();
    await ask();
    expectStatus(
      await api.post(`/v1/projects/${projectId}/extension/decision`, await bureau(), {
        decision: "approve",
        comment: "同意延期",
      }),
      200,
    );
    await settle();
    await runtime.notifications.settle();

    for (const who of [await solver("uni-ext"), await enterprise()]) {
      const rejected = await ofType(who, "extension.rejected");
      const approved = await ofType(who, "extension.approved");
      expect(rejected.map((n) => [n.title, n.record.id])).toEqual([["延期申请未获批准", projectId]]);
      expect(approved.map((n) => [n.title, n.record.id])).toEqual([["延期申请已批准", projectId]]);
      expect(approved[0]!.body).toContain("项目「矿用掘进机智能截割控制」的延期申请已批准，延期6个月");
      expect(rejected[0]!.body).toContain("项目「矿用掘进机智能截割控制」");
      // The bureau's comment stays on the record.
      expect(rejected[0]!.body).not.toContain("证明材料不足");
    }
    // The solver of another project, an enterprise not party to it, the bureau that decided: nothing of it.
    for (const other of [await solver("uni-pass"), await enterprise("ent-stranger"), await bureau()])
      expect((await inbox(other)).filter((n) => n.type.startsWith("extension."))).toEqual([]);

    for (const address of ["s@uni-ext.example", "e@ent-casting.example"]) {
      const refused = await mailed(address, "延期申请未获批准");
      const granted = await mailed(address, "延期申请已批准");
      expect(refused, address).toHaveLength(1);
      expect(granted, address).toHaveLength(1);
      expect(granted[0]!.text).toContain("项目「矿用掘进机智能截割控制」的延期申请已批准，延期6个月");
    }
    expect(await mailTo("e@ent-stranger.example")).toEqual([]);
  }, 300_000);
});
