// Workbench: the bureau's (科技局) area — its pages (routes) and menu entries.
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [],
  menu: [],
};
