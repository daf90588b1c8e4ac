// End-to-end: a replacement (递补, 泰安《实施意见》第24条) that fails its public notice and the 就高不重复 check of its
// candidates (《太原市…行动方案》四（五）公示, 六（一）) over HTTP on the embedded runtime (DynamoDB Local, the Step Functions
// engine): an objection upheld against a replacement's notice ends the replacement before signing (nothing paid, its
// application removed) and offers the next-ranked signed application the same money with its own notice; with nobody
// left nothing is offered and the bureau is told; a candidate whose overlap is undecided stops the bureau's decision
// (409, nothing written), one withdrawn on a 就高不重复 decision is passed over, a reduction caps the grant, and the
// automatic next offer waits for the bureau's decision (a to-do) and is made by it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applicationKind } from "../../functions/applications/model.ts";
import { budgetLeftFen } from "../../functions/award/award.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { programmeKind } from "../../functions/programmes/model.ts";
import { projectDeps } from "../../functions/projects/adapters/deps.ts";
import { endProject } from "../../functions/projects/endings.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { apiClient, tokenIssuer } from "../support/api.ts";
import { registerOrganisation, validCode } from "../support/overlap.ts";
import { performanceFlow } from "../support/performance-flow.ts";
import { awardedProject, type SeededProject } from "../support/projects.ts";
import { rankedChallenge } from "../support/ranked-challenge.ts";

let runtime: Runtime;
let dataDir: string;
const api = apiClient(() => runtime.info.apiUrl);
const as = tokenIssuer(() => runtime);
const bureau = () => as("b1", "taiyuan-stb", "bureau");
const _enterprise = () => as("e1", "ent-casting", "enterprise");
const solverOf = (org: string) => as(`s-${org}`, org, "solver");
const _expert = (n: number) => as(`x${n}`, `inst-${n}`, "expert");
const _finance1 = () => as("f1", "taiyuan-czj", "finance");
const _finance2 = () => as("f2", "taiyuan-czj", "finance");
const auditor = () => as("a1", "taiyuan-sjj", "auditor");
const settle = () => runtime.stepFunctions.whenIdle();

interface Replacement {
  applicationId: string;
  projectId: string;
  grantFen: number;
  paidToReplacedFen: number;
}
interface Performance {
  version: number;
  evaluations: {
    seq: number;
    indicators: { milestone: number; name: string }[];
    decision?: { replacement?: Replacement };
  }[];
  replacedBy?: string;
  replaces?: string;
  withdrawn?: { reason: string; ruling: string; originProjectId: string; offeredFen: number };
  nextOffer?: { status: string; applicationId?: string; leftFen?: number; skipped: string[] };
  names?: Record<string, string>;
}
type Reply = { code?: string; messageZh?: string } & Performance;
interface ProjectView {
  project: { status: string; grantFen: number; noticeId: string; solverLead: { organisationId: string } };
  tranches: { index: number; status: string; amountFen: number }[];
}

async function page(projectId: string): Promise<ProjectView> {
  const got = await api.get<ProjectView>(`/v1/projects/${projectId}`, await bureau());
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}
async function perf(projectId: string): Promise<Performance> {
  const got = await api.get<Performance>(`/v1/projects/${projectId}/performance`, await bureau());
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body;
}
async function trail(projectId: string): Promise<string[]> {
  const got = await api.get<{ events: { action: string }[] }>(
    `/v1/projects/${projectId}/audit-trail`,
    await auditor(),
  );
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return got.body.events.map((e) => e.action);
}
const notice = async (noticeId: string) =>
  api.get<{ status: string; acceptingObjections: boolean; winners: { organisations: string[] }[] }>(
    `/v1/public/notices/${noticeId}`,
  );
const budgetLeft = async (programmeId: string) => {
  const programme = await recordStore().get(programmeKind, programmeId);
  return budgetLeftFen({ records: recordStore() }, programme!);
};
const notificationsOf = async (token: string, type: string) =>
  (
    await api.get<{ items: { type: string; body: string; link: string }[] }>(
      "/v1/me/notifications?limit=100",
      token,
    )
  ).body.items.filter((n) => n.type === type);
