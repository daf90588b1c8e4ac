// Unit tests of the programme use cases (functions/programmes/programmes.ts) on the in-memory record store and a fixed
// clock: what creating writes (record, audit event, listing), the budget refusal, reading and listing.

import { describe, expect, it } from "vitest";
import type { Actor } from "../../../functions/kernel/actor.ts";
import { programmeKind } from "../../../functions/programmes/model.ts";
import {
  createProgramme,
  listProgrammes,
  loadProgramme,
  newProgramme,
} from "../../../functions/programmes/programmes.ts";
import { policyPresets } from "../../../functions/programmes/rules/policy.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const bureau: Actor = { userId: "u-bureau", organisationId: "org-bureau", roles: ["bureau"] };

function setup() {
  const records = memoryRecordStore();
  const clock = fixedClock("2026-05-04T03:00:00.000Z");
  let n = 0;
  const newId = () => `prg-00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  return { records, clock, deps: { records, clock, newId } };
}

const request = (overrides: Record<string, unknown> = {}) =>
  newProgramme.parse({
    name: "Key technologies",
    nameZh: "关键核心技术攻关",
    year: 2026,
    fields: ["新材料", "高端装备"],
    budgetFen: 500_000_000,
    policyId: "taiyuan-2023",
    ...overrides,
  });

describe("createProgramme", () => {
  it("writes the programme at version 1 with the preset frozen in it, and one audit event", async () => {
    const { records, clock, deps } = setup();
    const programme = await createProgramme(deps, bureau, request());
    expect(programme).toEqual({
      id: "prg-00000000-0000-4000-8000-000000000001",
      version: 1,
      name: "Key technologies",
      nameZh: "关键核心技术攻关",
      year: 2026,
      fields: ["新材料", "高端装备"],
      policyId: "taiyuan-2023",
      policy: policyPresets["taiyuan-2023"],
      budgetFen: 500_000_000,
      status: "open",
      createdBy: "u-bureau",
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    });
    expect(await records.get(programmeKind, programme.id)).toEqual(programme);
    const [event, ...more] = await records.auditTrail(programmeKind, programme.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor: "u-bureau",
      role: "bureau",
      action: "programme.created",
      detail: { policyId: "taiyuan-2023", preset: true, budgetFen: 500_000_000 },
      version: 1,
      at: clock.now().toISOString(),
    });
  });

  it("takes a custom policy, audited as not a preset", async () => {
    const { records, deps } = setup();
    const policy = { ...policyPresets["taiyuan-2023"]!, id: "custom-city", subsidyRateBp: 5000 };
    const programme = await createProgramme(deps, bureau, request({ policyId: undefined, policy }));
    expect(programme.policyId).toBe("custom-city");
    expect(programme.policy.subsidyRateBp).toBe(5000);
    const [event] = await records.auditTrail(programmeKind, programme.id);
    expect(event?.detail).toEqual({ policyId: "custom-city", preset: false, budgetFen: 500_000_000 });
  });

  it("refuses a budget above the policy's programme budget, writing nothing", async () => {
    const { records, deps } = setup();
    const ceiling = policyPresets["jinan-2023"]!.programmeBudgetFen!;
    await expect(
      createProgramme(deps, bureau, request({ policyId: "jinan-2023", budgetFen: ceiling + 1 })),
    ).rejects.toMatchObject({
      code: "BUDGET_EXCEEDS_POLICY",
      kind: "business-rule",
      fields: [expect.objectContaining({ path: "body.budgetFen" })],
    });
    expect(records.table.items()).toEqual([]);
    const atCeiling = await createProgramme(
      deps,
      bureau,
      request({ policyId: "jinan-2023", budgetFen: ceiling }),
    );
    expect(atCeiling.budgetFen).toBe(ceiling);
  });
});

describe("loadProgramme and listProgrammes", () => {
  it("reads a programme by id; an unknown or malformed id is PROGRAMME_NOT_FOUND", async () => {
    const { deps } = setup();
    const programme = await createProgramme(deps, bureau, request());
    expect(await loadProgramme(deps, programme.id)).toEqual(programme);
    for (const id of ["prg-00000000-0000-4000-8000-000000000099", "not-a-programme-id"]) {
      await expect(loadProgramme(deps, id)).rejects.toMatchObject({
        code: "PROGRAMME_NOT_FOUND",
        kind: "not-found",
        message: `Programme ${id} not found`,
      });
    }
  });

  it("lists programmes newest year first, a page at a time", async () => {
    const { deps } = setup();
    const made = [];
    for (const year of [2024, 2026, 2025]) made.push(await createProgramme(deps, bureau, request({ year })));
    const first = await listProgrammes(deps, { limit: 2 });
    expect(first.items.map((p) => p.year)).toEqual([2026, 2025]);
    const second = await listProgrammes(deps, { limit: 2, cursor: first.next! });
    expect(second.items.map((p) => p.year)).toEqual([2024]);
    expect(second.next).toBeUndefined();
    expect([...first.items, ...second.items].map((p) => p.id).sort()).toEqual(made.map((p) => p.id).sort());
  });

  it("lists the programmes of one year newest first too, whatever their ids", async () => {
    const records = memoryRecordStore();
    const clock = fixedClock("2026-05-04T03:00:00.000Z");
    // Ids that sort the other way round from creation.
    let n = 10;
    const newId = () => `prg-00000000-0000-4000-8000-${String(--n).padStart(12, "0")}`;
    const deps = { records, clock, newId };
    const made: Awaited<ReturnType<typeof createProgramme>>[] = [];
    for (const year of [2026, 2026, 2025, 2026, 2025]) {
      made.push(await createProgramme(deps, bureau, request({ year })));
      clock.advance(60_000);
    }
    const byCreation = (year: number) =>
      made
        .filter((p) => p.year === year)
        .map((p) => p.id)
        .reverse();
    const expected = [...byCreation(2026), ...byCreation(2025)];
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listProgrammes(deps, { limit: 2, ...(cursor ? { cursor } : {}) });
      listed.push(...page.items.map((p) => p.id));
      cursor = page.next;
    } while (cursor);
    expect(listed).toEqual(expected);
  });
});
