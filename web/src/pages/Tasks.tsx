// Workbench: 待办 (my tasks), the landing page — everything that waits for the signed-in person now (GET /v1/me/tasks),
// most urgent first: what to do, on which record (its title, the id as secondary text), since when, the deadline and
// an overdue mark; paged with the API's sealed cursor.
import { Button, Empty, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, matchPath } from "react-router";
import { type Answer, body, client } from "../api/client.ts";
import { areas } from "../areas/all.ts";
import { Show, useLoad } from "../components/Load.tsx";
import { day, when } from "../format.ts";
import { useWords } from "../i18n.tsx";

interface TaskRow {
  readonly id: string;
  readonly action: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly kind: string;
  readonly recordId: string;
  readonly title: string;
  readonly since: string;
  readonly deadline: string | undefined;
  readonly overdue: boolean;
  readonly link: string;
}

const row = (item: Answer<"/v1/me/tasks">["items"][number]): TaskRow => ({
  id: item.id,
  action: item.action,
  labelZh: item.label.zh,
  labelEn: item.label.en,
  kind: item.record.kind,
  recordId: item.record.id,
  title: item.record.title ?? "",
  since: item.since,
  deadline: item.deadline,
  overdue: item.overdue,
  link: item.link,
});

/** A to-do's link opens a page when some area has a route for it (each step's form comes with its area's pages). */
const openable = (link: string) => {
  const path = link.split("?")[0] ?? "";
  return areas.some((a) => a.routes.some((r) => !r.public && matchPath(r.path, path) !== null));
};

async function loadPage(cursor: string | undefined) {
  const [page, count] = await Promise.all([
    body(client.GET("/v1/me/tasks", { params: { query: cursor ? { cursor } : {} } })),
    body(client.GET("/v1/me/tasks/count")),
  ]);
  return {
    items: page.items.map(row),
    next: page.next,
    count: count.display,
  };
}

export default function TasksPage() {
  const { t, lang } = useWords();
  // The cursors of the pages seen so far: [undefined] is the first page; "next" pushes, "previous" pops.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const loaded = useLoad(() => loadPage(cursor), [cursor]);
  return (
    <section data-testid="tasks">
      <Typography.Title level={1} className="page-title">
        {t("myTasks")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 && cursors.length === 1 ? (
            <Empty description={t("noTasks")} data-testid="tasks-empty" />
          ) : (
            <>
              <Typography.Paragraph data-testid="tasks-count">
                {t("tasksWaiting").replace("{n}", page.count)}
              </Typography.Paragraph>
              <Table<TaskRow>
                rowKey="id"
                size="middle"
                pagination={false}
                dataSource={page.items}
                data-testid="tasks-table"
                columns={[
                  {
                    title: t("task"),
                    key: "action",
                    render: (_, r) => (
                      <span data-action={r.action}>{lang === "en" ? r.labelEn : r.labelZh}</span>
                    ),
                  },
                  {
                    title: t("taskRecord"),
                    key: "record",
                    render: (_, r) => (
                      <Space orientation="vertical" size={0}>
                        {openable(r.link) ? (
                          <Link to={r.link}>{r.title || r.recordId}</Link>
                        ) : (
                          r.title || r.recordId
                        )}
                        <span className="muted">{r.recordId}</span>
                      </Space>
                    ),
                  },
                  { title: t("taskSince"), key: "since", render: (_, r) => when(r.since) },
                  {
                    title: t("taskDeadline"),
                    key: "deadline",
                    render: (_, r) =>
                      r.deadline ? (
                        <Space>
                          {day(r.deadline)}
                          {r.overdue ? (
                            <Tag color="red" data-testid="overdue">
                              {t("overdue")}
                            </Tag>
                          ) : null}
                        </Space>
                      ) : (
                        <span className="muted">{t("noDeadline")}</span>
                      ),
                  },
                ]}
              />
              <Space className="pager">
                <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  {t("previousPage")}
                </Button>
                <Button
                  disabled={!page.next}
                  onClick={() => page.next && setCursors((c) => [...c, page.next])}
                  data-testid="tasks-next"
                >
                  {t("nextPage")}
                </Button>
              </Space>
            </>
          )
        }
      </Show>
    </section>
  );
}
