// Unit: decision notifications — the award, the public notice and an objection's outcome, the acceptance verdict, an
// extension decision, a termination and a fraud finding, a recovery order — each to whom it concerns, with names (read
// from the related records by notifications/facts.ts), in the inbox and by e-mail by default.
import { describe, expect, it } from "vitest";
import { factsOf } from "../../../../functions/notifications/facts.ts";
import type { OutboxEntry } from "../../../../functions/notifications/model.ts";
import { channelsFor } from "../../../../functions/notifications/rules/delivery.ts";
import {
  eventNotifies,
  eventRules,
  notificationsFor,
  type RecordFacts,
} from "../../../../functions/notifications/rules/recipients.ts";
import { created } from "../../../../functions/platform/ports/records.ts";
import { memoryRecordStore } from "../../../support/memory-records.ts";

const event = (recordKind: string, action: string, detail: Record<string, unknown> = {}): OutboxEntry => ({
  source: "event",
  event: {
    recordKind,
    recordId: "r-1",
    version: 4,
    action,
    at: "2026-03-01T01:00:00.000Z",
    actor: "workflow",
    detail,
  },
});

const tell = (recordKind: string, action: string, facts: RecordFacts, detail = {}) =>
  notificationsFor(event(recordKind, action, detail), facts);
const to = (ns: { recipient: string }[]) => ns.map((n) => n.recipient);

const project: RecordFacts = {
  title: "高性能铸造工艺",
  solverName: "太原理工大学",
  solverOrganisationIds: ["uni-a", "uni-b"],
  enterpriseOrganisationIds: ["ent-1"],
  projectId: "prj-1",
};
const parties = ["ROLE#solver@uni-a", "ROLE#solver@uni-b", "ROLE#enterprise@ent-1"];

