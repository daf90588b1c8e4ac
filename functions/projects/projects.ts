// Use cases of the project lifecycle (立项, 实施, 结题验收: 《太原市实施“双百攻关行动”工作方案》四（六）（七）): one entry point re-exporting the
// focused modules — task book (task-book.ts), milestone reports (milestones.ts), the project-phase workflow's tasks
// (workflow.ts), audit reports (audit-reports.ts), early ends and extensions (endings.ts), final acceptance
// (acceptance.ts), the chain of executions (lifecycle.ts), shared helpers (common.ts).

export * from "./acceptance.ts";
export * from "./anniversary-workflow.ts";
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
export * from "./lifecycle.ts";
export * from "./milestone-workflow.ts";
export * from "./milestones.ts";
export * from "./reads.ts";
export * from "./start-workflow.ts";
export * from "./task-book.ts";
export * from "./workflow.ts";
