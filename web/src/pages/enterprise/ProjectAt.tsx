// Workbench: a project's page opened at one of its forms — the paths the to-dos link to (/projects/{id}/task-book,
// /projects/{id}/milestones/{n}/report) show the project page scrolled to that form, once it is on screen.
import { useEffect } from "react";
import { useLocation, useParams } from "react-router";
import ProjectPage from "../Project.tsx";

/** The element id of the form a path names (task-book, milestone-<n>-report). */
export function anchorOf(pathname: string, milestone: string | undefined): string | undefined {
  if (pathname.endsWith("/task-book")) return "task-book";
  if (milestone && pathname.endsWith("/report")) return `milestone-${milestone}-report`;
  return undefined;
}

export default function ProjectAtForm() {
  const { milestone } = useParams();
  const { pathname } = useLocation();
  const anchor = anchorOf(pathname, milestone);
  useEffect(() => {
    if (!anchor) return;
    // The page loads first: wait for the form (or, for a milestone not due, any report form) to appear.
    const find = () =>
      document.getElementById(anchor) ??
      (milestone ? document.querySelector("[data-testid=milestone-report]") : null);
    const found = find();
    if (found) return void found.scrollIntoView({ block: "start" });
    const watch = new MutationObserver(() => {
      const el = find();
      if (!el) return;
      watch.disconnect();
      el.scrollIntoView({ block: "start" });
      el.querySelector<HTMLElement>("textarea, input:not([type=hidden]), button")?.focus({
        preventScroll: true,
      });
    });
    watch.observe(document.body, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, [anchor, milestone]);
  return <ProjectPage />;
}
