// Workbench: the approver's (审定领导) area — its pages (routes) and menu entries.
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [],
  menu: [],
};
