// Views of the to-do list (待办): the response bodies of GET /v1/me/tasks and /v1/me/tasks/count as zod/mini schemas,
// built on first use, for the OpenAPI document and the route specs' `response` (`{ 200: myTodosResponse }`) once
// route() takes one; operations/my-tasks.ts's TodoView is checked against myTodo below.
import * as z from "zod/mini";
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
