// Use cases of the project lifecycle (issue 5), stages 7-10 of domain.md: one entry point re-exporting the focused
// modules — task book (project-task-book.ts), milestone reports (project-milestones.ts), the project-phase workflow's
// tasks (project-workflow.ts), audit reports (project-audit-reports.ts), early ends and extensions
// (project-endings.ts), final acceptance (project-acceptance.ts), shared helpers (project-common.ts).

export * from "./project-acceptance.ts";
export * from "./project-audit-reports.ts";
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
} from "./project-common.ts";
export * from "./project-endings.ts";
export * from "./project-milestones.ts";
export * from "./project-task-book.ts";
export * from "./project-workflow.ts";
