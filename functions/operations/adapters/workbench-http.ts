// Adapter (HTTP): the workbench's to-do list (待办) of the signed-in person — a page, and a count for its badge; thin
// over operations/my-tasks.ts. Its response bodies are described by operations/todo-views.ts (for the OpenAPI document).
import * as z from "zod/mini";
import { recordStore } from "../../platform/deps.ts";
import { type HttpRequest, httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { listMyProjects } from "../my-projects.ts";
import { countMyTodos, listMyTodos, todoCountCap } from "../my-tasks.ts";
import { myProjectsResponse, myTodoCountResponse, myTodosResponse } from "../todo-views.ts";

const deps = (request: { clock: HttpRequest<unknown, unknown, unknown>["clock"] }) => ({
  records: recordStore(),
  clock: request.clock,
});

export const handler = httpHandler("workbench-api", {
  "GET /v1/me/tasks": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: () => myTodosResponse },
    }),
    async (request) => {
      const page = await listMyTodos(deps(request), actor(request.principal), {
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { status: 200, body: page };
    },
  ),

  "GET /v1/me/projects": route(
    () => ({
      query: z.strictObject({
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
        cursor: z.optional(z.string().check(z.maxLength(2048))),
      }),
      response: { 200: () => myProjectsResponse },
    }),
    async (request) => {
      const page = await listMyProjects(deps(request), actor(request.principal), {
        limit: request.query.limit,
        ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
      });
      return { status: 200, body: page };
    },
  ),

  "GET /v1/me/tasks/count": route(
    () => ({ query: z.strictObject({}), response: { 200: () => myTodoCountResponse } }),
    async (request) => {
      const { count, capped } = await countMyTodos(deps(request), actor(request.principal));
      return {
        status: 200,
        body: { count, capped, display: capped ? `${todoCountCap}+` : String(count) },
      };
    },
  ),
});
