// Unit tests of a project's to-do rule (functions/projects/rules/todos.ts): the task book's missing signatures on its
// revision, the enterprise's next milestone report (due at the end of its Shanghai due date, or the rectification's),
// the panel's votes still missing, and the approver's payment opinion.
import { describe, expect, it } from "vitest";
import type { MilestoneProgress, ProjectTrackRecord } from "../../../../functions/projects/model.ts";
import { trackTodos } from "../../../../functions/projects/rules/todos.ts";

const milestone = (index: number, more: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
  index,
  status: "pending",
  dueDate: `2027-0${index}-30`,
  files: [],
  reports: [],
  panel: [],
  rectificationUsed: false,
  ...more,
});
const track = (more: Partial<ProjectTrackRecord>): ProjectTrackRecord =>
  ({
    id: "prj-1",
    projectId: "prj-1",
    status: "drafting",
    enterpriseOrganisationIds: ["org-ent"],
    taskBook: {
      revision: 2,
      solverLeadId: "org-sol",
      signatures: [{ party: "bureau", by: "u-b", organisationId: "org-city", at: "x", revision: 2 }],
      voided: [{ revision: 1, parties: ["bureau"], at: "2026-08-02T00:00:00.000Z" }],
      draftedAt: "2026-08-01T00:00:00.000Z",
      signedAt: "2026-08-03T00:00:00.000Z",
    },
    milestones: [milestone(1), milestone(2)],
    createdAt: "2026-08-01T00:00:00.000Z",
    ...more,
  }) as ProjectTrackRecord;

