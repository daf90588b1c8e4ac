// Unit: a horse race's to-dos (赛马制) — the race's record waits for the bureau (within the decision term) and the
// challenge's enterprise until both chose the same projects; the bureau's to-do is in its 待办 with the challenge's
// title and the race page's link, on the in-memory record store.
import { describe, expect, it } from "vitest";
import { challengeKind } from "../../../functions/challenges/model.ts";
import { todoActions } from "../../../functions/kernel/todos.ts";
import { listMyTodos } from "../../../functions/operations/my-tasks.ts";
import { created, updated } from "../../../functions/platform/ports/records.ts";
import {
  type HorseRaceDecision,
  type HorseRaceRecord,
  horseRaceKind,
} from "../../../functions/projects/horse-race-model.ts";
import { horseRaceTodos, partiesAwaited } from "../../../functions/projects/rules/horse-race-todos.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const at = "2026-05-01T00:00:00.000Z";
const decision = (party: "bureau" | "enterprise", continuing: string[], when = at): HorseRaceDecision => ({
  party,
  by: `u-${party}`,
  organisationId: party === "bureau" ? "taiyuan-stb" : "tisco",
  at: when,
  continuing,
});
const race = (
  decisions: HorseRaceDecision[],
  status: "deciding" | "decided" = "deciding",
): HorseRaceRecord => ({
  id: "hrc-chl-1",
  version: 1,
  challengeId: "chl-1",
  programmeId: "pgm-1",
  keyMilestones: [],
  projectIds: ["prj-a", "prj-b"],
  enterpriseOrganisationIds: ["tisco"],
  decisions,
  status,
  createdAt: at,
  updatedAt: at,
});

describe("horse race to-dos", () => {
  it("wait for the bureau once the enterprise chose, with the race page's link and a deadline", () => {
    const todos = horseRaceTodos(race([decision("enterprise", ["prj-a"], "2026-05-03T00:00:00.000Z")]));
    expect(todos).toEqual([
      {
        action: "horse-race.decide",
        key: "bureau",
        since: "2026-05-03T00:00:00.000Z",
        deadline: "2026-05-17T00:00:00.000Z",
        link: "/challenges/chl-1/horse-race",
        titleFrom: { kind: "CHALLENGE", id: "chl-1" },
        assignees: [{ role: "bureau" }],
      },
    ]);
    expect(todoActions["horse-race.decide"].zh).toBe("确定赛马继续实施的项目");
  });

  it("wait for the enterprise once the bureau chose; for the older chooser when they differ; for no one when agreed", () => {
    expect(partiesAwaited(race([decision("bureau", ["prj-a"])]))).toEqual(["enterprise"]);
    expect(horseRaceTodos(race([decision("bureau", ["prj-a"])]))[0]?.assignees).toEqual([
      { role: "enterprise", organisationId: "tisco" },
    ]);
    const differ = [
      decision("enterprise", ["prj-a"], "2026-05-02T00:00:00.000Z"),
      decision("bureau", ["prj-b"], "2026-05-04T00:00:00.000Z"),
    ];
    expect(partiesAwaited(race(differ))).toEqual(["enterprise"]);
    expect(partiesAwaited(race([decision("enterprise", ["prj-a"]), decision("bureau", ["prj-a"])]))).toEqual(
      [],
    );
    expect(horseRaceTodos(race([decision("enterprise", ["prj-a"])], "decided"))).toEqual([]);
  });

  it("put the bureau's decision in the bureau's 待办, titled by the challenge, and end it when the bureau agrees", async () => {
    const records = memoryRecordStore();
    const note = { actor: "test", role: "enterprise", action: "test.seeded" } as const;
    const first = race([decision("enterprise", ["prj-a"])]);
    await records.write(
      [
        created(challengeKind, { id: "chl-1", version: 1, title: "高温合金叶片缺陷控制" } as never, note),
        created(horseRaceKind, first, note),
      ],
      at,
    );
    const deps = { records, clock: fixedClock("2026-05-02T00:00:00.000Z") };
    const bureau = { userId: "b1", organisationId: "taiyuan-stb", roles: ["bureau" as const] };
    const page = await listMyTodos(deps, bureau, { limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({
        action: "horse-race.decide",
        record: { kind: "horse-race", id: "hrc-chl-1", title: "高温合金叶片缺陷控制" },
        link: "/challenges/chl-1/horse-race",
        overdue: false,
      }),
    ]);
    const agreed = {
      ...first,
      version: 2,
      decisions: [...first.decisions, decision("bureau", ["prj-a"])],
      status: "decided" as const,
    };
    await records.write([updated(horseRaceKind, first, agreed, note)], at);
    expect((await listMyTodos(deps, bureau, { limit: 10 })).items).toEqual([]);
  });
});
