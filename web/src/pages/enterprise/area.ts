// Workbench: the enterprise's (出题企业) area — its demands, projects and challenges, the pages its to-dos link to
// (a demand, a project's task book, a milestone report, the shortlist, the horse race) and its forms on a project page.
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

const projectAt = lazy(() => import("./ProjectAt.tsx"));

export const area: Area = {
  routes: [
    { path: "/demands", page: lazy(() => import("./Demands.tsx")) },
    { path: "/demands/new", page: lazy(() => import("./Demand.tsx")) },
    { path: "/demands/:demandId", page: lazy(() => import("./Demand.tsx")) },
    { path: "/enterprise/projects", page: lazy(() => import("./Projects.tsx")) },
    { path: "/enterprise/challenges", page: lazy(() => import("./Challenges.tsx")) },
    { path: "/challenges/:challengeId/applications", page: lazy(() => import("./Applications.tsx")) },
    { path: "/awards/:challengeId/shortlist", page: lazy(() => import("./Shortlist.tsx")) },
    { path: "/challenges/:challengeId/horse-race", page: lazy(() => import("./HorseRace.tsx")) },
    { path: "/projects/:projectId/task-book", page: projectAt },
    { path: "/projects/:projectId/milestones/:milestone/report", page: projectAt },
    // 待办's links of final acceptance: the request (the enterprise's) and the plan (the bureau's and the enterprise's).
    { path: "/projects/:projectId/acceptance", page: projectAt },
    { path: "/projects/:projectId/acceptance/plan", page: projectAt },
  ],
  menu: [
    { to: "/demands", word: "myDemands", roles: ["enterprise"], owns: ["/demands/"] },
    { to: "/enterprise/challenges", word: "myChallenges", roles: ["enterprise"] },
    { to: "/enterprise/projects", word: "myProjects", roles: ["enterprise"] },
  ],
  // The task book's signature is role-neutral (bureau, enterprise, lead solver); the others are the enterprise's own
  // (the extension and termination proposal also the lead solver's).
  projectActions: [
    lazyAction(() => import("./task-book.tsx"), "TaskBookSignature"),
    lazyAction(() => import("./milestone-report.tsx"), "MilestoneReport"),
    lazyAction(() => import("./project-requests.tsx"), "AcceptanceRequest"),
    lazyAction(() => import("./project-requests.tsx"), "AcceptancePlan"),
    lazyAction(() => import("./project-requests.tsx"), "ExtensionRequest"),
    lazyAction(() => import("./project-requests.tsx"), "TerminationProposal"),
  ],
};
