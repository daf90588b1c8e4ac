// Workbench: the solver's (揭榜方) area — its pages (open challenges, a challenge, the application form, my
// applications, an application with its agreement, submission and withdrawal, its projects) and menu entries.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/open-challenges", page: lazy(() => import("./OpenChallenges.tsx")) },
    { path: "/open-challenges/:challengeId", page: lazy(() => import("./Challenge.tsx")) },
    { path: "/open-challenges/:challengeId/apply", page: lazy(() => import("./NewApplication.tsx")) },
    { path: "/my-applications", page: lazy(() => import("./MyApplications.tsx")) },
    { path: "/my-applications/:applicationId", page: lazy(() => import("./Application.tsx")) },
    { path: "/solver/projects", page: lazy(() => import("./MyProjects.tsx")) },
  ],
  menu: [
    { to: "/open-challenges", word: "svOpenChallenges", roles: ["solver"], owns: ["/open-challenges/"] },
    { to: "/my-applications", word: "svMyApplications", roles: ["solver"], owns: ["/my-applications/"] },
    { to: "/solver/projects", word: "svMyProjects", roles: ["solver"] },
  ],
};
