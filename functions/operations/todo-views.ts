// Views of the to-do list (待办) and a solver's projects: the response bodies of GET /v1/me/tasks, /v1/me/tasks/count
// and /v1/me/projects as zod/mini schemas,
// built on first use, for the OpenAPI document and the route specs' `response` (`{ 200: myTodosResponse }`) once
// route() takes one; operations/my-tasks.ts's TodoView is checked against myTodo below.
import * as z from "zod/mini";
import type { MyProjectView } from "./my-projects.ts";
import type { TodoView } from "./my-tasks.ts";

/** One to-do as GET /v1/me/tasks answers it (operations/my-tasks.ts TodoView). */
export const myTodo = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    action: z.string(),
    label: z.strictObject({ en: z.string(), zh: z.string() }),
    record: z.strictObject({ kind: z.string(), id: z.string(), title: z.string() }),
    since: z.string(),
    deadline: z.optional(z.string()),
    overdue: z.boolean(),
    link: z.string(),
  }),
);

/** GET /v1/me/tasks: a page, most urgent first; `next` is the sealed cursor of the next page. */
export const myTodosResponse = z.lazy(() =>
  z.strictObject({ items: z.array(myTodo), next: z.optional(z.string()) }),
);

/** GET /v1/me/tasks/count: exact up to 99; above, `capped` and `display` "99+". */
export const myTodoCountResponse = z.lazy(() =>
  z.strictObject({ count: z.number(), capped: z.boolean(), display: z.string() }),
);

/** The view the use case builds is the body the schema describes (a compile-time check). */
export const todoViewMatchesSchema: (view: TodoView) => z.output<typeof myTodo> = (view) => view;

/** GET /v1/me/projects: a solver's projects (operations/my-projects.ts MyProjectView), newest first. */
export const myProject = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    title: z.string(),
    role: z.enum(["lead", "member"]),
    programmeId: z.string(),
    programmeName: z.optional(z.string()),
    programmeNameZh: z.optional(z.string()),
    challengeId: z.string(),
    applicationId: z.string(),
    enterprise: z.strictObject({ organisationId: z.string(), name: z.string() }),
    solverLead: z.strictObject({ organisationId: z.string(), name: z.string() }),
    grantFen: z.number(),
    status: z.string(),
    awardedAt: z.string(),
  }),
);
export const myProjectsResponse = z.lazy(() =>
  z.strictObject({ items: z.array(myProject), next: z.optional(z.string()) }),
);
export const myProjectViewMatchesSchema: (view: MyProjectView) => z.output<typeof myProject> = (view) => view;
