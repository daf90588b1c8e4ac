// End-to-end (专家评审 → 公示 → 立项): review → award on the embedded runtime, over HTTP with tokens of each role — expert
// assignment with conflicts, scoring, ranking, 流榜, shortlist and horse race, confirmations, public notice across
// National Day, objections with 递补, and the project records the award creates. Each test seeds a closed challenge
// and starts the award workflow as the challenge-publication workflow does when a window closes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApplicationRecord, applicationKind } from "../../functions/applications/model.ts";
import { challengeKind } from "../../functions/challenges/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { planGrant } from "../../functions/programmes/rules/grant.ts";
import { getPolicyPreset } from "../../functions/programmes/rules/policy.ts";
import { type ProjectRecord, projectKind } from "../../functions/projects/model.ts";
import { roundKind } from "../../functions/review/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { type AwardView, awardDriver, type PublicNotice, expertPool as pool } from "../support/award.ts";

let runtime: Runtime;
let dataDir: string;
const policy = getPolicyPreset("taiyuan-2023");
const driver = awardDriver(() => runtime);
const {
  api,
  bureau,
  approver,
  enterprise,
  expert,
  sub,
  settle,
  seed,
  startAward,
  status,
  award,
  score,
  scoreAll,
  confirmShortlist,
  advancePast,
} = driver;

/** 09:00 on Tuesday 30 September 2025 in Shanghai: the last working day before the National Day holiday. */
const clockStart = "2025-09-30T01:00:00.000Z";

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-award-"));
  runtime = await startRuntime({ dataDir, clockStart });
  await driver.registerPool();
});

afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const application = async (id: string) => (await recordStore().get(applicationKind, id))!;

