// End-to-end: the award's decision notifications on the embedded runtime over HTTP — the public notice (公示) of a
// winner, an objection upheld (the winner removed, 递补) and one dismissed on the second notice, then the award: the
// winner's lead and member solvers told 揭榜成功, the applicant not selected told 未入选, the challenge's enterprise told
// each step. Each in the inbox once and, the person having given an e-mail address (no channel ticked), by e-mail once,
// in Chinese, named by the challenge; an applicant of another challenge and another enterprise get nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApplicationRecord } from "../../functions/applications/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { awardDriver } from "../support/award.ts";

let runtime: Runtime;
let dataDir: string;
const driver = awardDriver(() => runtime);
const { api, token, bureau, enterprise } = driver;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-decision-notifications-award-"));
  runtime = await startRuntime({ dataDir, clockStart: "2025-06-03T01:00:00.000Z" });
  await driver.registerPool();
});
afterAll(async () => {
  driver.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface InboxItem {
  type: string;
  title: string;
  body: string;
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

/** The decision types of this family (the to-dos and other notices left aside). */
const decisionTypes = new Set([
  "application.on-notice",
  "challenge.on-notice",
  "notice.objection-upheld",
  "notice.objection-dismissed",
  "application.awarded",
  "application.not-selected",
  "challenge.awarded",
]);
const decisionsOf = async (t: string) =>
  (await inbox(t)).filter((n) => decisionTypes.has(n.type)).map((n) => n.type);
/** The subjects of the decision e-mails an address got (to-dos are not decisions: not e-mailed unless chosen). */
const decisionMail = async (address: string) =>
  (await mailTo(address)).filter((m) => !m.subject.startsWith("新的待办"));

describe("decision notifications: public notice, objections and the award", () => {
  it("tells winners, the replaced winner, the applicant not selected and the enterprise — once each, by name", async () => {
    const title = "风电主轴承国产化替代";
    const { challenge, applications } = await driver.seed({
      enterpriseOrg: "ent-dn",
      title,
      applicants: [{ lead: "uni-dna", members: ["lab-dna"] }, { lead: "uni-dnb" }, { lead: "uni-dnc" }],
    });
    const [a, b, c] = applications as [ApplicationRecord, ApplicationRecord, ApplicationRecord];
    // Each party signed in once and gave an address without ticking e-mail; an outsider of each kind too.
    const people = {
      leadA: { t: await token("s-dna", "uni-dna", ["solver"]), mail: "s@uni-dna.example" },
      memberA: { t: await token("s-lab-dna", "lab-dna", ["solver"]), mail: "s@lab-dna.example" },
      leadB: { t: await token("s-dnb", "uni-dnb", ["solver"]), mail: "s@uni-dnb.example" },
      leadC: { t: await token("s-dnc", "uni-dnc", ["solver"]), mail: "s@uni-dnc.example" },
      enterprise: { t: await enterprise("ent-dn"), mail: "e@ent-dn.example" },
      otherSolver: { t: await token("s-dnx", "uni-dnx", ["solver"]), mail: "s@uni-dnx.example" },
      otherEnterprise: { t: await enterprise("ent-dnx"), mail: "e@ent-dnx.example" },
    };
    for (const p of Object.values(people)) {
      const saved = await api.call("PUT", "/v1/me/notification-preferences", {
        token: p.t,
        body: { channels: [], email: p.mail },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    }

    await driver.startAward(challenge.id);
    await driver.scoreAll(challenge.id, (id) => (id === a.id ? 95 : id === b.id ? 85 : 65));
    const first = await driver.confirmShortlist(challenge.id, "ent-dn", { race: false, winners: 1 });
    expect(first.winners).toEqual([{ position: 1, organisations: ["uni-dna 研究院", "lab-dna 研究院"] }]);
    await runtime.notifications.settle();
    // On notice: the winner's lead and member, and the enterprise; nobody else yet.
    expect(await decisionsOf(people.leadA.t)).toEqual(["application.on-notice"]);
    expect(await decisionsOf(people.memberA.t)).toEqual(["application.on-notice"]);
    expect(await decisionsOf(people.enterprise.t)).toEqual(["challenge.on-notice"]);
    expect(await decisionsOf(people.leadB.t)).toEqual([]);

    // An objection to uni-dna upheld: uni-dna and the enterprise are told; uni-dnb (next ranked) goes on notice.
    const objection = await api.post<{ id: string }>(`/v1/public/notices/${first.id}/objections`, undefined, {
      text: "拟揭榜单位的核心成果涉嫌抄袭他人专利",
    });
    expect(objection.status).toBe(201);
    // The notice ends with the objection open: the award waits for the bureau's ruling.
    await driver.advancePast(first.endsAt);
    const upheld = await api.post(
      `/v1/notices/${first.id}/objections/${objection.body.id}/ruling`,
      await bureau(),
      { decision: "upheld", reason: "经核查，专利侵权属实" },
    );
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    await driver.settle();
    const second = (await driver.award(challenge.id)).noticeIds.at(-1)!;
    expect(second).not.toBe(first.id);

    // An objection to uni-dnb on the second notice, dismissed.
    const again = await api.post<{ id: string }>(`/v1/public/notices/${second}/objections`, undefined, {
      text: "拟揭榜单位中试条件存疑",
    });
    expect(again.status).toBe(201);
    const dismissed = await api.post(
      `/v1/notices/${second}/objections/${again.body.id}/ruling`,
      await bureau(),
      {
        decision: "dismissed",
        reason: "经现场核查，中试条件属实",
      },
    );
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    const notice = (await api.get<{ endsAt: string }>(`/v1/public/notices/${second}`)).body;
    await driver.advancePast(notice.endsAt);
    expect((await driver.award(challenge.id)).challengeStatus).toBe("awarded");
    await driver.settle();
    await runtime.notifications.settle();

    // The inboxes: each decision once, to those it concerns.
    const sorted = async (t: string) => (await decisionsOf(t)).sort();
    expect(await sorted(people.leadA.t)).toEqual(["application.on-notice", "notice.objection-upheld"]);
    expect(await sorted(people.memberA.t)).toEqual(["application.on-notice", "notice.objection-upheld"]);
    expect(await sorted(people.leadB.t)).toEqual([
      "application.awarded",
      "application.on-notice",
      "notice.objection-dismissed",
    ]);
    expect(await sorted(people.leadC.t)).toEqual(["application.not-selected"]);
    // The enterprise: the challenge went on notice once (the second notice replaces the first), both rulings, the award.
    expect(await sorted(people.enterprise.t)).toEqual([
      "challenge.awarded",
      "challenge.on-notice",
      "notice.objection-dismissed",
      "notice.objection-upheld",
    ]);
    expect(await decisionsOf(people.otherSolver.t)).toEqual([]);
    expect(await decisionsOf(people.otherEnterprise.t)).toEqual([]);

    // The texts: Chinese, by the challenge's and the organisations' names, never an id.
    const awarded = (await inbox(people.leadB.t)).find((n) => n.type === "application.awarded")!;
    expect(awarded.title).toBe("揭榜成功");
    expect(awarded.body).toContain(`「${title}」`);
    expect(awarded.body).toContain("uni-dnb 研究院");
    const named = (await inbox(people.enterprise.t)).find((n) => n.type === "challenge.awarded")!;
    expect(named.body).toContain("uni-dnb 研究院");
    expect(named.body).not.toContain("uni-dna 研究院");
    const upheldText = (await inbox(people.enterprise.t)).find((n) => n.type === "notice.objection-upheld")!;
    expect(upheldText.title).toBe("公示异议处理结果：异议成立");
    expect(upheldText.body).toContain("uni-dna 研究院");
    for (const n of [...(await inbox(people.leadB.t)), ...(await inbox(people.enterprise.t))]) {
      for (const id of [challenge.id, a.id, b.id, c.id, first.id, second]) expect(n.body).not.toContain(id);
    }
    // The objector is anonymous and the ruling's reason stays with the bureau: neither is in any text.
    expect(JSON.stringify(await inbox(people.leadA.t))).not.toContain("专利侵权属实");

    // The mailbox: each decision's e-mail once per address, in Chinese, with the challenge's name.
    const subjects = async (address: string) => (await decisionMail(address)).map((m) => m.subject).sort();
    expect(await subjects(people.leadA.mail)).toEqual(["公示异议处理结果：异议成立", "揭榜结果公示"]);
    expect(await subjects(people.memberA.mail)).toEqual(["公示异议处理结果：异议成立", "揭榜结果公示"]);
    expect(await subjects(people.leadB.mail)).toEqual(
      ["公示异议处理结果：异议不成立", "揭榜成功", "揭榜结果公示"].sort(),
    );
    expect(await subjects(people.leadC.mail)).toEqual(["揭榜结果：未入选"]);
    expect(await subjects(people.enterprise.mail)).toEqual(
      [
        "公示异议处理结果：异议不成立",
        "公示异议处理结果：异议成立",
        "揭榜结果公示",
        "榜单已确定揭榜方",
      ].sort(),
    );
    expect(await mailTo(people.otherSolver.mail)).toEqual([]);
    expect(await mailTo(people.otherEnterprise.mail)).toEqual([]);
    for (const p of Object.values(people)) {
      for (const m of await decisionMail(p.mail)) {
        expect(m.subject).toMatch(han);
        expect(m.text).toContain(`「${title}」`);
        expect(m.text).toContain("请登录揭榜挂帅工作台查看");
      }
    }
    // To-dos are not decisions: they stay off e-mail for those who did not tick it.
    expect((await mailTo(people.enterprise.mail)).filter((m) => m.subject.startsWith("新的待办"))).toEqual(
      [],
    );
  }, 300_000);
});
