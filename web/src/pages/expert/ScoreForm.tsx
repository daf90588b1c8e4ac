// Workbench: the expert's scoring form (专家评分) — for every assigned application each criterion of the rubric (its
// weight shown; the budget only for finance experts, as the server requires), 0–100 whole points and a comment; sent
// once (confirmed first) as POST /v1/reviews/{id}/score. The server's checks (the range, the budget rule, a complete
// set) come back on the field they name.
import { Card, Col, Form, Input, InputNumber, Row, Typography } from "antd";
import { type Answer, body, client } from "../../api/client.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { OrgName, percent } from "./shared.tsx";

type Review = Answer<"/v1/reviews/{assignmentId}">;
type Criterion = Review["rubric"][number];
type Key = Criterion["key"];

interface ScoreRow {
  technical?: number;
  team?: number;
  metrics?: number;
  budget?: number;
  comment?: string;
}

/** The criteria this expert scores: every "all" criterion, and the finance ones for a finance expert. */
export const criteriaFor = (review: Review): Criterion[] =>
  review.rubric.filter((c) => c.scoredBy === "all" || review.assignment.expertise === "finance");

export function ScoreForm({ review, done }: { review: Review; done: () => void }) {
  const { t, named } = useWords();
  const criteria = criteriaFor(review);
  const submit = (values: { scores: ScoreRow[] }) => {
    const scores = review.applications.map((a, i) => {
      const row = values.scores?.[i] ?? {};
      const given = (k: Key) => row[k] as number;
      return {
        applicationId: a.id,
        technical: given("technical"),
        team: given("team"),
        metrics: given("metrics"),
        ...(criteria.some((c) => c.key === "budget") ? { budget: given("budget") } : {}),
        ...(row.comment?.trim() ? { comment: row.comment.trim() } : {}),
      };
    });
    return body(
      client.POST("/v1/reviews/{assignmentId}/score", {
        params: { path: { assignmentId: review.assignment.id } },
        body: { scores },
      }),
    );
  };
  return (
    <ActionForm
      testId="score-form"
      submit={submit}
      submitLabel={t("submitScores")}
      confirm={t("scoresOnce")}
      danger={false}
      once
      result={() => t("scoresSubmitted")}
      done={done}
    >
      {review.applications.map((a, i) => (
        <Card
          key={a.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid={`score-${a.id}`}
          title={
            <span>
              {i + 1}. <OrgName names={a.organisationNames} id={a.leadOrganisationId} />
            </span>
          }
        >
          <Row gutter={16}>
            {criteria.map((c) => (
              <Col key={c.key} xs={24} sm={12} md={6}>
                <Form.Item
                  name={["scores", i, c.key]}
                  label={`${named(c.name, c.nameZh)}（${t("rubricWeight")} ${percent(c.weightBp)}）`}
                  extra={t("pointsRange")}
                  rules={[
                    { required: true, message: `${named(c.name, c.nameZh)}：${t("pointsRange")}` },
                    {
                      validator: (_, v: unknown) =>
                        v === undefined || v === null || Number.isInteger(v)
                          ? Promise.resolve()
                          : Promise.reject(new Error(t("pointsRange"))),
                    },
                  ]}
                >
                  <InputNumber style={{ width: "100%" }} data-testid={`score-${i}-${c.key}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name={["scores", i, "comment"]} label={t("scoreComment")}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
        </Card>
      ))}
      <Typography.Paragraph className="muted" data-testid="scores-final">
        {t("scoresFinal")}
      </Typography.Paragraph>
    </ActionForm>
  );
}
