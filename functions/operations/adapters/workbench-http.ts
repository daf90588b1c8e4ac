// Adapter (HTTP): the workbench's to-do list (待办) of the signed-in person — a page, and a count for its badge; thin
// over operations/my-tasks.ts. The response schemas (myTodosResponse, myTodoCountResponse) describe the bodies for the
// OpenAPI document.
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { countMyTodos, listMyTodos, todoCountCap } from "../my-tasks.ts";

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

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

export const handler = httpHandler("workbench-api", {
  "GET /v1/me/tasks": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
    }),
    async (request) => {
      const page = await listMyTodos(deps(request), actor(request.principal), {
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { status: 200, body: page };
    },
  ),

  "GET /v1/me/tasks/count": route(
    () => ({ query: z.strictObject({}) }),
    async (request) => {
      const { count, capped } = await countMyTodos(deps(request), actor(request.principal));
      return {
        status: 200,
        body: { count, capped, display: capped ? `${todoCountCap}+` : String(count) },
      };
    },
  ),
});