describe("project to-dos", () => {
  it("the task book waits for the signatures missing on its revision: the enterprise's and the lead solver's", () => {
    expect(trackTodos(track({}))).toEqual([
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.sign-task-book",
        key: "enterprise",
        since: "2026-08-02T00:00:00.000Z",
        link: "/projects/prj-1/task-book",
        assignees: [{ role: "enterprise", organisationId: "org-ent" }],
      },
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.sign-task-book",
        key: "solver",
        since: "2026-08-02T00:00:00.000Z",
        link: "/projects/prj-1/task-book",
        assignees: [{ role: "solver", organisationId: "org-sol" }],
      },
    ]);
  });

  it("in progress: the enterprise's first milestone report due at the end of its due date (Shanghai)", () => {
    expect(trackTodos(track({ status: "in-progress" }))).toMatchObject([
      {
        action: "project.file-milestone-report",
        key: "1",
        since: "2026-08-03T00:00:00.000Z",
        deadline: "2027-01-30T15:59:59.999Z",
        link: "/projects/prj-1/milestones/1/report",
        assignees: [{ role: "enterprise", organisationId: "org-ent" }],
      },
    ]);
  });

  it("a report under review waits for the panel's missing votes; a passed review for the approver's payment opinion", () => {
    const report = {
      seq: 1,
      filedBy: "u",
      filedAt: "2027-01-20T00:00:00.000Z",
      votes: [{ expertId: "u-e1", verdict: "pass" as const, comment: "", at: "x" }],
      summary: "",
      indicators: [],
      fileIds: [],
    };
    const todos = trackTodos(
      track({
        status: "in-progress",
        milestones: [
          milestone(1, { status: "under-review", reports: [report], panel: ["u-e1", "u-e2", "u-e3"] }),
          milestone(2),
        ],
      }),
    );
    expect(todos.map((t) => [t.action, t.key, t.assignees])).toEqual([
      ["project.file-milestone-report", "2", [{ role: "enterprise", organisationId: "org-ent" }]],
      ["project.review-milestone", "1#u-e2", [{ user: "u-e2" }]],
      ["project.review-milestone", "1#u-e3", [{ user: "u-e3" }]],
    ]);
    const opinion = trackTodos(
      track({
        status: "in-progress",
        milestones: [
          milestone(1, {
            status: "awaiting-payment-opinion",
            paymentOpinion: { amountFen: 100, draftedAt: "2027-02-01T00:00:00.000Z" },
          }),
          milestone(2),
        ],
      }),
    );
    expect(opinion.map((t) => [t.action, t.assignees])).toEqual([
      ["project.file-milestone-report", [{ role: "enterprise", organisationId: "org-ent" }]],
      ["project.confirm-payment-opinion", [{ role: "approver" }]],
    ]);
  });

  it("a report under review without a panel, or with recused members below the quorum, waits for the bureau to name experts", () => {
    const report = {
      seq: 1,
      filedBy: "u",
      filedAt: "2027-01-20T00:00:00.000Z",
      votes: [],
      summary: "",
      indicators: [],
      fileIds: [],
    };
    const under = (extra: object) =>
      trackTodos(
        track({
          status: "in-progress",
          milestones: [milestone(1, { status: "under-review", reports: [report], ...extra }), milestone(2)],
        }),
      ).filter((t) => t.action === "project.name-milestone-panel");
    expect(under({ panel: [] })).toEqual([
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.name-milestone-panel",
        key: "1",
        since: "2027-01-20T00:00:00.000Z",
        deadline: "2027-01-27T00:00:00.000Z",
        link: "/projects/prj-1/milestones/1/panel",
        assignees: [{ role: "bureau" }],
      },
    ]);
    const recusal = (expertId: string) => ({
      expertId,
      at: "2027-01-21T00:00:00.000Z",
      organisationId: "o",
      reason: "r",
    });
    // Three seats, two recused: one seated is below the quorum of two; one recused of three leaves the quorum.
    expect(
      under({ panel: ["u-e1", "u-e2", "u-e3"], recusals: [recusal("u-e1"), recusal("u-e2")] }),
    ).toHaveLength(1);
    expect(under({ panel: ["u-e1", "u-e2", "u-e3"], recusals: [recusal("u-e1")] })).toEqual([]);
    expect(under({ panel: ["u-e1", "u-e2", "u-e3"] })).toEqual([]);
  });

  it("final acceptance: the enterprise asks once every milestone passed, both fix the plan, the experts vote, the approver confirms", () => {
    const passed = (index: number) =>
      milestone(index, { status: "passed", passedAt: `2027-0${index + 2}-01T00:00:00.000Z` });
    const done = { status: "in-progress" as const, milestones: [passed(1), passed(2)] };
    const book = { ...track({}).taskBook, endDate: "2027-12-31" };
    expect(trackTodos(track({ ...done, taskBook: book }))).toEqual([
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.request-acceptance",
        since: "2027-04-01T00:00:00.000Z",
        deadline: "2027-12-31T15:59:59.999Z",
        link: "/projects/prj-1/acceptance",
        assignees: [{ role: "enterprise", organisationId: "org-ent" }],
      },
    ]);
    // Not while a milestone is still open.
    expect(
      trackTodos(track({ status: "in-progress", milestones: [passed(1), milestone(2)] })).map(
        (t) => t.action,
      ),
    ).toEqual(["project.file-milestone-report"]);
    const acceptance = {
      status: "planning" as const,
      summary: "s",
      requestedBy: "u-ent",
      requestedAt: "2027-05-01T00:00:00.000Z",
      fixedBy: [{ party: "bureau" as const, by: "u-b", at: "2027-05-02T00:00:00.000Z" }],
      votes: [],
    };
    expect(
      trackTodos(track({ ...done, acceptance })).map((t) => [t.action, t.key, t.link, t.assignees]),
    ).toEqual([
      [
        "project.fix-acceptance-plan",
        "enterprise",
        "/projects/prj-1/acceptance/plan",
        [{ role: "enterprise", organisationId: "org-ent" }],
      ],
    ]);
    const review = {
      ...acceptance,
      status: "under-review" as const,
      plan: { text: "p", expertIds: ["u-e1", "u-e2", "u-e3"] },
      fixedBy: [
        ...acceptance.fixedBy,
        { party: "enterprise" as const, by: "u-e", at: "2027-05-03T00:00:00.000Z" },
      ],
      votes: [{ expertId: "u-e1", verdict: "pass" as const, performanceScore: 90, comment: "", at: "x" }],
      recusals: [{ expertId: "u-e3", at: "x", organisationId: "o", reason: "r" }],
    };
    expect(trackTodos(track({ ...done, acceptance: review }))).toEqual([
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.review-acceptance",
        key: "u-e2",
        since: "2027-05-03T00:00:00.000Z",
        deadline: "2027-05-17T00:00:00.000Z",
        link: "/projects/prj-1/acceptance/review",
        assignees: [{ user: "u-e2" }],
      },
    ]);
    const opinion = {
      ...review,
      status: "awaiting-payment-opinion" as const,
      result: { verdict: "pass" as const, performanceScore: 90, at: "2027-06-01T00:00:00.000Z" },
      paymentOpinion: { amountFen: 100 },
    };
    expect(trackTodos(track({ ...done, acceptance: opinion }))).toMatchObject([
      {
        action: "project.confirm-acceptance-payment-opinion",
        deadline: "2027-06-08T00:00:00.000Z",
        link: "/projects/prj-1/acceptance/payment-opinion",
        assignees: [{ role: "approver" }],
      },
    ]);
    const confirmed = { ...opinion, paymentOpinion: { amountFen: 100, confirmedAt: "x", confirmedBy: "a" } };
    expect(trackTodos(track({ ...done, acceptance: confirmed }))).toEqual([]);
  });

  it("the bureau decides an extension request, a termination proposal and a referral for termination", () => {
    const extension = {
      seq: 2,
      months: 3,
      reason: "r",
      evidenceFileIds: [],
      requestedBy: "u-e",
      requestedParty: "enterprise" as const,
      requestedAt: "2027-03-01T00:00:00.000Z",
      status: "requested" as const,
    };
    const proposal = {
      seq: 1,
      proposedBy: "solver" as const,
      by: "u-s",
      organisationId: "org-sol",
      at: "2027-03-02T00:00:00.000Z",
      reason: "r",
      fault: false,
      status: "proposed" as const,
    };
    const open = trackTodos(
      track({ status: "in-progress", extensions: [extension], terminationProposals: [proposal] }),
    );
    expect(open.filter((t) => t.action.startsWith("project.decide"))).toEqual([
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.decide-extension",
        key: "2",
        since: "2027-03-01T00:00:00.000Z",
        deadline: "2027-03-15T00:00:00.000Z",
        link: "/projects/prj-1/extensions/2",
        assignees: [{ role: "bureau" }],
      },
      {
        titleFrom: { kind: "PROJECT", id: "prj-1" },
        action: "project.decide-termination",
        since: "2027-03-02T00:00:00.000Z",
        deadline: "2027-03-16T00:00:00.000Z",
        link: "/projects/prj-1/termination",
        assignees: [{ role: "bureau" }],
      },
    ]);
    const decided = trackTodos(
      track({
        status: "in-progress",
        extensions: [{ ...extension, status: "rejected" }],
        terminationProposals: [{ ...proposal, status: "rejected" }],
      }),
    );
    expect(decided.map((t) => t.action)).toEqual(["project.file-milestone-report"]);
    const referred = trackTodos(
      track({
        status: "termination-referred",
        terminationReferral: { milestone: 1, at: "2027-04-01T00:00:00.000Z", reason: "failed" },
      }),
    );
    expect(referred).toMatchObject([
      {
        action: "project.decide-termination",
        since: "2027-04-01T00:00:00.000Z",
        assignees: [{ role: "bureau" }],
      },
    ]);
  });

  it("a closed project waits for nothing", () => {
    expect(trackTodos(track({ status: "closed" }))).toEqual([]);
  });
});
