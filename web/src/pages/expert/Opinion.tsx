// Workbench: an expert's refinement opinion on a demand (/demands/{id}/opinion, where 待办 leads) — the demand as the
// enterprise wrote it, the expert's opinion so far, and the form (draft a challenge, merge, return; a comment) that
// gives or revises it while the demand awaits the bureau's decision (POST /v1/demands/{id}/opinion).
import { Alert, Card, Descriptions, Empty, Form, Input, Radio, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

const recommendations = ["draft-challenge", "merge", "return"] as const;
type Recommendation = (typeof recommendations)[number];

async function load(demandId: string) {
  const path = { params: { path: { demandId } } };
  const [demand, refinement] = await Promise.all([
    body(client.GET("/v1/demands/{demandId}", path)),
    body(client.GET("/v1/demands/{demandId}/refinement", path)),
  ]);
  return { demand, mine: refinement.items[0] };
}

export default function OpinionPage() {
  const { demandId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(() => load(demandId), [demandId]);
  const word = (r: string) => t(`recommend-${r}` as WordKey);
  return (
    <section data-testid="opinion">
      <Typography.Paragraph>
        <Link to="/refinement">← {t("refinementAssignments")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ demand, mine }) => {
          const c = demand.content;
          const open = demand.status === "submitted" && mine !== undefined;
          return (
            <>
              <Typography.Title level={1} className="page-title" data-testid="demand-title">
                {c.title}
              </Typography.Title>
              <Typography.Paragraph>
                <Tag className={`status status-${demand.status}`}>
                  {t(`demand_${demand.status}` as WordKey)}
                </Tag>
                {demand.organisationName ? <span>{demand.organisationName} </span> : null}
                <span className="muted" data-secondary>
                  {demand.id} · {demand.organisationId}
                </span>
              </Typography.Paragraph>
              <Card style={{ marginBottom: 16 }}>
                <Descriptions column={1} size="small">
                  {c.field ? <Descriptions.Item label={t("demandField")}>{c.field}</Descriptions.Item> : null}
                  {c.background ? (
                    <Descriptions.Item label={t("demandBackground")}>{c.background}</Descriptions.Item>
                  ) : null}
                  {c.content ? (
                    <Descriptions.Item label={t("exDemandContent")}>{c.content}</Descriptions.Item>
                  ) : null}
                  {c.keyTechnologies?.length ? (
                    <Descriptions.Item label={t("demandKeyTech")}>
                      {c.keyTechnologies
                        .map(
                          (k) =>
                            `${k.name}：${k.targetMetrics.map((m) => `${m.name} ${m.target}${m.unit ?? ""}`).join("，")}`,
                        )
                        .join("；")}
                    </Descriptions.Item>
                  ) : null}
                  {c.timeLimitMonths ? (
                    <Descriptions.Item label={t("demandTimeLimit")}>{c.timeLimitMonths}</Descriptions.Item>
                  ) : null}
                  {c.totalInvestmentFen !== undefined ? (
                    <Descriptions.Item label={t("demandInvestment")}>
                      <span className="money">{yuan(c.totalInvestmentFen)}</span>
                    </Descriptions.Item>
                  ) : null}
                  {c.solverRequirements ? (
                    <Descriptions.Item label={t("demandSolverReq")}>{c.solverRequirements}</Descriptions.Item>
                  ) : null}
                </Descriptions>
              </Card>
              <Typography.Title level={2}>{t("refinementOpinion")}</Typography.Title>
              {mine?.opinion ? (
                <Alert
                  type="success"
                  showIcon
                  data-testid="opinion-given"
                  style={{ marginBottom: 16 }}
                  title={`${t("opinionGiven")}：${word(mine.opinion.recommendation)}`}
                  description={`${mine.opinion.comment} · ${when(mine.opinion.givenAt)}`}
                />
              ) : null}
              {mine === undefined ? <Empty description={t("noRefinement")} /> : null}
              {open ? (
                <ActionForm
                  testId="opinion-form"
                  submitLabel={t("giveOpinion")}
                  initialValues={
                    mine?.opinion
                      ? { recommendation: mine.opinion.recommendation, comment: mine.opinion.comment }
                      : {}
                  }
                  result={(a) => `${t("opinionGiven")}：${a.opinion ? word(a.opinion.recommendation) : ""}`}
                  done={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
                  submit={(values: { recommendation: Recommendation; comment: string }) =>
                    body(
                      client.POST("/v1/demands/{demandId}/opinion", {
                        params: { path: { demandId } },
                        body: { recommendation: values.recommendation, comment: values.comment.trim() },
                      }),
                    )
                  }
                >
                  <Form.Item
                    name="recommendation"
                    label={t("refRecommendation")}
                    rules={[{ required: true, message: t("refRecommendation") }]}
                  >
                    <Radio.Group
                      options={recommendations.map((r) => ({ value: r, label: word(r) }))}
                      data-testid="recommendation"
                    />
                  </Form.Item>
                  <Form.Item
                    name="comment"
                    label={t("opinionComment")}
                    rules={[{ required: true, whitespace: true, message: t("opinionComment") }]}
                  >
                    <Input.TextArea rows={4} maxLength={5000} data-testid="opinion-comment" />
                  </Form.Item>
                </ActionForm>
              ) : null}
            </>
          );
        }}
      </Show>
    </section>
  );
}