describe("decision notifications: who is told, with names", () => {
  it("the award: winners and not-selected applicants (lead and members), and the enterprise with the winners' names", () => {
    const application = {
      title: "高强度钢",
      solverName: "太原理工大学",
      solverOrganisationIds: ["uni-a", "uni-b"],
    };
    const won = tell("APPLICATION", "application.awarded", application);
    expect(to(won)).toEqual(["ROLE#solver@uni-a", "ROLE#solver@uni-b"]);
    expect(won[0]).toMatchObject({ title: "揭榜成功", link: "/my-applications/r-1", private: false });
    expect(won[0]!.body).toContain("太原理工大学牵头申报的榜单「高强度钢」");
    expect(won[0]!.body).toContain("经公示无异议");
    // A replacement on performance (递补) is awarded before its own notice ran: it is told so, not “经公示无异议”.
    const replacing = tell("APPLICATION", "application.awarded", application, {
      replaces: "app-0",
      projectId: "prj-2",
    });
    expect(replacing[0]).toMatchObject({ title: "拟递补为揭榜方", link: "/my-applications/r-1" });
    expect(replacing[0]!.body).toContain("递补公示");
    expect(replacing[0]!.body).not.toContain("经公示无异议");
    const withdrawn = tell("APPLICATION", "application.overlap-withdrawn", application);
    expect(to(withdrawn)).toEqual(["ROLE#solver@uni-a", "ROLE#solver@uni-b"]);
    expect(withdrawn[0]).toMatchObject({
      title: "揭榜结果：就高不重复，撤销支持",
      link: "/my-applications/r-1",
    });
    expect(withdrawn[0]!.body).toContain("「高强度钢」");
    const lost = tell("APPLICATION", "application.not-selected", application);
    expect(lost[0]!.title).toBe("揭榜结果：未入选");
    expect(lost[0]!.body).toContain("「高强度钢」本轮未入选");
    const challenge = tell("CHALLENGE", "challenge.awarded", {
      title: "高强度钢",
      enterpriseOrganisationIds: ["ent-1"],
      winnerNames: ["太原理工大学", "中北大学"],
    });
    expect(to(challenge)).toEqual(["ROLE#enterprise@ent-1"]);
    expect(challenge[0]!.body).toBe("贵单位的榜单「高强度钢」已确定揭榜方：太原理工大学、中北大学。");
    expect(challenge[0]!.body).not.toMatch(/app-|uni-|ent-/);
  });

  it("the public notice and an objection's outcome: the winner concerned and the enterprise", () => {
    const onNotice = tell("APPLICATION", "application.on-notice", {
      title: "高强度钢",
      solverName: "太原理工大学",
      solverOrganisationIds: ["uni-a"],
    });
    expect(to(onNotice)).toEqual(["ROLE#solver@uni-a"]);
    expect(onNotice[0]!.body).toContain("拟确定为揭榜方，现予公示");
    expect(
      to(tell("CHALLENGE", "challenge.on-notice", { title: "高强度钢", enterpriseOrganisationIds: ["e"] })),
    ).toEqual(["ROLE#enterprise@e"]);
    const objection = { ...project, challengeId: "chl-1", solverOrganisationIds: ["uni-a"] };
    const upheld = tell("OBJECTION", "notice.objection-upheld", objection);
    expect(to(upheld)).toEqual(["ROLE#solver@uni-a", "ROLE#enterprise@ent-1"]);
    expect(upheld[0]).toMatchObject({
      title: "公示异议处理结果：异议成立",
      link: "/public/challenges/chl-1",
    });
    expect(upheld[0]!.body).toContain("关于太原理工大学的异议经核查成立");
    expect(tell("OBJECTION", "notice.objection-dismissed", objection)[0]!.body).toContain("不成立");
  });

  it("the acceptance verdict, an extension decision, a termination: the project's parties", () => {
    const accepted = tell("PROJECT", "project.accepted", project);
    expect(to(accepted)).toEqual(parties);
    expect(accepted[0]!.body).toBe("项目「高性能铸造工艺」（太原理工大学牵头）已通过结题验收。");
    expect(tell("PROJECT", "project.not-accepted", project)[0]!.title).toBe("结题验收未通过");
    const extended = tell("PROJECT_TRACK", "extension.approved", project, { seq: 1, months: 6 });
    expect(to(extended)).toEqual(parties);
    expect(extended[0]!.body).toContain("延期6个月");
    expect(extended[0]!.link).toBe("/projects/prj-1");
    expect(tell("PROJECT_TRACK", "extension.rejected", project)[0]!.title).toBe("延期申请未获批准");
    const ended = tell("PROJECT_TRACK", "project.terminated", project, { fault: true });
    expect(to(ended)).toEqual(parties);
    expect(ended[0]).toMatchObject({ title: "项目终止", private: false });
    expect(ended[0]!.body).toContain("经认定有过错");
  });

  it("a fraud finding (private) to the parties; a recovery order (private, the amount in yuan) to the payer", () => {
    const fraud = tell("PROJECT_TRACK", "project.fraud", project);
    expect(to(fraud)).toEqual(parties);
    expect(fraud[0]!.private).toBe(true);
    const recovery = tell(
      "RECOVERY",
      "recovery.assessed",
      { ...project, payerOrganisationId: "ent-1", amountFen: 123_456_78 },
      { reason: "termination", amountFen: 123_456_78 },
    );
    expect(to(recovery)).toEqual(["ROLE#enterprise@ent-1"]);
    expect(recovery[0]).toMatchObject({ title: "资金追回通知", private: true, link: "/projects/prj-1" });
    expect(recovery[0]!.body).toBe(
      "因项目终止，项目「高性能铸造工艺」核定应退回资金123,456.78元，请按通知期限缴回。",
    );
  });

  it("the project record's own terminated event does not tell twice (the track's does)", () => {
    expect(eventNotifies("PROJECT", "project.terminated")).toBe(false);
    expect(eventNotifies("PROJECT_TRACK", "project.terminated")).toBe(true);
  });

  it("a replacement's public notice (递补公示) tells the replacing solvers and the enterprise, with names and the end", () => {
    const told = tell(
      "NOTICE",
      "notice.replacement-published",
      {
        title: "高性能铸造工艺",
        solverName: "丙大学",
        solverOrganisationIds: ["uni-c"],
        enterpriseOrganisationIds: ["ent-1"],
      },
      { replacedName: "太原理工大学", lastDay: "2026-07-13" },
    );
    expect(to(told).sort()).toEqual(["ROLE#enterprise@ent-1", "ROLE#solver@uni-c"]);
    expect(told[0]).toMatchObject({ title: "递补结果公示", private: false });
    expect(told[0]!.body).toBe(
      "榜单「高性能铸造工艺」原揭榜方太原理工大学经绩效评价退出，拟由丙大学递补承担剩余任务和资金，现予公示至2026-07-13；公示期满无异议的，签订新任务书。",
    );
  });

  it("every decision goes to the inbox and by e-mail by default; the others by e-mail only where chosen", () => {
    const decisions = Object.entries(eventRules).filter(([, r]) => r.defaultChannels.includes("email"));
    expect(decisions.map(([a]) => a).sort()).toEqual(
      [
        "application.awarded",
        "application.not-selected",
        "application.on-notice",
        "application.overlap-withdrawn",
        "challenge.awarded",
        "challenge.on-notice",
        "extension.approved",
        "extension.rejected",
        "notice.objection-dismissed",
        "notice.objection-upheld",
        "notice.replacement-published",
        "performance.no-replacement-left",
        "project.accepted",
        "project.fraud",
        "project.not-accepted",
        "project.terminated",
        "recovery.assessed",
      ].sort(),
    );
    const person = {
      userId: "u",
      organisationId: "ent-1",
      roles: ["enterprise"],
      channels: [],
      email: "u@e.cn",
    };
    for (const [type] of decisions) expect(channelsFor({ type }, person)).toEqual(["email"]);
    expect(channelsFor({ type: "payment.paid" }, person)).toEqual([]);
  });
});

