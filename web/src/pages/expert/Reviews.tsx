// Workbench: the expert's review assignments (评审任务) — each by its challenge's title, with its status and a link to
// score it — and the standing conflicts (回避单位登记): organisations the expert is never to be assigned to review.
import { Card, Empty, Form, Input, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { expertiseWord, statusWord } from "./shared.tsx";

type Assignment = Answer<"/v1/reviews">["items"][number];

export function StandingConflict() {
  const { t, tf } = useWords();
  return (
    <Card title={t("standingConflicts")} data-testid="standing-conflicts">
      <Typography.Paragraph className="muted">{t("standingConflictHint")}</Typography.Paragraph>
      <ActionForm
        testId="standing-conflict"
        submitLabel={t("addConflict")}
        submit={(values: { organisationId: string; reason: string }) =>
          body(
            client.POST("/v1/experts/me/conflicts", {
              body: { organisationId: values.organisationId.trim(), reason: values.reason.trim() },
            }),
          )
        }
        result={(expert) =>
          tf("conflictsNow", {
            n: expert.conflicts.length,
            list: expert.conflicts.map((c) => c.organisationId).join("、"),
          })
        }
      >
        <Form.Item
          name="organisationId"
          label={t("conflictOrgId")}
          rules={[{ required: true, whitespace: true, message: t("conflictOrgId") }]}
        >
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("conflictReason")}
          rules={[{ required: true, whitespace: true, message: t("conflictReason") }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

export default function ReviewsPage() {
  const { t } = useWords();
  const loaded = useLoad(async () => (await body(client.GET("/v1/reviews", {}))).items, []);
  return (
    <section data-testid="review-assignments">
      <Typography.Title level={1} className="page-title">
        {t("reviewAssignments")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t("noReviewAssignments")} />
          ) : (
            <DataTable<Assignment>
              testid="reviews"
              size="middle"
              pagination={false}
              rowKey="id"
              dataSource={[...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
              columns={[
                {
                  title: t("challenge"),
                  key: "challenge",
                  render: (_, a) => (
                    <>
                      <Link to={`/reviews/${a.id}/score`}>{a.challengeTitle || a.challengeId}</Link>
                      <div className="muted">
                        {a.challengeId} · {a.id}
                      </div>
                    </>
                  ),
                },
                {
                  title: t("expertiseOf"),
                  key: "expertise",
                  render: (_, a) => t(expertiseWord(a.expertise)),
                },
                {
                  title: t("assignmentStatus"),
                  key: "status",
                  render: (_, a) => (
                    <Tag className={`status status-${a.status}`}>{t(statusWord(a.status))}</Tag>
                  ),
                },
                { title: t("taskSince"), key: "since", render: (_, a) => when(a.createdAt) },
              ]}
            />
          )
        }
      </Show>
      <div style={{ marginTop: 24 }}>
        <StandingConflict />
      </div>
    </section>
  );
}
