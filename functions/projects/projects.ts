// Use cases of the project lifecycle (issue 5), stages 7-10 of domain.md: one entry point re-exporting the focused
// modules — task book (project-task-book.ts), milestone reports (project-milestones.ts), the project-phase workflow's
// tasks (project-workflow.ts), audit reports (project-audit-reports.ts), early ends and extensions
// (project-endings.ts), final acceptance (project-acceptance.ts), shared helpers (project-common.ts).

export * from "./acceptance.ts";
export * from "./audit-reports.ts";
export {
  type Actor,
  defaultRectifyDays,
  enterpriseOrgs,
  loadProject,
  loadTrack,
  maxFilesPerMilestone,
  type ProjectDeps,
  phaseMaxDays,
  reminderDaysBefore,
  solverOrgs,
  wake,
} from "./common.ts";
export * from "./endings.ts";
export * from "./milestones.ts";
export * from "./task-book.ts";
export * from "./workflow.ts";
