// Workbench: the enterprise's (发榜企业) area — its pages (routes) and menu entries.
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [],
  menu: [],
};
