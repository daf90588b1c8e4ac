// Workbench: the inbox area (站内信) — every signed-in person's notifications, newest first, and mark read; their
// notification settings (channels, addresses, quiet hours); admins' failed sends.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/inbox", page: lazy(() => import("./Inbox.tsx")) },
    { path: "/inbox/preferences", page: lazy(() => import("./Preferences.tsx")) },
    { path: "/admin/notification-failures", page: lazy(() => import("./Failures.tsx")) },
  ],
  menu: [
    { to: "/inbox", word: "inbox" },
    { to: "/inbox/preferences", word: "nfPreferences" },
    { to: "/admin/notification-failures", word: "nfFailures", roles: ["admin", "auditor"] },
  ],
};
