// Unit tests of a solver's projects (functions/operations/my-projects.ts) on the in-memory record store: the lead and
// each consortium member find the project by their party records (written with it), another organisation finds
// nothing, pages follow the cursor newest first, a project without a stored title is named by its challenge, and a party stored by its id (older records) by the
// registry's name.
import { describe, expect, it } from "vitest";
import { challengeKind } from "../../../functions/challenges/model.ts";
import { listMyProjects } from "../../../functions/operations/my-projects.ts";
import { organisationKind } from "../../../functions/organisations/model.ts";
import { created, workflowAudit } from "../../../functions/platform/ports/records.ts";
import { programmeKind } from "../../../functions/programmes/model.ts";
import {
  type ProjectRecord,
  projectKind,
  projectParties,
  projectPartyKind,
} from "../../../functions/projects/model.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const project = (n: number, more: Partial<ProjectRecord> = {}): ProjectRecord =>
  ({
    id: `prj-${n}`,
    version: 1,
    programmeId: "prg-1",
    challengeId: `chl-${n}`,
    title: `榜单 ${n}`,
    applicationId: `app-${n}`,
    enterprise: { organisationId: "ent-a", name: "太钢" },
    enterpriseOrganisationIds: ["ent-a"],
    solverLead: { organisationId: "uni-lead", name: "太原理工大学" },
    solverMembers: [{ organisationId: "lab-member", name: "材料实验室" }],
    chiefEngineerId: "p1",
    rdInvestmentFen: 1,
    grantFen: 300_000_00,
    status: "awaiting-task-book",
    noticeId: "ntc-1",
    awardedAt: `2026-0${n}-01T00:00:00.000Z`,
    createdAt: `2026-0${n}-01T00:00:00.000Z`,
    updatedAt: `2026-0${n}-01T00:00:00.000Z`,
    ...more,
  }) as ProjectRecord;

async function seeded() {
  const records = memoryRecordStore();
  const audit = workflowAudit("test.seeded");
  const projects = [project(1, { title: undefined }), project(2)];
  await records.write(
    [
      created(
        programmeKind,
        { id: "prg-1", version: 1, name: "Taiyuan 2026", nameZh: "太原市2026年度" } as never,
        audit,
      ),
      created(challengeKind, { id: "chl-1", version: 1, title: "焦炉煤气高值化利用" } as never, audit),
      ...projects.map((p) => created(projectKind, p, audit)),
      ...projects.flatMap((p) => projectParties(p).map((party) => created(projectPartyKind, party, audit))),
    ],
    "2026-09-01T00:00:00.000Z",
  );
  return { records, clock: fixedClock("2026-09-01T00:00:00.000Z") };
}
const actor = (organisationId: string) => ({ userId: "u", organisationId, roles: ["solver" as const] });

describe("a solver's projects", () => {
  it("the lead and a consortium member each find their projects, newest first, named by title and programme", async () => {
    const deps = await seeded();
    const lead = await listMyProjects(deps, actor("uni-lead"), { limit: 10 });
    expect(lead.items.map((p) => [p.id, p.role, p.title, p.programmeNameZh])).toEqual([
      ["prj-2", "lead", "榜单 2", "太原市2026年度"],
      ["prj-1", "lead", "焦炉煤气高值化利用", "太原市2026年度"],
    ]);
    const member = await listMyProjects(deps, actor("lab-member"), { limit: 10 });
    expect(member.items.map((p) => [p.id, p.role, p.solverLead.name])).toEqual([
      ["prj-2", "member", "太原理工大学"],
      ["prj-1", "member", "太原理工大学"],
    ]);
    expect((await listMyProjects(deps, actor("uni-other"), { limit: 10 })).items).toEqual([]);
  });

  it("pages by the cursor", async () => {
    const deps = await seeded();
    const first = await listMyProjects(deps, actor("uni-lead"), { limit: 1 });
    expect(first.items.map((p) => p.id)).toEqual(["prj-2"]);
    expect(first.next).toBeDefined();
    const second = await listMyProjects(deps, actor("uni-lead"), { limit: 1, cursor: first.next! });
    expect(second.items.map((p) => p.id)).toEqual(["prj-1"]);
  });

  it("an older record's party stored by its id is named by the registry (机构名录); an unregistered one keeps its stored name", async () => {
    const deps = await seeded();
    const audit = workflowAudit("test.seeded");
    const older = project(3, {
      enterprise: { organisationId: "ent-old", name: "ent-old" },
      enterpriseOrganisationIds: ["ent-old"],
      solverLead: { organisationId: "uni-lead", name: "uni-lead" },
    });
    const at = "2026-09-01T00:00:00.000Z";
    await deps.records.write(
      [
        created(projectKind, older, audit),
        ...projectParties(older).map((party) => created(projectPartyKind, party, audit)),
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
          audit,
        ),
      ],
      at,
    );
    const page = await listMyProjects(deps, actor("uni-lead"), { limit: 10 });
    const third = page.items.find((p) => p.id === "prj-3");
    expect(third?.enterprise).toEqual({ organisationId: "ent-old", name: "太原重型机械集团有限公司" });
    // Not registered: the name the award stored stays (here the id: nothing better is known).
    expect(third?.solverLead).toEqual({ organisationId: "uni-lead", name: "uni-lead" });
    expect(page.items.find((p) => p.id === "prj-2")?.enterprise.name).toBe("太钢");
  });
});
