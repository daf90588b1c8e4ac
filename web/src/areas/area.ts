// Workbench: what an area of the app (a role's pages: enterprise, solver, expert, approver, bureau, finance, admin, the
// public portal) contributes — its routes (each page a lazily loaded chunk) and its menu entries; routes.tsx and the
// frame's menu put every area together, so an area's pages are added in its own folder only.
import { type ComponentType, type LazyExoticComponent, lazy } from "react";
import type { Answer } from "../api/client.ts";
import type { WordKey } from "../words.ts";

export interface AreaRoute {
  /** Under /console, e.g. "/demands/:demandId". */
  readonly path: string;
  readonly page: LazyExoticComponent<ComponentType>;
  /** The public portal's pages: no sign-in, the public frame. */
  readonly public?: boolean;
}

export interface MenuEntry {
  readonly to: string;
  readonly word: WordKey;
  /** Who sees it; undefined: every signed-in user. */
  readonly roles?: readonly string[];
  /** Paths under another entry that select this one in the menu (a project page under programmes). */
  readonly owns?: readonly string[];
}

/** What a project page hands each area's actions: the project as GET /v1/projects/{projectId} answers. */
export interface ProjectActionProps {
  readonly projectId: string;
  readonly view: Answer<"/v1/projects/{projectId}">;
  /** Load the project again (after an action changed it). */
  readonly reload: () => void;
}

export interface Area {
  readonly routes: readonly AreaRoute[];
  readonly menu: readonly MenuEntry[];
  /**
   * Forms shown on a project's page (a milestone report, a termination decision…). Each renders nothing when the
   * signed-in user's role or the project's state does not allow it.
   */
  readonly projectActions?: readonly ProjectAction[];
}

/** A project page's form, loaded with the project page rather than with the app's first load. */
export type ProjectAction = LazyExoticComponent<ComponentType<ProjectActionProps>>;

/** `name` of the module `load` imports, as a lazily loaded project action (its module stays out of the entry chunk). */
export function lazyAction<M>(load: () => Promise<M>, name: keyof M & string): ProjectAction {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<ProjectActionProps> }));
}
