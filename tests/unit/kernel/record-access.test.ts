// Unit tests of record-level authorisation (functions/kernel/record-access.ts): the declared rules, the one check,
// the public projections, and that the catalog and the use cases go through it (no scattered record checks).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { routeRoles, routes } from "../../../functions/catalog.ts";
import type { ChallengeRecord } from "../../../functions/challenges/model.ts";
import { publicChallengeView } from "../../../functions/challenges/views.ts";
import { isDomainError } from "../../../functions/kernel/errors.ts";
import {
  authorizeRecord,
  decideRecord,
  isPublicRule,
  mayAccessRecord,
  publicProjection,
  type RecordActor,
  recordPolicies,
  recordRefusalCodes,
  recordRule,
} from "../../../functions/kernel/record-access.ts";
import { publicProgrammeView } from "../../../functions/programmes/programmes.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const who = (roles: string[], organisationId = "org-a", userId = "u1"): RecordActor => ({
  userId,
  organisationId,
  roles,
});

function refusalOf(fn: () => unknown): { code: string; kind: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, kind: error.kind };
    throw error;
  }
}

describe("record rules declared on the catalog", () => {
  it("every route whose path names a record declares a record rule that exists", () => {
    const missing = routes
      .filter((r) => r.path.includes("{") && !r.record)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const unknown = routes
      .filter((r) => r.record && !recordRule(r.record.kind, r.record.action))
      .map((r) => `${r.method} ${r.path}`);
    expect(unknown).toEqual([]);
  });

  it("a public route names a public rule, a role route a rule with grants for each of its roles", () => {
    const problems: string[] = [];
    for (const r of routes) {
      if (!r.record) continue;
      const rule = recordRule(r.record.kind, r.record.action)!;
      const where = `${r.method} ${r.path} (${r.record.kind}.${r.record.action})`;
      if ("public" in r.auth) {
        if (!isPublicRule(rule)) problems.push(`public route, non-public rule: ${where}`);
        continue;
      }
      if (isPublicRule(rule)) {
        problems.push(`role route, public rule: ${where}`);
        continue;
      }
      for (const role of routeRoles(r.auth)) {
        if (!rule.grants.some((g) => g.roles.includes(role)))
          problems.push(`${role} is let in by the route but no grant of the rule names it: ${where}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every refusal a rule can give is of the one family (403 forbidden, a declared code)", () => {
    for (const [kind, actions] of Object.entries(recordPolicies)) {
      for (const [action, rule] of Object.entries(actions)) {
        if (isPublicRule(rule)) continue;
        expect(recordRefusalCodes, `${kind}.${action}`).toContain(rule.refusal);
        for (const e of rule.exclusions ?? []) expect(recordRefusalCodes).toContain(e.refusal);
      }
    }
  });
});

describe("the one mechanism", () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return path.endsWith(".ts") ? [path] : [];
    });
  }

  it("no use case or adapter throws a record refusal of its own: they call authorizeRecord", () => {
    // Every context's use cases and adapters: all of functions/ but the kernel, where the refusals are declared.
    const files = sources(join(projectRoot, "functions")).filter(
      (f) => !f.includes(join("functions", "kernel")),
    );
    const pattern = new RegExp(`forbiddenError\\(\\s*"(${recordRefusalCodes.join("|")})"`);
    const offenders = files
      .filter((f) => pattern.test(readFileSync(f, "utf8")))
      .map((f) => relative(projectRoot, f));
    expect(offenders).toEqual([]);
  });
});

describe("authorizeRecord", () => {
  const demand = { enterpriseOrganisationIds: ["ent-1"], assignedUserIds: ["exp-1"] };

  it("lets staff read any demand, the owning enterprise its own, an assigned expert the one assigned", () => {
    expect(mayAccessRecord(who(["bureau"], "stb"), "demand", "read", demand)).toBe(true);
    expect(mayAccessRecord(who(["enterprise"], "ent-1"), "demand", "read", demand)).toBe(true);
    expect(mayAccessRecord(who(["expert"], "univ", "exp-1"), "demand", "read", demand)).toBe(true);
    expect(refusalOf(() => authorizeRecord(who(["enterprise"], "ent-2"), "demand", "read", demand))).toEqual({
      code: "FORBIDDEN_RECORD",
      kind: "forbidden",
    });
    expect(
      refusalOf(() => authorizeRecord(who(["expert"], "univ", "exp-2"), "demand", "read", demand)),
    ).toEqual({ code: "FORBIDDEN_RECORD", kind: "forbidden" });
  });

  it("needs the role and the relation together: an organisation match under another role is no grant", () => {
    // A solver of the demand's own organisation id is not its enterprise.
    expect(mayAccessRecord(who(["solver"], "ent-1"), "demand", "write", demand)).toBe(false);
    expect(mayAccessRecord(who(["enterprise"], "ent-1"), "demand", "write", demand)).toBe(true);
    // Staff may read but not write an enterprise's demand.
    expect(mayAccessRecord(who(["bureau"], "stb"), "demand", "write", demand)).toBe(false);
  });

  it("tells parties of an application apart: members read, only the lead changes, the challenge's enterprise signs", () => {
    const facts = {
      leadSolverOrganisationId: "uni-lead",
      solverOrganisationIds: ["uni-member"],
      enterpriseOrganisationIds: ["ent-1"],
    };
    expect(mayAccessRecord(who(["solver"], "uni-member"), "application", "read", facts)).toBe(true);
    expect(mayAccessRecord(who(["solver"], "uni-member"), "application", "write", facts)).toBe(false);
    expect(mayAccessRecord(who(["solver"], "uni-lead"), "application", "write", facts)).toBe(true);
    expect(authorizeRecord(who(["enterprise"], "ent-1"), "application", "sign", facts)?.roles).toEqual([
      "enterprise",
    ]);
    expect(authorizeRecord(who(["solver"], "uni-lead"), "application", "sign", facts)?.roles).toEqual([
      "solver",
    ]);
    expect(mayAccessRecord(who(["solver"], "uni-other"), "application", "read", facts)).toBe(false);
  });

  it("gives each refusal its declared code: unassigned experts, panels, project parties, signatories", () => {
    expect(
      refusalOf(() => authorizeRecord(who(["expert"]), "refinement", "write", { assignedUserIds: [] })),
    ).toEqual({ code: "NOT_ASSIGNED", kind: "forbidden" });
    expect(
      refusalOf(() =>
        authorizeRecord(who(["expert"]), "review-assignment", "score", { assignedUserIds: ["x"] }),
      ),
    ).toEqual({ code: "FORBIDDEN_ASSIGNMENT", kind: "forbidden" });
    expect(
      refusalOf(() => authorizeRecord(who(["expert"]), "milestone", "review", { assignedUserIds: [] })),
    ).toEqual({ code: "NOT_ON_PANEL", kind: "forbidden" });
    const project = {
      enterpriseOrganisationIds: ["ent-1"],
      leadSolverOrganisationId: "uni-lead",
      solverOrganisationIds: ["uni-lead", "uni-member"],
      assignedUserIds: ["exp-1"],
    };
    expect(refusalOf(() => authorizeRecord(who(["solver"], "uni-x"), "project", "read", project))?.code).toBe(
      "NOT_A_PARTY",
    );
    expect(mayAccessRecord(who(["expert"], "u", "exp-1"), "project", "read", project)).toBe(true);
    expect(mayAccessRecord(who(["solver"], "uni-member"), "project", "read", project)).toBe(true);
    // A consortium member reads the project but does not sign its task book; the lead does.
    expect(
      refusalOf(() => authorizeRecord(who(["solver"], "uni-member"), "project", "sign", project))?.code,
    ).toBe("NOT_A_SIGNATORY");
    expect(authorizeRecord(who(["solver"], "uni-lead"), "project", "sign", project)?.relation).toBe(
      "lead-solver",
    );
    expect(mayAccessRecord(who(["solver"], "uni-lead"), "project", "plan", project)).toBe(false);
    expect(mayAccessRecord(who(["bureau"], "stb"), "project", "request-extension", project)).toBe(false);
    expect(
      refusalOf(() => authorizeRecord(who(["enterprise"], "ent-2"), "project", "report", project))?.code,
    ).toBe("NOT_THE_ENTERPRISE");
  });

  it("applies four eyes before any grant: neither the requester nor a party of the project approves", () => {
    const facts = {
      requestedBy: "fin-1",
      enterpriseOrganisationIds: ["ent-1"],
      leadSolverOrganisationId: "uni-lead",
      solverOrganisationIds: ["uni-member"],
    };
    expect(
      refusalOf(() => authorizeRecord(who(["finance"], "fin", "fin-1"), "payment", "approve", facts))?.code,
    ).toBe("FOUR_EYES");
    expect(
      refusalOf(() => authorizeRecord(who(["finance"], "uni-member", "fin-2"), "payment", "approve", facts))
        ?.code,
    ).toBe("FOUR_EYES_PARTY");
    expect(decideRecord(who(["finance"], "fin", "fin-2"), "payment", "approve", facts).allowed).toBe(true);
    expect(decideRecord(who(["auditor"], "aud", "aud-1"), "payment", "approve", facts).allowed).toBe(false);
  });

  it("applies four eyes to a failed disbursement's resolution: the proposer cannot confirm, a party neither proposes nor confirms", () => {
    const parties = { enterpriseOrganisationIds: ["ent-1"], solverOrganisationIds: ["uni-member"] };
    const proposal = { ...parties, requestedBy: "fin-1" };
    const finance = (userId: string, org = "fin") => who(["finance"], org, userId);
    expect(decideRecord(finance("fin-1"), "payment", "propose-resolution", parties).allowed).toBe(true);
    expect(
      refusalOf(() => authorizeRecord(finance("fin-9", "ent-1"), "payment", "propose-resolution", parties))
        ?.code,
    ).toBe("FOUR_EYES_PARTY");
    expect(
      refusalOf(() => authorizeRecord(finance("fin-1"), "payment", "confirm-resolution", proposal))?.code,
    ).toBe("FOUR_EYES");
    expect(
      refusalOf(() =>
        authorizeRecord(finance("fin-2", "uni-member"), "payment", "confirm-resolution", proposal),
      )?.code,
    ).toBe("FOUR_EYES_PARTY");
    expect(decideRecord(finance("fin-2"), "payment", "confirm-resolution", proposal).allowed).toBe(true);
    expect(
      decideRecord(who(["auditor"], "aud", "aud-1"), "payment", "confirm-resolution", proposal).allowed,
    ).toBe(false);
  });

  it("refuses unknown role names and callers with no roles", () => {
    expect(mayAccessRecord(who([]), "challenge", "read", { enterpriseOrganisationIds: ["org-a"] })).toBe(
      false,
    );
    expect(mayAccessRecord(who(["root"]), "payment", "read")).toBe(false);
  });
});

describe("public projections", () => {
  const challenge = {
    id: "chl-1",
    version: 3,
    programmeId: "prg-1",
    demandIds: ["dmd-1"],
    enterpriseOrganisationIds: ["ent-1"],
    field: "高端装备制造",
    title: "叶片",
    description: "d",
    keyTechnologies: [],
    fundingCapFen: 1,
    rdInvestmentFen: 2,
    periodMonths: 24,
    solverRequirements: "s",
    horseRace: { allowed: false, maxWinners: 1 },
    window: { opensAt: "2026-01-01T00:00:00Z", closesAt: "2026-02-01T00:00:00Z" },
    status: "open",
    round: 1,
    publishedAt: "2026-01-01T00:00:00Z",
    createdBy: "b1",
    createdAt: "2025-12-01T00:00:00Z",
    updatedAt: "2025-12-01T00:00:00Z",
    workflow: { executionName: "secret" },
  } as unknown as ChallengeRecord;

  it("the public challenge view shows exactly the declared public fields", () => {
    const declared = recordPolicies.challenge.public.fields;
    expect(Object.keys(publicChallengeView(challenge)).sort()).toEqual([...declared].sort());
    expect(publicProjection("challenge", challenge)).toEqual(publicChallengeView(challenge));
    expect(publicProjection("challenge", challenge)).not.toHaveProperty("rdInvestmentFen");
    expect(publicProjection("challenge", challenge)).not.toHaveProperty("enterpriseOrganisationIds");
  });

  it("the public programme view shows exactly the declared public fields (the budget is not one)", () => {
    const programme = {
      id: "prg-1",
      name: "n",
      nameZh: "批次",
      year: 2026,
      fields: ["f"],
      policyId: "taiyuan-2023",
      policy: {},
      status: "open",
      budgetFen: 1,
    } as unknown as Parameters<typeof publicProgrammeView>[0];
    const declared = recordPolicies.programme.public.fields;
    expect(Object.keys(publicProgrammeView(programme)).sort()).toEqual([...declared].sort());
    expect(declared).not.toContain("budgetFen");
  });
});
