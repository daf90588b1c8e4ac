// Unit tests of the to-do list's read (functions/operations/my-tasks.ts) on the in-memory store: each to-do of the
// rules has a label in both languages; a view names its record by title (its own, a challenge's, a project's:
// challenge title and lead solver), marks it overdue by the platform clock, and the count caps at 99 ("99+").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { todoActions } from "../../../functions/kernel/todos.ts";
import { countMyTodos, listMyTodos } from "../../../functions/operations/my-tasks.ts";
import { type PaymentRecord, paymentKind } from "../../../functions/payments/model.ts";
import { created } from "../../../functions/platform/ports/records.ts";
import { type ProjectRecord, projectKind } from "../../../functions/projects/model.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const note = { actor: "f1", role: "finance", action: "test" };
const payment = (n: number, requestedAt: string): PaymentRecord =>
  ({
    id: `pmt-${n}`,
    version: 1,
    projectId: "prj-1",
    payeeOrganisationId: "uni-a",
    status: "awaiting-approval",
    requestedBy: "f1",
    requestedAt,
    createdAt: requestedAt,
    pendingTask: { kind: "approval", token: "t", since: requestedAt },
  }) as PaymentRecord;

describe("my tasks", () => {
  it("every action a context's to-do rule declares has an English and a Chinese label", () => {
    const contexts = readdirSync(join(projectRoot, "functions"));
    const declared = contexts.flatMap((c) => {
      const file = join(projectRoot, "functions", c, "rules", "todos.ts");
      try {
        return [
          ...readFileSync(file, "utf8").matchAll(
            /"((?:demand|challenge|review|award|project|payment|recovery)\.[a-z-]+)"/g,
          ),
        ].map((m) => m[1]!);
      } catch {
        return [];
      }
    });
    expect(declared.length).toBeGreaterThanOrEqual(15);
    for (const action of declared) expect(todoActions, action).toHaveProperty([action, "zh"]);
  });

  it("names a payment by its project (challenge id and lead solver here), marks it overdue by the clock", async () => {
    const records = memoryRecordStore();
    await records.write(
      [
        created(
          projectKind,
          {
            id: "prj-1",
            version: 1,
            challengeId: "chl-9",
            solverLead: { organisationId: "uni-a", name: "太原理工大学" },
          } as ProjectRecord,
          note,
        ),
        created(paymentKind, payment(1, "2026-05-01T00:00:00.000Z"), note),
      ],
      "2026-05-01T00:00:00.000Z",
    );
    const f2 = { userId: "f2", organisationId: "czj", roles: ["finance" as const] };
    const before = await listMyTodos({ records, clock: fixedClock("2026-05-07T00:00:00.000Z") }, f2, {
      limit: 10,
    });
    expect(before.items).toEqual([
      {
        id: "PAYMENT#pmt-1#payment.approve",
        action: "payment.approve",
        label: todoActions["payment.approve"],
        record: { kind: "payment", id: "pmt-1", title: "chl-9 — 太原理工大学" },
        since: "2026-05-01T00:00:00.000Z",
        deadline: "2026-05-08T00:00:00.000Z",
        overdue: false,
        link: "/payments/pmt-1/approval",
      },
    ]);
    const after = await listMyTodos({ records, clock: fixedClock("2026-05-08T00:00:00.001Z") }, f2, {
      limit: 10,
    });
    expect(after.items[0]?.overdue).toBe(true);
    const maker = { userId: "f1", organisationId: "czj", roles: ["finance" as const] };
    expect(
      (await listMyTodos({ records, clock: fixedClock("2026-05-07T00:00:00.000Z") }, maker, { limit: 10 }))
        .items,
    ).toEqual([]);
  });

  it("counts exactly up to 99, then caps", async () => {
    const records = memoryRecordStore();
    for (let n = 0; n < 101; n += 25) {
      await records.write(
        Array.from({ length: Math.min(25, 101 - n) }, (_, k) =>
          created(paymentKind, payment(n + k, "2026-05-01T00:00:00.000Z"), note),
        ),
        "2026-05-01T00:00:00.000Z",
      );
    }
    const deps = { records, clock: fixedClock("2026-05-02T00:00:00.000Z") };
    expect(await countMyTodos(deps, { userId: "f2", organisationId: "czj", roles: ["finance"] })).toEqual({
      count: 99,
      capped: true,
    });
    expect(await countMyTodos(deps, { userId: "b1", organisationId: "stb", roles: ["bureau"] })).toEqual({
      count: 0,
      capped: false,
    });
  });
});
