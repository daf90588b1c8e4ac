// Workbench: the admin and auditor area (管理员、审计) — the executions inspector, stuck executions.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/executions", page: lazy(() => import("../executions/Executions.tsx")) },
    { path: "/executions/view", page: lazy(() => import("../executions/Execution.tsx")) },
    { path: "/admin/calendar", page: lazy(() => import("./Calendar.tsx")) },
  ],
  menu: [
    { to: "/executions", word: "executions", roles: ["admin", "auditor"], owns: ["/executions"] },
    { to: "/admin/calendar", word: "calCalendar", roles: ["admin"] },
  ],
};
