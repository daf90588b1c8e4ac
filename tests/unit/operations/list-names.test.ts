// Unit tests of the names a list carries next to its ids (functions/projects/names.ts, operations/console-views.ts):
// projects by their challenge's title, accounts in words — read for the whole page at once, so the store calls of a
// page do not grow with its size.
import { describe, expect, it } from "vitest";
import { type ChallengeRecord, challengeKind } from "../../../functions/challenges/model.ts";
import type { Actor } from "../../../functions/kernel/actor.ts";
import { ledgerEntries, listProjects } from "../../../functions/operations/console-views.ts";
import { organisationKind } from "../../../functions/organisations/model.ts";
import { type LedgerTransactionRecord, ledgerTransactionKind } from "../../../functions/payments/model.ts";
import { created, type RecordStore } from "../../../functions/platform/ports/records.ts";
import { createProgramme, newProgramme } from "../../../functions/programmes/programmes.ts";
import { type ProjectRecord, projectKind } from "../../../functions/projects/model.ts";
import { type RecoveryRecord, recoveryKind } from "../../../functions/recoveries/model.ts";
import { listRecoveries, readRecovery } from "../../../functions/recoveries/recoveries.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const bureau: Actor = { userId: "u-bureau", organisationId: "org-bureau", roles: ["bureau"] };
const at = "2026-05-04T03:00:00.000Z";
const note = { actor: "test", role: "bureau", action: "seeded" } as const;

