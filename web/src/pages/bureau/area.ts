// Workbench: the bureau's (科技局) area — programmes, the demand queue and decisions, challenges (draft, submission,
// sign-off, republication), objections to notices, the expert pool and credit records; on a project's page the task
// book, panels, acceptance plan, extension, termination, fraud and horse-race decisions. Pages sit at the paths the
// bureau's to-dos link to (/demands/{id}/decision, /challenges/{id}[/sign-off], /notices/{id}/objections).
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/bureau/programmes/new", page: lazy(() => import("./NewProgramme.tsx")) },
    { path: "/bureau/demands", page: lazy(() => import("./Demands.tsx")) },
    { path: "/demands/:demandId/decision", page: lazy(() => import("./DemandDecision.tsx")) },
    { path: "/challenges/:challengeId", page: lazy(() => import("./Challenge.tsx")) },
    // /challenges/:challengeId/sign-off is declared once, by the approver's area (approver/SignOffRoute.tsx), and
    // opens this area's ChallengeSignOff.tsx for the bureau.
    { path: "/notices/:noticeId/objections", page: lazy(() => import("./Objections.tsx")) },
    { path: "/bureau/experts", page: lazy(() => import("./Experts.tsx")) },
    { path: "/bureau/credit-records", page: lazy(() => import("./CreditRecords.tsx")) },
    { path: "/bureau/overlap", page: lazy(() => import("./Overlap.tsx")) },
    // 待办's links of the bureau's decisions on a project: the project's page, where the decision forms show.
    { path: "/projects/:projectId/extensions/:seq", page: lazy(() => import("../Project.tsx")) },
    { path: "/projects/:projectId/termination", page: lazy(() => import("../Project.tsx")) },
    { path: "/projects/:projectId/milestones/:milestone/panel", page: lazy(() => import("../Project.tsx")) },
  ],
  menu: [
    {
      to: "/bureau/demands",
      word: "buDemandQueue",
      roles: ["bureau"],
      owns: ["/demands/", "/challenges/"],
    },
    { to: "/bureau/programmes/new", word: "buNewProgramme", roles: ["bureau"] },
    { to: "/bureau/experts", word: "buExpertPool", roles: ["bureau"] },
    { to: "/bureau/credit-records", word: "buCreditRecords", roles: ["bureau"] },
    { to: "/bureau/overlap", word: "ovMenu", roles: ["bureau"] },
  ],
  projectActions: [
    lazyAction(() => import("./TaskBook.tsx"), "TaskBookAction"),
    lazyAction(() => import("./ProjectPanels.tsx"), "ProjectPanelsAction"),
    lazyAction(() => import("./ProjectEndings.tsx"), "ProjectEndingsAction"),
  ],
};
