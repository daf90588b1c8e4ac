// Workbench: 待办 (my tasks), the landing page — what waits for the signed-in user, from GET /v1/me/tasks once the API
// has that route; until then (404) an empty state that says so.
import { Empty, List, Typography } from "antd";
import { ApiError, body, client } from "../api/client.ts";
import { list, str } from "../api/read.ts";
import { Show, useLoad } from "../components/Load.tsx";
import { useWords } from "../i18n.tsx";

type Tasks = { available: false } | { available: true; items: unknown[] };

async function loadTasks(): Promise<Tasks> {
  try {
    // The route is added to the API in parallel; a plain fetch through the client's middleware until it is typed.
    const got = await body(client.GET("/v1/me/tasks" as never));
    return { available: true, items: list(got, "items") };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405))
      return { available: false };
    throw error;
  }
}

export default function TasksPage() {
  const { t } = useWords();
  const loaded = useLoad(loadTasks, []);
  return (
    <section data-testid="tasks">
      <Typography.Title level={1} className="page-title">
        {t("myTasks")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(tasks) =>
          !tasks.available ? (
            <Empty description={t("tasksUnavailable")} data-testid="tasks-empty" />
          ) : tasks.items.length === 0 ? (
            <Empty description={t("noTasks")} data-testid="tasks-empty" />
          ) : (
            <List
              bordered
              dataSource={tasks.items}
              renderItem={(item) => (
                <List.Item>
                  {str(item, "title") || str(item, "kind")} <span className="muted">{str(item, "id")}</span>
                </List.Item>
              )}
            />
          )
        }
      </Show>
    </section>
  );
}
