// Workbench: the solver's (揭榜方) area — its pages (routes) and menu entries.
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [],
  menu: [],
};
