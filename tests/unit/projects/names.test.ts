// Unit: a page's project names — the parties by their registered names (机构名录) where registered, else the names the
// award recorded — in two batch reads whatever the page's size (the projects, then their challenges and registrations).
import { describe, expect, it } from "vitest";
import { challengeKind } from "../../../functions/challenges/model.ts";
import { organisationKind } from "../../../functions/organisations/model.ts";
import { created, type VersionedRecord } from "../../../functions/platform/ports/records.ts";
import {
  type ProjectRecord,
  type ProjectTrackRecord,
  projectKind,
} from "../../../functions/projects/model.ts";
import { projectNames, projectTitles, trackExpertNames } from "../../../functions/projects/names.ts";
import { expertKind } from "../../../functions/review/model.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const at = "2025-06-02T02:00:00.000Z";
const audit = { actor: "test", role: "bureau", action: "test.seeded" } as const;

const project = (n: number): ProjectRecord =>
  ({
    id: `prj-${n}`,
    version: 1,
    challengeId: `chl-${n}`,
    programmeId: "pgm-1",
    enterprise: { organisationId: "ent-casting", name: "ent-casting" },
    solverLead: { organisationId: `uni-${n}`, name: `uni-${n}` },
    solverMembers: [{ organisationId: "inst-1", name: "某研究所（申请时填写）" }],
  }) as unknown as ProjectRecord;

async function seeded(projects: number) {
  const records = memoryRecordStore();
  for (let n = 1; n <= projects; n++) {
    const challenge = { id: `chl-${n}`, version: 1, title: `榜单 ${n}` };
    await records.write(
      [
        created(projectKind, project(n), audit),
        created(challengeKind, challenge as unknown as Parameters<typeof challengeKind.indexKeys>[0], audit),
      ],
      at,
    );
  }
  await records.write(
    [
      created(
        organisationKind,
        {
          id: "ent-casting",
          version: 1,
          registeredName: "太原精密铸造有限公司",
          uscc: "91350100M000100Y43",
          type: "enterprise",
          createdBy: "b1",
          createdAt: at,
          updatedAt: at,
        },
        audit,
      ),
    ],
    at,
  );
  let batches = 0;
  const counted = {
    getMany: (keys: Parameters<typeof records.getMany>[0]): Promise<(VersionedRecord | undefined)[]> => {
      batches++;
      return records.getMany(keys);
    },
  };
  return { counted, batches: () => batches };
}

describe("projectNames", () => {
  it("names a registered party by its registered name, an unregistered one by the name the award recorded", async () => {
    const { counted, batches } = await seeded(3);
    const names = await projectNames(counted, ["prj-1", "prj-2", "prj-3", "prj-missing"]);
    expect(batches()).toBe(2);
    expect([...names.keys()].sort()).toEqual(["prj-1", "prj-2", "prj-3"]);
    const first = names.get("prj-1");
    expect(first?.title).toBe("榜单 1");
    expect(first?.organisationNames.get("ent-casting")).toBe("太原精密铸造有限公司");
    expect(first?.organisationNames.get("uni-1")).toBe("uni-1");
    expect(first?.organisationNames.get("inst-1")).toBe("某研究所（申请时填写）");
  });

  it("reads in batches of at most 100 keys for a long page, and titles alone read no registrations", async () => {
    const { counted, batches } = await seeded(60);
    const ids = Array.from({ length: 60 }, (_, i) => `prj-${i + 1}`);
    const names = await projectNames(counted, ids);
    // 60 projects (1 batch), then 60 challenges and 62 organisations (2 batches).
    expect(batches()).toBe(3);
    expect(names.get("prj-60")?.organisationNames.get("ent-casting")).toBe("太原精密铸造有限公司");
    const before = batches();
    const titles = await projectTitles(counted, ids);
    expect(titles.get("prj-60")).toBe("榜单 60");
    expect(batches() - before).toBe(2);
  });

  it("names the experts a track's panels and acceptance plan name, by the pool, in one batch read", async () => {
    const { counted, batches } = await seeded(0);
    const expert = (id: string, name: string) =>
      created(
        expertKind,
        {
          id,
          version: 1,
          organisationId: "inst-1",
          name,
          expertise: "technical",
          conflicts: [],
          active: true,
          createdBy: "b1",
          createdAt: at,
          updatedAt: at,
        },
        audit,
      );
    const records = memoryRecordStore();
    await records.write(
      [
        expert("local-x1", "钱学敏"),
        expert("local-x2", "李四"),
        expert("local-x3", "王五"),
        expert("local-x4", "赵六"),
      ],
      at,
    );
    const track = {
      milestones: [
        {
          panel: ["local-x1", "local-x2"],
          recusals: [{ expertId: "local-x2", replacedBy: "local-x3" }],
          reports: [{ votes: [{ expertId: "local-x1" }, { expertId: "local-x4" }] }],
        },
        { panel: [], reports: [] },
      ],
      acceptance: {
        plan: { text: "现场测试", expertIds: ["local-x1", "local-gone"] },
        votes: [{ expertId: "local-x1" }],
      },
    } as unknown as ProjectTrackRecord;
    let reads = 0;
    const names = await trackExpertNames(
      {
        getMany: (keys) => {
          reads++;
          return records.getMany(keys);
        },
      },
      track,
    );
    expect(reads).toBe(1);
    expect(names).toEqual({
      "local-x1": "钱学敏",
      "local-x2": "李四",
      "local-x3": "王五",
      "local-x4": "赵六",
    });
    expect(await trackExpertNames(counted, undefined)).toEqual({});
    expect(batches()).toBe(0);
  });
});
