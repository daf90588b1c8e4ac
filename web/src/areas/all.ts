// Workbench: every area of the app, in menu order — the common pages first, then each role's.
import { lazy } from "react";
import { area as admin } from "../pages/admin/area.ts";
import { area as approver } from "../pages/approver/area.ts";
import { area as bureau } from "../pages/bureau/area.ts";
import { area as enterprise } from "../pages/enterprise/area.ts";
import { area as expert } from "../pages/expert/area.ts";
import { area as finance } from "../pages/finance/area.ts";
import { area as followup } from "../pages/followup/area.ts";
import { area as inbox } from "../pages/inbox/area.ts";
import { area as portal } from "../pages/portal/area.ts";
import { area as solver } from "../pages/solver/area.ts";
import type { Area } from "./area.ts";

const common: Area = {
  routes: [
    { path: "/tasks", page: lazy(() => import("../pages/Tasks.tsx")) },
    { path: "/programmes", page: lazy(() => import("../pages/Programmes.tsx")) },
    { path: "/projects/:projectId", page: lazy(() => import("../pages/Project.tsx")) },
    { path: "/organisations", page: lazy(() => import("../pages/Organisations.tsx")) },
  ],
  menu: [
    // A notice's objections are ruled on from 待办 (award.ruling), not from the demand queue.
    { to: "/tasks", word: "myTasks", owns: ["/notices/"] },
    { to: "/programmes", word: "programmes", owns: ["/projects/"] },
    // Every signed-in role reads the registry (GET /v1/organisations); the bureau and admins register and rename.
    { to: "/organisations", word: "ogMenu" },
  ],
};

export const areas: readonly Area[] = [
  common,
  inbox,
  enterprise,
  solver,
  expert,
  approver,
  bureau,
  finance,
  followup,
  admin,
  portal,
];
