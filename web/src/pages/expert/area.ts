// Workbench: the expert's (评审专家) area — review assignments and the scoring page, demands to refine and the opinion
// page, the standing conflicts; on a project's page the milestone and acceptance verdicts (its `projectActions`), and
// the milestone review's to-do link opening that project page.
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/reviews", page: lazy(() => import("./Reviews.tsx")) },
    { path: "/reviews/:assignmentId/score", page: lazy(() => import("./Review.tsx")) },
    { path: "/refinement", page: lazy(() => import("./Refinement.tsx")) },
    { path: "/demands/:demandId/opinion", page: lazy(() => import("./Opinion.tsx")) },
    // 待办's link for a panel member: the project's page, where the verdict form shows (ExpertProjectReviews).
    {
      path: "/projects/:projectId/milestones/:milestone/review",
      page: lazy(() => import("../Project.tsx")),
    },
    { path: "/projects/:projectId/acceptance/review", page: lazy(() => import("../Project.tsx")) },
  ],
  menu: [
    { to: "/reviews", word: "reviewAssignments", roles: ["expert"] },
    { to: "/refinement", word: "refinementAssignments", roles: ["expert"] },
  ],
  projectActions: [lazyAction(() => import("./ProjectReview.tsx"), "ExpertProjectReviews")],
};
