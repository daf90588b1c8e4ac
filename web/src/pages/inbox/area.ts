// Workbench: the inbox area (站内信) — every signed-in person's notifications, newest first, and mark read.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [{ path: "/inbox", page: lazy(() => import("./Inbox.tsx")) }],
  menu: [{ to: "/inbox", word: "inbox" }],
};
