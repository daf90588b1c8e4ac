// Use cases of the project lifecycle (stages 7-10 of domain.md): one entry point re-exporting the focused modules —
// task book (task-book.ts), milestone reports (milestones.ts), the project-phase workflow's tasks (workflow.ts), audit
// reports (audit-reports.ts), early ends and extensions (endings.ts), final acceptance (acceptance.ts), shared helpers
// (common.ts).

export * from "./acceptance.ts";
export * from "./audit-reports.ts";
export {
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
export * from "./extensions.ts";
export * from "./milestones.ts";
export * from "./task-book.ts";
export * from "./workflow.ts";
