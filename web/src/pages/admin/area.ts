// Workbench: the admin and auditor area (管理员、审计) — the executions inspector, stuck executions, the audit trail's
// check (digests and verification); on a project's page, the execution the project is waiting in.
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/executions", page: lazy(() => import("../executions/Executions.tsx")) },
    { path: "/executions/view", page: lazy(() => import("../executions/Execution.tsx")) },
    { path: "/audit/digests", page: lazy(() => import("./AuditDigests.tsx")) },
    { path: "/admin/calendar", page: lazy(() => import("./Calendar.tsx")) },
  ],
  menu: [
    { to: "/executions", word: "executions", roles: ["admin", "auditor"], owns: ["/executions"] },
    { to: "/audit/digests", word: "auditDigests", roles: ["admin", "auditor"] },
    { to: "/admin/calendar", word: "calCalendar", roles: ["admin"] },
  ],
  projectActions: [lazyAction(() => import("./ProjectExecution.tsx"), "ProjectExecutionLink")],
};
