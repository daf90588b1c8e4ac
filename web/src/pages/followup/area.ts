// Workbench: a project's follow-up (《太原市…行动方案》四（五）、四（七）2、四（七）4) — on the project's page the investment
// road-show, the task book's budget with its reallocations and personnel changes, and for a fraud the judicial
// referral; the road-show's page at the bureau's to-do link (/projects/{id}/road-show) and the referrals' list for
// finance, auditors and the bureau; the performance evaluation and dynamic adjustment (Performance.tsx) on the project's
// page and at its to-do link (/projects/{id}/performance).
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/projects/:projectId/road-show", page: lazy(() => import("./RoadShowPage.tsx")) },
    { path: "/projects/:projectId/performance", page: lazy(() => import("./PerformancePage.tsx")) },
    { path: "/judicial-referrals", page: lazy(() => import("./Referrals.tsx")) },
  ],
  menu: [{ to: "/judicial-referrals", word: "fuReferrals", roles: ["finance", "auditor", "bureau"] }],
  projectActions: [
    lazyAction(() => import("./Referral.tsx"), "ReferralAction"),
    lazyAction(() => import("./Budget.tsx"), "BudgetAction"),
    lazyAction(() => import("./RoadShow.tsx"), "RoadShowAction"),
    lazyAction(() => import("./Performance.tsx"), "PerformanceAction"),
  ],
};
