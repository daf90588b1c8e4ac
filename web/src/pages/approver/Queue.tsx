// Workbench: the approver's (审定领导) queue — its to-dos (GET /v1/me/tasks) in three groups: challenges to approve
// (审定榜单), shortlists to confirm (审定入围名单) and payment opinions to confirm (确认资金拨付意见), each with its
// record's name (the id as secondary text), since when, the deadline and an overdue mark, linked to the page that answers it.
import { Card, Empty, Space, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

type Todo = Answer<"/v1/me/tasks">["items"][number];

/** The approver's steps, in the order the page shows them. */
export const approverGroups: readonly { readonly action: string; readonly word: WordKey }[] = [
  { action: "challenge.approver-sign-off", word: "apQueueSignOffs" },
  { action: "award.approver-confirmation", word: "apQueueConfirmations" },
  { action: "project.confirm-payment-opinion", word: "apQueueOpinions" },
];

/** Every page of the caller's to-dos (an approver's queue is short; at most 20 pages are read). */
async function loadQueue(): Promise<Todo[]> {
  const items: Todo[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i += 1) {
    const page = await body(client.GET("/v1/me/tasks", { params: { query: cursor ? { cursor } : {} } }));
    items.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return items;
}

export default function ApproverQueue() {
  const { t } = useWords();
  const loaded = useLoad(loadQueue, []);
  return (
    <section data-testid="approver-queue">
      <Typography.Title level={1} className="page-title">
        {t("apQueue")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(items) => (
          <Space orientation="vertical" size="large" style={{ width: "100%" }}>
            {approverGroups.map((g) => {
              const rows = items.filter((i) => i.action === g.action);
              return (
                <Card key={g.action} title={`${t(g.word)}（${rows.length}）`} data-group={g.action}>
                  {rows.length === 0 ? (
                    <Empty description={t("noTasks")} />
                  ) : (
                    <Table<Todo>
                      rowKey="id"
                      size="small"
                      pagination={false}
                      dataSource={rows}
                      columns={[
                        {
                          title: t("taskRecord"),
                          key: "record",
                          render: (_, r) => (
                            <Space orientation="vertical" size={0}>
                              <Link to={r.link}>{r.record.title || r.record.id}</Link>
                              <span className="muted" data-secondary>
                                {r.record.id}
                              </span>
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
                                {r.overdue ? <Tag color="red">{t("overdue")}</Tag> : null}
                              </Space>
                            ) : (
                              <span className="muted">{t("noDeadline")}</span>
                            ),
                        },
                      ]}
                    />
                  )}
                </Card>
              );
            })}
          </Space>
        )}
      </Show>
    </section>
  );
}
