// Workbench: the public portal's (公开信息, no sign-in) area — its pages (routes, all `public`) and no menu entries:
// the portal has its own frame (PublicFrame.tsx), reached from the sign-in page.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/public", page: lazy(() => import("./PublicProgrammes.tsx")), public: true },
    { path: "/public/challenges", page: lazy(() => import("./PublicChallenges.tsx")), public: true },
    {
      path: "/public/challenges/:challengeId",
      page: lazy(() => import("./PublicChallenge.tsx")),
      public: true,
    },
    { path: "/public/notices", page: lazy(() => import("./PublicNotices.tsx")), public: true },
    { path: "/public/notices/:noticeId", page: lazy(() => import("./PublicNotice.tsx")), public: true },
  ],
  menu: [],
};
