// Workbench: the public portal's (公开信息, no sign-in) area — its pages (routes) and menu entries.
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [],
  menu: [],
};