/** A store that counts the calls made to it. */
function counting(store: RecordStore) {
  const calls = { count: 0 };
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.count += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/** A programme with `n` projects, each from its own challenge, and one commitment transaction per project. */
async function programmeWith(n: number) {
  const records = memoryRecordStore();
  const programme = await createProgramme(
    { records, clock: fixedClock(at), newId: () => "prg-1" },
    bureau,
    newProgramme.parse({
      name: "Key technologies",
      nameZh: "关键核心技术攻关",
      year: 2026,
      fields: ["新材料"],
      budgetFen: 500_000_000,
      policyId: "taiyuan-2023",
    }),
  );
  for (let i = 1; i <= n; i++) {
    const challenge = {
      id: `chl-${i}`,
      version: 1,
      programmeId: programme.id,
      title: `高强度钢 ${i}`,
      status: "awarded",
      createdAt: at,
    } as unknown as ChallengeRecord;
    const project = {
      id: `prj-${i}`,
      version: 1,
      programmeId: programme.id,
      challengeId: challenge.id,
      enterprise: { organisationId: "ent-1", name: "太钢" },
      solverLead: { organisationId: "uni-1", name: "太原理工大学" },
      rdInvestmentFen: 100,
      grantFen: 30,
      status: "in-progress",
      awardedAt: at,
      createdAt: at,
    } as unknown as ProjectRecord;
    const txn: LedgerTransactionRecord = {
      id: `txn-${i}`,
      version: 1,
      programmeId: programme.id,
      projectId: project.id,
      kind: "commit",
      entries: [
        { account: `prj:${project.id}:committed`, debitFen: 30, creditFen: 0 },
        { account: `prg:${programme.id}:budget`, debitFen: 0, creditFen: 30 },
      ],
      postedAt: at,
      createdAt: at,
      updatedAt: at,
    };
    const recovery = {
      id: `rcv-${i}`,
      version: 1,
      projectId: project.id,
      programmeId: programme.id,
      reason: "termination",
      amountFen: 10,
      payerOrganisationId: "uni-1",
      decidedOn: "2026-05-04",
      status: "assessed",
      createdAt: at,
      updatedAt: at,
    } as unknown as RecoveryRecord;
    await records.write(
      [
        created(challengeKind, challenge, note),
        created(projectKind, project, note),
        created(ledgerTransactionKind, txn, note),
        created(recoveryKind, recovery, note),
      ],
      at,
    );
  }
  return { records, programmeId: programme.id };
}

describe("names next to ids", () => {
  it("a ledger page names each project and each account, in English and Chinese", async () => {
    const { records, programmeId } = await programmeWith(2);
    const page = await ledgerEntries(
      { records, clock: fixedClock(at) },
      { programmeId, limit: 10, order: "oldest" },
    );
    expect(page.items[0]).toMatchObject({
      projectId: "prj-1",
      projectTitle: "高强度钢 1",
      entries: [
        { accountName: "Project 高强度钢 1 · committed", accountNameZh: "项目 高强度钢 1 · 已承诺" },
        {
          accountName: "Programme Key technologies · budget",
          accountNameZh: "批次 关键核心技术攻关 · 预算",
        },
      ],
    });
  });

  it("a programme's projects carry their title and the programme's name", async () => {
    const { records, programmeId } = await programmeWith(2);
    const page = await listProjects({ records, clock: fixedClock(at) }, bureau, { programmeId, limit: 10 });
    expect(page.items.map((p) => [p.id, p.title, p.programmeNameZh]).sort()).toEqual([
      ["prj-1", "高强度钢 1", "关键核心技术攻关"],
      ["prj-2", "高强度钢 2", "关键核心技术攻关"],
    ]);
  });

  it("a programme's projects name a party the award stored by its id by the registry's name (机构名录)", async () => {
    const { records, programmeId } = await programmeWith(1);
    await records.write(
      [
        created(
          projectKind,
          {
            id: "prj-old",
            version: 1,
            programmeId,
            challengeId: "chl-1",
            enterprise: { organisationId: "ent-old", name: "ent-old" },
            solverLead: { organisationId: "uni-old", name: "uni-old" },
            rdInvestmentFen: 100,
            grantFen: 30,
            status: "in-progress",
            awardedAt: at,
            createdAt: at,
          } as unknown as ProjectRecord,
          note,
        ),
        created(
          organisationKind,
          {
            id: "ent-old",
            version: 1,
            registeredName: "太原重型机械集团有限公司",
            uscc: "91140100MA0100003X",
            type: "enterprise",
            createdBy: "b1",
            createdAt: at,
            updatedAt: at,
          },
          note,
        ),
      ],
      at,
    );
    const page = await listProjects({ records, clock: fixedClock(at) }, bureau, { programmeId, limit: 10 });
    const old = page.items.find((p) => p.id === "prj-old");
    expect(old?.enterprise).toEqual({ organisationId: "ent-old", name: "太原重型机械集团有限公司" });
    expect(old?.solverLead).toEqual({ organisationId: "uni-old", name: "uni-old" });
    expect(old?.title).toBe("高强度钢 1");
    expect(page.items.find((p) => p.id === "prj-1")?.enterprise.name).toBe("太钢");
  });

  it("recoveries carry the project's title and the payer's name as the award recorded it", async () => {
    const { records } = await programmeWith(1);
    const items = await listRecoveries({ records, clock: fixedClock(at) }, { status: "assessed" });
    expect(items).toEqual([
      expect.objectContaining({
        projectId: "prj-1",
        projectTitle: "高强度钢 1",
        payerOrganisationId: "uni-1",
        payerName: "太原理工大学",
      }),
    ]);
  });

  it("one recovery carries the project's title and the payer's name, as the list does", async () => {
    const { records } = await programmeWith(1);
    const recovery = await readRecovery({ records, clock: fixedClock(at) }, "rcv-1");
    expect(recovery).toMatchObject({
      projectId: "prj-1",
      projectTitle: "高强度钢 1",
      payerOrganisationId: "uni-1",
      payerName: "太原理工大学",
    });
  });

  it("the store calls of a page do not grow with the page's size", async () => {
    const callsFor = async (n: number) => {
      const { records, programmeId } = await programmeWith(n);
      const ledger = counting(records);
      await ledgerEntries(
        { records: ledger.store, clock: fixedClock(at) },
        { programmeId, limit: 50, order: "newest" },
      );
      const projects = counting(records);
      await listProjects({ records: projects.store, clock: fixedClock(at) }, bureau, {
        programmeId,
        limit: 50,
      });
      const recoveries = counting(records);
      await listRecoveries({ records: recoveries.store, clock: fixedClock(at) }, { status: "assessed" });
      return [ledger.calls.count, projects.calls.count, recoveries.calls.count];
    };
    const small = await callsFor(2);
    expect(await callsFor(30)).toEqual(small);
    expect(small[0]).toBeLessThanOrEqual(4); // the programme, the page, the projects, their challenges
  });
});