const tasksOf = async (token: string, action: string) =>
  (
    await api.get<{ items: { action: string; link: string; record: { id: string } }[] }>(
      "/v1/me/tasks?limit=100",
      token,
    )
  ).body.items.filter((t) => t.action === action);

const flow = performanceFlow(() => runtime);
const { drafted } = flow;
const signedAndPaid = async (project: SeededProject) =>
  flow.signedAndPaid(project, await solverOf(project.solverOrg));

/** A failed evaluation (score 30 from experts 1 and 2) of the first year, the clock moved past it. */
async function failed(projectId: string): Promise<void> {
  await runtime.advanceClock(Math.max(0, Date.parse("2026-07-06T02:00:00Z") - runtime.clock.now()));
  await flow.scored(projectId, 30, "中试线良品率远低于任务书指标");
}

const replace = async (projectId: string) =>
  api.post<Reply>(`/v1/projects/${projectId}/performance-evaluations/1/decision`, await bureau(), {
    decision: "replace",
    reason: "第一年绩效评价不合格，由排名下一位的揭榜方递补",
    verifiedSpendingFen: 0,
  });

/** Anyone objects to the notice; the bureau upholds it. */
async function upheld(noticeId: string): Promise<{ objectionId: string; rule: () => Promise<number> }> {
  const objected = await api.post<{ id: string }>(`/v1/public/notices/${noticeId}/objections`, undefined, {
    text: "递补单位的中试条件与申报材料不符",
  });
  expect(objected.status, JSON.stringify(objected.body)).toBe(201);
  const rule = async () => {
    const ruled = await api.post(
      `/v1/notices/${noticeId}/objections/${objected.body.id}/ruling`,
      await bureau(),
      { decision: "upheld", reason: "经核查，递补单位中试线已停产" },
    );
    await settle();
    return ruled.status;
  };
  expect(await rule()).toBe(200);
  return { objectionId: objected.body.id, rule };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-replacement-chain-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-02T02:00:00.000Z" });
  for (const n of [1, 2]) {
    const registered = await api.post("/v1/experts", await bureau(), {
      expertId: `local-x${n}`,
      organisationId: `inst-${n}`,
      name: `专家${n}`,
      expertise: "technical",
      conflicts: [],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());

describe("a replacement (递补) whose notice draws an upheld objection", () => {
  it("ends before signing, nothing paid; the next candidate is offered the same money with its own notice; with nobody left nothing is offered and the bureau is told", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-r0" });
    const { candidates } = await rankedChallenge(project, true, [
      { org: "uni-r1", name: "递补一号研究院", signed: true },
      { org: "uni-r2", name: "未签协议研究院", signed: false },
      { org: "uni-r3", name: "递补三号研究院", signed: true },
    ]);
    const [r1, r2, r3] = candidates;
    const paidFen = await signedAndPaid(project);
    await failed(project.projectId);
    const leftBefore = await budgetLeft(project.programmeId);
    const decided = await replace(project.projectId);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await settle();
    const first = decided.body.evaluations[0]?.decision?.replacement as Replacement;
    const originGrant = (await page(project.projectId)).project.grantFen;
    expect(first.applicationId).toBe(r1?.id);
    expect(first.grantFen).toBe(originGrant - paidFen);
    const p1 = first.projectId;
    const n1 = (await page(p1)).project.noticeId;
    // The parties draft the task book during the notice (a track, and an execution waiting for its signatures).
    await drafted(p1);

    const { rule } = await upheld(n1);

    // The replacement ends, not at fault and before signing: nothing paid, its grant back, its application removed.
    const ended = await page(p1);
    expect([ended.project.status, ended.project.grantFen, ended.tranches]).toEqual(["terminated", 0, []]);
    const refused = await api.post<Reply>(`/v1/projects/${p1}/task-book/sign`, await solverOf("uni-r1"), {
      revision: 1,
    });
    expect([refused.status, refused.body.code]).toEqual([409, "REPLACEMENT_OBJECTION_UPHELD"]);
    expect((await recordStore().get(applicationKind, r1!.id))?.status).toBe("removed");
    expect((await notice(n1)).body).toMatchObject({ status: "superseded", acceptingObjections: false });
    const afterP1 = await perf(p1);
    expect(afterP1.withdrawn).toMatchObject({
      reason: "replacement-objection-upheld",
      ruling: "经核查，递补单位中试线已停产",
      originProjectId: project.projectId,
      offeredFen: first.grantFen,
    });
    // The next candidate (the unsigned one passed over) takes the same money, on a new project with its own notice.
    const p2 = afterP1.replacedBy as string;
    expect(afterP1.replaces).toBe(project.projectId);
    expect(afterP1.names?.[p2]).toBe("递补三号研究院");
    const second = await page(p2);
    expect(second.project).toMatchObject({ status: "awaiting-task-book", grantFen: first.grantFen });
    expect(second.project.solverLead.organisationId).toBe("uni-r3");
    expect((await perf(p2)).replaces).toBe(p1);
    expect((await recordStore().get(applicationKind, r3!.id))?.status).toBe("awarded");
    expect((await recordStore().get(applicationKind, r2!.id))?.status).toBe("not-selected");
    const n2 = second.project.noticeId;
    expect((await notice(n2)).body).toMatchObject({
      status: "open",
      acceptingObjections: true,
      winners: [{ organisations: ["递补三号研究院"] }],
    });
    await runtime.notifications.settle();
    expect(await notificationsOf(await solverOf("uni-r3"), "notice.replacement-published")).toHaveLength(1);
    // The origin's record still names the first replacement; its money was not counted twice.
    expect((await perf(project.projectId)).replacedBy).toBe(p1);
    expect(await budgetLeft(project.programmeId)).toBe(leftBefore);
    expect(await trail(p1)).toEqual(
      expect.arrayContaining(["project.terminated", "project.grant-released", "performance.replaced"]),
    );

    // A repeat of the ruling completes nothing more and offers nobody twice.
    const versions = [(await perf(p1)).version, (await perf(p2)).version];
    expect(await rule()).toBe(200);
    expect([(await perf(p1)).version, (await perf(p2)).version]).toEqual(versions);

    // An objection upheld against the second replacement (no task book yet): nobody is left to offer.
    await upheld(n2);
    const gone = await page(p2);
    expect([gone.project.status, gone.project.grantFen, gone.tranches]).toEqual(["terminated", 0, []]);
    const afterP2 = await perf(p2);
    expect(afterP2.replacedBy).toBeUndefined();
    expect(afterP2.nextOffer).toMatchObject({ status: "none-left", leftFen: originGrant - paidFen });
    expect((await recordStore().get(applicationKind, r3!.id))?.status).toBe("removed");
    const signP2 = await api.post<Reply>(`/v1/projects/${p2}/task-book/sign`, await solverOf("uni-r3"), {
      revision: 1,
    });
    expect([signP2.status, signP2.body.code]).toEqual([409, "REPLACEMENT_OBJECTION_UPHELD"]);
    // The money left stays with finance: the programme's budget has it back.
    expect(await budgetLeft(project.programmeId)).toBe(leftBefore + originGrant - paidFen);
    await runtime.notifications.settle();
    const told = await notificationsOf(await bureau(), "performance.no-replacement-left");
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain("递补三号研究院");
    expect(told[0]?.body).toContain("留在财政");
    expect(told[0]?.link).toBe(`/projects/${p2}`);
    expect(await trail(p2)).toEqual(
      expect.arrayContaining(["project.replacement-withdrawn", "performance.no-replacement-left"]),
    );
  });
});

describe("就高不重复 of a replacement candidate before its notice", () => {
  it("an undecided finding stops the decision naming the candidate, nothing written; a withdrawn candidate is passed over; a reduction caps the grant; the automatic next offer waits for the bureau", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-s0" });
    const names = ["重复一号研究院", "重复二号研究院", "重复三号研究院"];
    const { candidates } = await rankedChallenge(
      project,
      true,
      names.map((name, i) => ({ org: `uni-s${i + 1}`, name, signed: true })),
    );
    const [s1, s2, s3] = candidates;
    // Each candidate's organisation already has the same content supported by another policy (an external grant).
    for (const [i, name] of names.entries()) {
      const uscc = validCode(`12140000MB0K0009${i + 1}`);
      await registerOrganisation(api, await bureau(), `uni-s${i + 1}`, uscc, name);
      const declared = await api.post("/v1/overlap/external-grants", await bureau(), {
        uscc,
        organisationName: name,
        title: "高温合金叶片定向凝固技术研究",
        keywords: ["定向凝固"],
        amountFen: 8_000_000_00,
        policy: "山西省科技重大专项",
        startDate: "2024-01-01",
        endDate: "2030-12-31",
      });
      expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    }
    const paidFen = await signedAndPaid(project);
    await failed(project.projectId);
    const before = await perf(project.projectId);

    const stopped = await replace(project.projectId);
    expect([stopped.status, stopped.body.code]).toEqual([409, "OVERLAP_UNDECIDED"]);
    expect(stopped.body.messageZh).toContain("重复一号研究院");
    expect((await perf(project.projectId)).version).toBe(before.version);
    const still = await page(project.projectId);
    expect(still.project.status).toBe("in-progress");
    expect(still.tranches.filter((t) => t.status === "cancelled")).toEqual([]);

    const decide = async (applicationId: string, body: Record<string, unknown>) => {
      const check = await api.get<{ findings: { key: string }[] }>(
        `/v1/applications/${applicationId}/overlap-check`,
        await bureau(),
      );
      expect(check.status, JSON.stringify(check.body)).toBe(200);
      const decided = await api.post(
        `/v1/applications/${applicationId}/overlap-check/decisions`,
        await bureau(),
        { key: check.body.findings[0]?.key, reason: "与省级专项内容相同，就高支持", ...body },
      );
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      await settle();
    };
    // The first candidate withdrawn: passed over; the second one's finding now stops the decision.
    await decide(s1!.id, { outcome: "fund-higher", lower: "subject", action: "withdraw" });
    const next = await replace(project.projectId);
    expect([next.status, next.body.code]).toEqual([409, "OVERLAP_UNDECIDED"]);
    expect(next.body.messageZh).toContain("重复二号研究院");
    // The second one reduced to 1,000,000 CNY: offered at most that.
    await decide(s2!.id, {
      outcome: "fund-higher",
      lower: "subject",
      action: "reduce",
      reducedToFen: 1_000_000_00,
    });
    const replaced = await replace(project.projectId);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    await settle();
    const offer = replaced.body.evaluations[0]?.decision?.replacement as Replacement;
    expect(offer).toMatchObject({
      applicationId: s2!.id,
      grantFen: 1_000_000_00,
      paidToReplacedFen: paidFen,
    });
    expect((await recordStore().get(applicationKind, s1!.id))?.status).toBe("not-selected");

    // An objection upheld against that replacement: the third candidate's finding is undecided, so the offer waits
    // for the bureau (a to-do on the 就高不重复 page), then is made by its decision.
    await upheld((await page(offer.projectId)).project.noticeId);
    const waiting = await perf(offer.projectId);
    expect(waiting.replacedBy).toBeUndefined();
    expect(waiting.nextOffer).toMatchObject({ status: "awaiting-overlap", applicationId: s3!.id });
    expect(waiting.names?.[s3!.id]).toBe("重复三号研究院");
    expect(await recordStore().get(applicationKind, s3!.id)).toMatchObject({ status: "not-selected" });
    const todo = await tasksOf(await bureau(), "project.decide-replacement-overlap");
    expect(todo.map((t) => [t.record.id, t.link])).toEqual([[`pfm-${offer.projectId}`, "/bureau/overlap"]]);

    await decide(s3!.id, { outcome: "distinct" });
    const made = await perf(offer.projectId);
    expect(made.nextOffer).toBeUndefined();
    const p3 = made.replacedBy as string;
    const third = await page(p3);
    const originGrant = (await page(project.projectId)).project.grantFen;
    // Not capped any more: the origin's money left, in fen.
    expect(third.project).toMatchObject({ status: "awaiting-task-book", grantFen: originGrant - paidFen });
    expect((await notice(third.project.noticeId)).body).toMatchObject({
      status: "open",
      winners: [{ position: 1, organisations: ["重复三号研究院"] }],
    });
    expect(await tasksOf(await bureau(), "project.decide-replacement-overlap")).toEqual([]);
    expect(await trail(offer.projectId)).toEqual(
      expect.arrayContaining([
        "project.replacement-withdrawn",
        "performance.replacement-awaiting-overlap",
        "performance.replaced",
      ]),
    );
  });
  it("a ruling that died after ending the drafted replacement leaves the objection open on 待办; a dismissal is refused; ruling it upheld again completes it", async () => {
    const project = await awardedProject(runtime, { solverOrg: "uni-c0" });
    const { candidates } = await rankedChallenge(project, true, [
      { org: "uni-c1", name: "中断一号研究院", signed: true },
      { org: "uni-c2", name: "中断二号研究院", signed: true },
    ]);
    const [, c2] = candidates;
    await signedAndPaid(project);
    await failed(project.projectId);
    const decided = await replace(project.projectId);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await settle();
    const p1 = decided.body.evaluations[0]?.decision?.replacement?.projectId as string;
    const n1 = (await page(p1)).project.noticeId;
    await drafted(p1);
    const objected = await api.post<{ id: string }>(`/v1/public/notices/${n1}/objections`, undefined, {
      text: "递补单位的中试条件与申报材料不符",
    });
    expect(objected.status, JSON.stringify(objected.body)).toBe(201);
    // No workflow waits on a replacement's notice: its open objection is the bureau's to-do all the same.
    const ruling = async () =>
      (await tasksOf(await bureau(), "award.ruling")).filter((t) => t.link === `/notices/${n1}/objections`);
    expect(await ruling()).toHaveLength(1);

    // The bureau's upheld ruling dies after its first step (the drafted replacement ended), before its transaction.
    await endProject(
      projectDeps(),
      { userId: "b1", organisationId: "taiyuan-stb", roles: ["bureau"] },
      p1,
      "termination",
      {
        reason: "递补公示异议成立：经核查，递补单位中试线已停产",
        fault: false,
        proposedBy: "bureau",
        verifiedSpendingFen: 0,
      },
    );
    await settle();
    const objectionStatus = async () =>
      (
        await api.get<{ items: { id: string; status: string }[] }>(
          `/v1/notices/${n1}/objections`,
          await bureau(),
        )
      ).body.items.find((o) => o.id === objected.body.id)?.status;
    expect(await objectionStatus()).toBe("open");
    expect(await ruling()).toHaveLength(1);
    expect((await perf(p1)).replacedBy).toBeUndefined();

    // A dismissal now would leave an ended replacement unexplained: refused, nothing written.
    const rule = async (decision: "upheld" | "dismissed") =>
      api.post<Reply>(`/v1/notices/${n1}/objections/${objected.body.id}/ruling`, await bureau(), {
        decision,
        reason: "经核查，递补单位中试线已停产",
      });
    const dismissed = await rule("dismissed");
    expect([dismissed.status, dismissed.body.code]).toEqual([409, "REPLACEMENT_WITHDRAWAL_BEGUN"]);
    expect(await objectionStatus()).toBe("open");

    // Ruled upheld again: the ruling, the withdrawal, the notice superseded and the next offer, together.
    expect((await rule("upheld")).status).toBe(200);
    await settle();
    expect(await objectionStatus()).toBe("upheld");
    expect((await notice(n1)).body.status).toBe("superseded");
    const after = await perf(p1);
    expect(after.withdrawn).toMatchObject({
      reason: "replacement-objection-upheld",
      ruling: "经核查，递补单位中试线已停产",
    });
    expect((await page(after.replacedBy as string)).project.solverLead.organisationId).toBe("uni-c2");
    expect((await recordStore().get(applicationKind, c2!.id))?.status).toBe("awarded");
    expect(await ruling()).toEqual([]);
  });
});
