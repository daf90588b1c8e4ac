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

  it("a closed project waits for nothing", () => {
    expect(trackTodos(track({ status: "closed" }))).toEqual([]);
  });
});