describe("review → award (section R)", () => {
  it("reviews, ranks and awards one winner after a notice across National Day (2025-09-30 → 2025-10-13), creating the project", async () => {
    const { challenge, applications } = await seed({
      enterpriseOrg: "ent-happy",
      applicants: [{ lead: "uni-h1" }, { lead: "uni-h2", members: ["lab-h2"] }],
    });
    const [best, other] = applications as [ApplicationRecord, ApplicationRecord];
    const arn = await startAward(challenge.id);

    const reviewing = await award(challenge.id);
    expect(reviewing.challengeStatus).toBe("reviewing");
    expect(reviewing.waitingFor?.kind).toBe("scores");
    expect(reviewing.panel).toHaveLength(3);
    expect(reviewing.panel.filter((p) => p.expertise === "finance").length).toBeGreaterThanOrEqual(1);
    const [first, second, third] = reviewing.panel as [
      AwardView["panel"][0],
      AwardView["panel"][0],
      AwardView["panel"][0],
    ];

    // An expert sees only their own assignments, and not another's assignment.
    const mine = await api.get<{ items: { id: string; challengeTitle?: string }[] }>(
      "/v1/reviews",
      await expert(first.expertId),
    );
    expect(mine.body.items.map((a) => a.id)).toEqual([first.assignmentId]);
    expect(mine.body.items[0]?.challengeTitle).toBe(challenge.title);
    expect((await api.get(`/v1/reviews/${second.assignmentId}`, await expert(first.expertId))).status).toBe(
      403,
    );
    expect((await api.get(`/v1/reviews/${first.assignmentId}`, await enterprise("ent-happy"))).status).toBe(
      403,
    );

    // Scores: the first expert's are not visible to the second until the second has scored.
    const pointsOf = (id: string) => (id === best.id ? 90 : 70);
    expect((await score(first.expertId, first.assignmentId, pointsOf)).status).toBe(200);
    const before = await api.get<{ otherScoresHidden?: boolean; otherScores?: unknown[] }>(
      `/v1/reviews/${second.assignmentId}`,
      await expert(second.expertId),
    );
    expect(before.body.otherScoresHidden).toBe(true);
    expect((before.body as { challengeTitle?: string }).challengeTitle).toBe(challenge.title);
    expect(before.body.otherScores).toBeUndefined();
    // The applicants by name (the expert declares a conflict with an organisation they can recognise).
    const named = (before.body as { applications?: { id: string; organisationNames?: object }[] })
      .applications;
    expect(named?.find((a) => a.id === other.id)?.organisationNames).toEqual({
      "uni-h2": "uni-h2 研究院",
      "lab-h2": "lab-h2 研究院",
    });
    expect(JSON.stringify(before.body)).not.toContain('"technical":90');
    expect((await score(second.expertId, second.assignmentId, pointsOf)).status).toBe(200);
    const after = await api.get<{ otherScores: { scores: unknown[] }[] }>(
      `/v1/reviews/${second.assignmentId}`,
      await expert(second.expertId),
    );
    expect(after.body.otherScores).toHaveLength(1);
    // Once only; an incomplete or wrong-criteria score is refused.
    const again = await score(first.expertId, first.assignmentId, pointsOf);
    expect(again.status).toBe(409);
    expect(again.body["code"]).toBe("ALREADY_SCORED");
    const partial = await api.post<{ code: string }>(
      `/v1/reviews/${third.assignmentId}/score`,
      await expert(third.expertId),
      {
        scores: [{ applicationId: best.id, technical: 80, team: 80, metrics: 80, budget: 80 }],
      },
    );
    expect(partial.status).toBe(422);
    expect(partial.body.code).toBe("SCORES_INCOMPLETE");
    expect((await score(third.expertId, third.assignmentId, pointsOf)).status).toBe(200);
    await settle();

    const ranked = await award(challenge.id);
    expect(ranked.challengeStatus).toBe("shortlisting");
    expect(ranked.waitingFor?.kind).toBe("shortlist");
    expect(ranked.ranking.map((r) => [r.applicationId, r.rank, r.scoreBp])).toEqual([
      [best.id, 1, 9000],
      [other.id, 2, 7000],
    ]);
    expect((ranked.ranking[0] as { organisationNames?: object }).organisationNames).toEqual({
      "uni-h1": "uni-h1 研究院",
    });

    // Only the challenge's enterprise decides; without a race there is one winner.
    expect(
      (
        await api.post(`/v1/awards/${challenge.id}/shortlist`, await enterprise("ent-other"), {
          race: false,
          winners: 1,
        })
      ).status,
    ).toBe(403);
    const two = await api.post<{ code: string }>(
      `/v1/awards/${challenge.id}/shortlist`,
      await enterprise("ent-happy"),
      {
        race: false,
        winners: 2,
      },
    );
    expect(two.status).toBe(422);
    const race = await api.post<{ code: string }>(
      `/v1/awards/${challenge.id}/shortlist`,
      await enterprise("ent-happy"),
      {
        race: true,
        winners: 2,
      },
    );
    expect(race.body.code).toBe("HORSE_RACE_NOT_ALLOWED");
    // The approver cannot confirm before the bureau.
    expect(
      (await api.post(`/v1/awards/${challenge.id}/confirmation`, await approver(), { decision: "confirm" }))
        .status,
    ).toBe(409);

    const notice = await confirmShortlist(challenge.id, "ent-happy", { race: false, winners: 1 });
    // A repeated confirmation is stale.
    expect(
      (await api.post(`/v1/awards/${challenge.id}/confirmation`, await approver(), { decision: "confirm" }))
        .status,
    ).toBe(409);

    // Published on 30 September 2025: 9-30, 10-09, 10-10, 10-11 (调休 Saturday), 10-13 → ends 13 October 23:59:59.
    expect(notice.firstDay).toBe("2025-09-30");
    expect(notice.lastDay).toBe("2025-10-13");
    expect(notice.endsAt).toBe("2025-10-13T23:59:59.999+08:00");
    expect(notice.title).toBe(challenge.title);
    expect(notice.winners).toEqual([{ position: 1, organisations: ["uni-h1 研究院"] }]);
    const listed = await api.get<{ items: { id: string }[] }>("/v1/public/notices");
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n) => n.id)).toContain(notice.id);
    const raw = JSON.stringify(notice);
    for (const secret of [best.id, other.id, "token", "scoreBp", "rdInvestmentFen", '"p1"'])
      expect(raw).not.toContain(secret);

    // 12 October (a Sunday inside the period): still on notice.
    await runtime.advanceClock(Date.parse("2025-10-12T04:00:00Z") - runtime.clock.now());
    expect((await award(challenge.id)).challengeStatus).toBe("on-notice");
    await advancePast(notice.endsAt);

    expect(await status(arn)).toBe("SUCCEEDED");
    const done = await award(challenge.id);
    expect(done.challengeStatus).toBe("awarded");
    expect(done.projectIds).toHaveLength(1);
    const project = (await recordStore().get(projectKind, done.projectIds[0]!)) as ProjectRecord;
    expect(project).toMatchObject({
      programmeId: challenge.programmeId,
      challengeId: challenge.id,
      title: challenge.title,
      applicationId: best.id,
      enterprise: { organisationId: "ent-happy" },
      solverLead: { organisationId: "uni-h1", name: "uni-h1 研究院" },
      chiefEngineerId: "p1",
      rdInvestmentFen: best.rdInvestmentFen,
      grantFen: planGrant(policy, { rdInvestmentFen: best.rdInvestmentFen, requestedFen: best.requestedFen })
        .grantFen,
      status: "awaiting-task-book",
    });
    expect((await application(best.id)).status).toBe("awarded");
    expect((await application(other.id)).status).toBe("not-selected");
    // Audit: every transition of the challenge is on record, with hashes.
    const trail = await recordStore().auditTrail(challengeKind as never, challenge.id);
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "challenge.reviewing",
        "challenge.shortlisting",
        "challenge.on-notice",
        "challenge.awarded",
      ]),
    );
    expect(trail.every((e) => e.afterHash.length === 64)).toBe(true);
    // After the end, objections are refused.
    const late = await api.post<{ code: string }>(`/v1/public/notices/${notice.id}/objections`, undefined, {
      text: "公示结束后提出的异议",
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe("NOTICE_ENDED");
  });

  it("marks a challenge nobody applied to as unsolved (流榜)", async () => {
    const { challenge } = await seed({
      enterpriseOrg: "ent-empty",
      applicants: [{ lead: "uni-draft", status: "draft" }],
    });
    const arn = await startAward(challenge.id);
    expect(await status(arn)).toBe("SUCCEEDED");
    expect((await recordStore().get(challengeKind, challenge.id))?.status).toBe("unsolved");
    const state = await award(challenge.id);
    expect(state.status).toBe("unsolved");
    expect(state.panel).toEqual([]);
  });

  it("runs a horse race with 2 winners after a send-back, a dismissed objection and the budget check", async () => {
    const { challenge, applications } = await seed({
      enterpriseOrg: "ent-race",
      applicants: [{ lead: "uni-r1" }, { lead: "uni-r2" }, { lead: "uni-r3" }],
      horseRace: { allowed: true, maxWinners: 2 },
    });
    const [a1, a2, a3] = applications as [ApplicationRecord, ApplicationRecord, ApplicationRecord];
    const arn = await startAward(challenge.id);
    await scoreAll(challenge.id, (id) => (id === a1.id ? 88 : id === a2.id ? 80 : 60));
    expect((await award(challenge.id)).ranking.map((r) => r.applicationId)).toEqual([a1.id, a2.id, a3.id]);

    const tooMany = await api.post<{ code: string }>(
      `/v1/awards/${challenge.id}/shortlist`,
      await enterprise("ent-race"),
      {
        race: true,
        winners: 3,
      },
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe("HORSE_RACE_LIMIT_EXCEEDED");
    // The bureau sends the first shortlist back; the enterprise decides again.
    expect(
      (
        await api.post(`/v1/awards/${challenge.id}/shortlist`, await enterprise("ent-race"), {
          race: false,
          winners: 1,
        })
      ).status,
    ).toBe(202);
    await settle();
    const noReason = await api.post(`/v1/awards/${challenge.id}/confirmation`, await bureau(), {
      decision: "send-back",
    });
    expect(noReason.status).toBe(422);
    expect(
      (
        await api.post(`/v1/awards/${challenge.id}/confirmation`, await bureau(), {
          decision: "send-back",
          comment: "两条技术路线差异明显，建议赛马",
        })
      ).status,
    ).toBe(202);
    await settle();
    const back = await award(challenge.id);
    expect(back.waitingFor?.kind).toBe("shortlist");
    expect(back.sentBack?.reason).toContain("赛马");
    expect((await application(a1.id)).status).toBe("ranked");

    const notice = await confirmShortlist(challenge.id, "ent-race", { race: true, winners: 2 });
    expect(notice.winners.map((w) => w.organisations)).toEqual([["uni-r1 研究院"], ["uni-r2 研究院"]]);
    // Two winners: an objection must say which one.
    const unnamed = await api.post<{ code: string }>(
      `/v1/public/notices/${notice.id}/objections`,
      undefined,
      {
        text: "该单位团队成员资质存疑",
      },
    );
    expect(unnamed.status).toBe(422);
    const objection = await api.post<{ id: string }>(
      `/v1/public/notices/${notice.id}/objections`,
      undefined,
      {
        winnerPosition: 2,
        text: "该单位团队成员资质存疑",
      },
    );
    expect(objection.status).toBe(201);
    const dismissed = await api.post(
      `/v1/notices/${notice.id}/objections/${objection.body.id}/ruling`,
      await bureau(),
      {
        decision: "dismissed",
        reason: "经核查资质属实",
      },
    );
    expect(dismissed.status).toBe(200);
    await advancePast(notice.endsAt);

    expect(await status(arn)).toBe("SUCCEEDED");
    const done = await award(challenge.id);
    expect(done.challengeStatus).toBe("awarded");
    expect(done.shortlist).toEqual({ race: true, winners: 2 });
    expect(done.projectIds).toHaveLength(2);
    const projects = await Promise.all(done.projectIds.map((id) => recordStore().get(projectKind, id)));
    expect(projects.map((p) => p?.applicationId).sort()).toEqual([a1.id, a2.id].sort());
    expect((await application(a3.id)).status).toBe("not-selected");
  });

  it("never assigns a conflicted expert (same organisation, or a declared conflict)", async () => {
    // Fresh experts sort first and carry no load: without the conflict rules, they would be chosen.
    const fresh = {
      "aa-clean": { org: "inst-aa", expertise: "technical" as const },
      "ab-same-org": { org: "ent-conflict", expertise: "technical" as const },
      "ac-declared": { org: "cpa-ac", expertise: "finance" as const },
    };
    for (const [expertId, e] of Object.entries(fresh)) {
      pool[expertId] = e;
      const registered = await api.post("/v1/experts", await bureau(), {
        expertId: sub(expertId),
        organisationId: e.org,
        name: `专家 ${expertId}`,
        expertise: e.expertise,
      });
      expect(registered.status).toBe(201);
    }
    expect(
      (
        await api.post("/v1/experts", await bureau(), {
          expertId: sub("aa-clean"),
          organisationId: "x",
          name: "重复",
          expertise: "technical",
        })
      ).status,
    ).toBe(409);
    const declared = await api.post<{ conflicts: { organisationId: string }[] }>(
      "/v1/experts/me/conflicts",
      await expert("ac-declared"),
      { organisationId: "lab-conflict", reason: "近三年与该单位有合作项目" },
    );
    expect(declared.status).toBe(200);
    expect(declared.body.conflicts.map((c) => c.organisationId)).toEqual(["lab-conflict"]);

    const { challenge } = await seed({
      enterpriseOrg: "ent-conflict",
      applicants: [{ lead: "uni-c1", members: ["lab-conflict"] }, { lead: "uni-c2" }],
    });
    await startAward(challenge.id);
    const panel = (await award(challenge.id)).panel.map((p) => p.expertId);
    expect(panel).toHaveLength(3);
    expect(panel).toContain(sub("aa-clean"));
    expect(panel).not.toContain(sub("ab-same-org"));
    expect(panel).not.toContain(sub("ac-declared"));
    expect((await award(challenge.id)).panel.some((p) => p.expertise === "finance")).toBe(true);
  });

  it("withdraws the scores of a conflict found later, reassigns, ranks without them, and checks the budget", async () => {
    const { challenge, applications } = await seed({
      enterpriseOrg: "ent-late",
      applicants: [{ lead: "uni-l1" }, { lead: "uni-l2" }],
      // Less than one grant (min(requested 1,000,000, 30% of 4,000,000) = 1,000,000 CNY): the shortlist is refused.
      budgetFen: 500_000_00,
    });
    const [l1, l2] = applications as [ApplicationRecord, ApplicationRecord];
    await startAward(challenge.id);
    const panel = (await award(challenge.id)).panel;
    const conflicted = panel.find((p) => p.expertise !== "finance")!;
    // The conflicted expert scores first, heavily for l2.
    expect(
      (await score(conflicted.expertId, conflicted.assignmentId, (id) => (id === l2.id ? 100 : 0))).status,
    ).toBe(200);
    expect(
      (
        await api.post(
          `/v1/reviews/${conflicted.assignmentId}/conflict`,
          await expert(panel.find((p) => p !== conflicted)!.expertId),
          { reason: "x" },
        )
      ).status,
    ).toBe(403);
    const reported = await api.post<{ withdrawn: { status: string }; replacement: { id: string } }>(
      `/v1/reviews/${conflicted.assignmentId}/conflict`,
      await expert(conflicted.expertId),
      { reason: "发现本人近期受聘于揭榜单位", organisationId: "uni-l2" },
    );
    expect(reported.status).toBe(200);
    expect(reported.body.withdrawn.status).toBe("withdrawn");
    const again = await api.post(`/v1/reviews/${conflicted.assignmentId}/conflict`, await bureau(), {
      reason: "重复",
    });
    expect(again.status).toBe(409);

    const reassigned = await award(challenge.id);
    expect(reassigned.panel).toHaveLength(4);
    expect(reassigned.panel.filter((p) => p.status !== "withdrawn")).toHaveLength(3);
    const replacement = reassigned.panel.find((p) => p.assignmentId === reported.body.replacement.id)!;
    expect(replacement.expertId).not.toBe(conflicted.expertId);
    expect(panel.map((p) => p.expertId)).not.toContain(replacement.expertId);
    expect(
      (await api.get(`/v1/reviews/${replacement.assignmentId}`, await expert(replacement.expertId))).status,
    ).toBe(200);

    await scoreAll(challenge.id, (id) => (id === l1.id ? 85 : 75));
    const ranked = await award(challenge.id);
    expect(ranked.challengeStatus).toBe("shortlisting");
    expect(ranked.ranking.map((r) => [r.applicationId, r.scoreBp])).toEqual([
      [l1.id, 8500],
      [l2.id, 7500],
    ]);
    const overBudget = await api.post<{ code: string }>(
      `/v1/awards/${challenge.id}/shortlist`,
      await enterprise("ent-late"),
      {
        race: false,
        winners: 1,
      },
    );
    expect(overBudget.status).toBe(422);
    expect(overBudget.body.code).toBe("PROGRAMME_BUDGET_EXCEEDED");
  });

  it("upholds an objection: the winner is removed, the next-ranked is offered (递补) on a second notice, then awarded", async () => {
    const { challenge, applications } = await seed({
      enterpriseOrg: "ent-obj",
      applicants: [{ lead: "uni-o1" }, { lead: "uni-o2" }, { lead: "uni-o3" }],
    });
    const [o1, o2, o3] = applications as [ApplicationRecord, ApplicationRecord, ApplicationRecord];
    const arn = await startAward(challenge.id);
    await scoreAll(challenge.id, (id) => (id === o1.id ? 95 : id === o2.id ? 85 : 65));
    const first = await confirmShortlist(challenge.id, "ent-obj", { race: false, winners: 1 });
    expect(first.winners).toEqual([{ position: 1, organisations: ["uni-o1 研究院"] }]);
    expect(first.acceptingObjections).toBe(true);

    // Anyone may object, without a token; bad or oversized input is refused and nothing is written.
    const tooLong = await api.post<{ fields: { path: string }[] }>(
      `/v1/public/notices/${first.id}/objections`,
      undefined,
      {
        text: "长".repeat(2001),
      },
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields.map((f) => f.path)).toContain("body.text");
    const huge = await api.post(`/v1/public/notices/${first.id}/objections`, undefined, {
      text: "x".repeat(9000),
    });
    expect(huge.status).toBe(413);
    expect(
      (
        await api.post(`/v1/public/notices/${first.id}/objections`, undefined, {
          text: "短",
          status: "upheld",
        })
      ).status,
    ).toBe(400);
    const objection = await api.post<{ id: string; status: string }>(
      `/v1/public/notices/${first.id}/objections`,
      undefined,
      {
        text: "中标单位的核心技术成果涉嫌抄袭他人专利",
        contact: "13800000000",
      },
    );
    expect(objection.status).toBe(201);
    expect(objection.body.status).toBe("open");
    const objections = await api.get<{ items: { id: string; contact?: string }[] }>(
      `/v1/notices/${first.id}/objections`,
      await bureau(),
    );
    expect(objections.body.items).toHaveLength(1);
    expect((await api.get(`/v1/notices/${first.id}/objections`)).status).toBe(401);
    expect(JSON.stringify((await api.get(`/v1/public/notices/${first.id}`)).body)).not.toContain(
      "13800000000",
    );

    // The notice ends with the objection open: the award waits for the bureau's ruling.
    await advancePast(first.endsAt);
    const holding = await award(challenge.id);
    expect(holding.challengeStatus).toBe("on-notice");
    expect((await api.get<PublicNotice>(`/v1/public/notices/${first.id}`)).body.status).toBe("ruling");
    expect(
      (
        await api.post(
          `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
          await enterprise("ent-obj"),
          { decision: "upheld", reason: "x" },
        )
      ).status,
    ).toBe(403);
    const upheld = await api.post(
      `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
      await bureau(),
      {
        decision: "upheld",
        reason: "经核查，专利侵权属实",
      },
    );
    expect(upheld.status).toBe(200);
    const repeated = await api.post(
      `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
      await bureau(),
      {
        decision: "dismissed",
        reason: "重复",
      },
    );
    expect(repeated.status).toBe(409);
    await settle();

    expect((await application(o1.id)).status).toBe("removed");
    const replaced = await award(challenge.id);
    expect(replaced.noticeIds).toHaveLength(2);
    const second = (await api.get<PublicNotice>(`/v1/public/notices/${replaced.noticeIds[1]}`)).body;
    expect(second.seq).toBe(2);
    expect(second.winners).toEqual([{ position: 1, organisations: ["uni-o2 研究院"] }]);
    expect((await api.get<PublicNotice>(`/v1/public/notices/${first.id}`)).body.status).toBe("superseded");
    expect(Date.parse(second.endsAt)).toBeGreaterThan(Date.parse(first.endsAt));

    await advancePast(second.endsAt);
    expect(await status(arn)).toBe("SUCCEEDED");
    const done = await award(challenge.id);
    expect(done.challengeStatus).toBe("awarded");
    const project = await recordStore().get(projectKind, done.projectIds[0]!);
    expect(project?.applicationId).toBe(o2.id);
    expect((await application(o2.id)).status).toBe("awarded");
    expect((await application(o3.id)).status).toBe("not-selected");
  });
  it("reminds late experts at the scoring deadline, escalates to the bureau the second time, and goes on when scores arrive", async () => {
    const { challenge, applications } = await seed({
      enterpriseOrg: "ent-slow",
      applicants: [{ lead: "uni-s1" }],
    });
    const [s1] = applications as [ApplicationRecord];
    const arn = await startAward(challenge.id);
    const week = 7 * 86_400_000;
    await runtime.advanceClock(week + 1000);
    const reminded = await award(challenge.id);
    expect(reminded.overdue?.count).toBe(1);
    expect(reminded.overdue?.escalatedAt).toBeUndefined();
    expect(reminded.waitingFor?.kind).toBe("scores");
    const late = reminded.panel[0]!;
    const view = await api.get<{ assignment: { remindedAt: string[] } }>(
      `/v1/reviews/${late.assignmentId}`,
      await expert(late.expertId),
    );
    expect(view.body.assignment.remindedAt).toHaveLength(1);
    await runtime.advanceClock(week + 1000);
    const escalated = await award(challenge.id);
    expect(escalated.overdue?.count).toBe(2);
    expect(escalated.overdue?.escalatedAt).toBeDefined();
    const trail = await recordStore().auditTrail(roundKind as never, `rnd-${challenge.id}-r1`);
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(["review.overdue", "review.escalated-to-bureau"]),
    );

    await scoreAll(challenge.id, () => 77);
    const ranked = await award(challenge.id);
    expect(ranked.waitingFor?.kind).toBe("shortlist");
    expect(ranked.ranking).toEqual([
      expect.objectContaining({ applicationId: s1.id, rank: 1, scoreBp: 7700 }),
    ]);
    expect(await status(arn)).toBe("RUNNING");
  });
});