describe("the facts a decision's text reads: names from the related records", () => {
  const at = "2026-03-01T01:00:00.000Z";
  const audit = { actor: "test", role: "bureau", action: "test.seeded" } as const;
  const kind = (name: string) => ({ name, indexKeys: () => ({}) });
  const put = (name: string, record: { id: string; version: number } & Record<string, unknown>) =>
    created(kind(name), record, audit);
  const seed = async () => {
    const records = memoryRecordStore();
    await records.write(
      [
        put("CHALLENGE", {
          id: "chl-1",
          version: 1,
          title: "高强度钢",
          enterpriseOrganisationIds: ["ent-1"],
        }),
        put("APPLICATION", {
          id: "app-1",
          version: 1,
          challengeId: "chl-1",
          leadOrganisationId: "uni-a",
          memberOrganisationIds: ["uni-b"],
          organisationNames: { "uni-a": "太原理工大学", "uni-b": "中北大学" },
        }),
        put("PROJECT", {
          id: "prj-1",
          version: 1,
          title: "高强度钢",
          enterpriseOrganisationIds: ["ent-1"],
          solverLead: { organisationId: "uni-a", name: "太原理工大学" },
          solverMembers: [{ organisationId: "uni-b", name: "中北大学" }],
        }),
        put("PROJECT_TRACK", { id: "prj-1", version: 1 }),
        put("RECOVERY", { id: "rec-1", version: 1, projectId: "prj-1", payerOrganisationId: "ent-1" }),
        put("NOTICE", {
          id: "ntc-1",
          version: 1,
          challengeId: "chl-1",
          winners: [
            {
              position: 1,
              applicationId: "app-1",
              organisationIds: ["uni-a"],
              organisationNames: ["太原理工大学"],
            },
          ],
        }),
        put("JUDICIAL_REFERRAL", { id: "jrf-prj-1", version: 1, projectId: "prj-1", recoverFen: 1_00 }),
        put("OBJECTION", {
          id: "obj-1",
          version: 1,
          noticeId: "ntc-1",
          challengeId: "chl-1",
          winnerPosition: 1,
        }),
      ],
      at,
    );
    return records;
  };

  it("an application: its challenge's title and enterprises, its solvers and lead's name", async () => {
    const records = await seed();
    expect(await factsOf(records, "APPLICATION", "app-1", {})).toMatchObject({
      title: "高强度钢",
      enterpriseOrganisationIds: ["ent-1"],
      solverOrganisationIds: ["uni-a", "uni-b"],
      solverName: "太原理工大学",
    });
    expect(await factsOf(records, "APPLICATION", "app-gone", {})).toBeUndefined();
  });

  it("a challenge's award: the winners by name; an objection: the winner concerned", async () => {
    const records = await seed();
    expect((await factsOf(records, "CHALLENGE", "chl-1", { winners: ["app-1"] }))?.winnerNames).toEqual([
      "太原理工大学",
    ]);
    expect(await factsOf(records, "OBJECTION", "obj-1", {})).toMatchObject({
      title: "高强度钢",
      solverOrganisationIds: ["uni-a", "uni-b"],
      solverName: "太原理工大学",
      enterpriseOrganisationIds: ["ent-1"],
      challengeId: "chl-1",
    });
  });

  it("a notice: its challenge's title, for the bureau's note of an extended notice", async () => {
    const records = await seed();
    expect(await factsOf(records, "NOTICE", "ntc-1", {})).toMatchObject({
      challengeId: "chl-1",
      title: "高强度钢",
    });
  });

  it("a judicial referral: its project's title, for finance's report of the referral", async () => {
    const records = await seed();
    expect(await factsOf(records, "JUDICIAL_REFERRAL", "jrf-prj-1", {})).toMatchObject({
      title: "高强度钢",
      projectId: "prj-1",
    });
  });

  it("a track and a recovery: their project's title and parties", async () => {
    const records = await seed();
    for (const [k, id] of [
      ["PROJECT_TRACK", "prj-1"],
      ["RECOVERY", "rec-1"],
    ] as const) {
      expect(await factsOf(records, k, id, {})).toMatchObject({
        title: "高强度钢",
        projectId: "prj-1",
        solverOrganisationIds: ["uni-a", "uni-b"],
        enterpriseOrganisationIds: ["ent-1"],
      });
    }
  });

  it("a project written before titles were stored: named by its challenge's title, as its page names it", async () => {
    const records = await seed();
    await records.write(
      [
        put("PROJECT", {
          id: "prj-old",
          version: 1,
          challengeId: "chl-1",
          enterpriseOrganisationIds: ["ent-1"],
          solverLead: { organisationId: "uni-a", name: "太原理工大学" },
          solverMembers: [],
        }),
        put("PROJECT_TRACK", { id: "prj-old", version: 1 }),
        put("RECOVERY", { id: "rec-old", version: 1, projectId: "prj-old", payerOrganisationId: "ent-1" }),
      ],
      at,
    );
    for (const [k, id] of [
      ["PROJECT", "prj-old"],
      ["PROJECT_TRACK", "prj-old"],
      ["RECOVERY", "rec-old"],
    ] as const) {
      expect((await factsOf(records, k, id, {}))?.title, k).toBe("高强度钢");
    }
  });
});
