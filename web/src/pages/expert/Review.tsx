// Workbench: one review assignment (/reviews/{id}/score, where 待办 leads) — the challenge by title, the rubric with its
// weights, every assigned application (applicant by name, team, plan, money), the scoring form while it is to score,
// then the expert's own scores and only then the other experts' (as the API returns them: hidden until one's own are
// in, anonymous by expertise); and the conflict declaration (回避) that withdraws the assignment.
import { Alert, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { criteriaFor, ScoreForm } from "./ScoreForm.tsx";
import { expertiseWord, OrgName, orgName, percent, statusWord } from "./shared.tsx";

type Review = Answer<"/v1/reviews/{assignmentId}">;
type Application = Review["applications"][number];
type Score = NonNullable<Review["assignment"]["scores"]>[number];

interface ScoreLine {
  key: string;
  who: string;
  applicant: string;
  score: Score;
}

function ScoreTable({ review, lines, testid }: { review: Review; lines: ScoreLine[]; testid: string }) {
  const { t, named } = useWords();
  return (
    <DataTable<ScoreLine>
      testid={testid}
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={lines}
      columns={[
        ...(lines.some((l) => l.who)
          ? [{ title: t("expertiseOf"), key: "who", render: (_: unknown, l: ScoreLine) => l.who }]
          : []),
        { title: t("applicantOrg"), key: "applicant", render: (_, l) => l.applicant },
        ...review.rubric.map((c) => ({
          title: `${named(c.name, c.nameZh)} ${percent(c.weightBp)}`,
          key: c.key,
          align: "right" as const,
          render: (_: unknown, l: ScoreLine) => l.score.points[c.key] ?? "—",
        })),
        { title: t("scoreComment"), key: "comment", render: (_, l) => l.score.comment ?? "" },
      ]}
    />
  );
}

function ApplicationCard({ a, i }: { a: Application; i: number }) {
  const { t } = useWords();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`application-${a.id}`}
      title={
        <span>
          {i + 1}. <OrgName names={a.organisationNames} id={a.leadOrganisationId} />
        </span>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        {a.memberOrganisationIds.length > 0 ? (
          <Descriptions.Item label={t("memberOrgs")}>
            {a.memberOrganisationIds.map((id) => orgName(a.organisationNames, id)).join("、")}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t("appTeam")}>
          {a.team.map((m) => `${m.name}（${m.role}）`).join("、")}
        </Descriptions.Item>
        <Descriptions.Item label={t("appRequested")}>
          <span className="money">{yuan(a.requestedFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("rdInvestmentShort")}>
          <span className="money">{yuan(a.rdInvestmentFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("periodMonthsShort")}>{a.periodMonths}</Descriptions.Item>
        <Descriptions.Item label={t("appTechnicalPlan")} span="filled">
          {a.technicalPlan}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function ConflictForm({ review, done }: { review: Review; done: () => void }) {
  const { t } = useWords();
  const orgs = [
    ...new Map(
      review.applications.flatMap((a) =>
        [a.leadOrganisationId, ...a.memberOrganisationIds].map((id) => [
          id,
          orgName(a.organisationNames, id),
        ]),
      ),
    ),
  ];
  return (
    <Card title={t("declareConflict")} data-testid="conflict">
      <Typography.Paragraph className="muted">{t("conflictHint")}</Typography.Paragraph>
      <ActionForm
        testId="conflict-form"
        submitLabel={t("declareConflict")}
        confirm={t("conflictConfirm")}
        once
        result={() => t("conflictDeclared")}
        done={done}
        submit={(values: { organisationId?: string; reason: string }) =>
          body(
            client.POST("/v1/reviews/{assignmentId}/conflict", {
              params: { path: { assignmentId: review.assignment.id } },
              body: {
                reason: values.reason.trim(),
                ...(values.organisationId ? { organisationId: values.organisationId } : {}),
              },
            }),
          )
        }
      >
        <Form.Item name="organisationId" label={t("conflictOrganisation")}>
          <Select
            allowClear
            aria-label={t("conflictOrganisation")}
            data-testid="conflict-organisation"
            options={orgs.map(([id, name]) => ({ value: id, label: name === id ? id : `${name}（${id}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("conflictReason")}
          rules={[{ required: true, whitespace: true, message: t("conflictReason") }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="conflict-reason" />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

function ReviewView({ review, reload }: { review: Review; reload: () => void }) {
  const { t, tf, named } = useWords();
  const a = review.assignment;
  const names = new Map(
    review.applications.map((x) => [x.id, orgName(x.organisationNames, x.leadOrganisationId)]),
  );
  const line = (prefix: string, who: string) => (s: Score) => ({
    key: `${prefix}-${s.applicationId}`,
    who,
    applicant: names.get(s.applicationId) ?? s.applicationId,
    score: s,
  });
  const mine = (a.scores ?? []).map(line("mine", ""));
  const others =
    "otherScores" in review
      ? review.otherScores.flatMap((o, i) =>
          o.scores.map(line(`o${i}`, `${tf("expertN", { n: i + 1 })}（${t(expertiseWord(o.expertise))}）`)),
        )
      : undefined;
  return (
    <>
      <Typography.Paragraph>
        <Link to="/reviews">← {t("reviewAssignments")}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} className="page-title" data-testid="review-title">
        {review.challengeTitle || a.challengeId}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Tag className={`status status-${a.status}`} data-testid="assignment-status">
          {t(statusWord(a.status))}
        </Tag>
        <span>{t(expertiseWord(a.expertise))}</span>
        <span className="muted" data-testid="assigned-on">
          {tf("assignedOn", { at: when(a.createdAt) })}
        </span>
      </Space>
      {a.withdrawn ? (
        <Alert
          type="warning"
          showIcon
          data-testid="withdrawn"
          title={tf("withdrawnNote", { reason: a.withdrawn.reason })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Typography.Title level={2}>{t("rubric")}</Typography.Title>
      <DataTable<Review["rubric"][number]>
        testid="rubric"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={review.rubric}
        columns={[
          { title: t("rubricCriterion"), key: "name", render: (_, c) => named(c.name, c.nameZh) },
          { title: t("rubricWeight"), key: "weight", align: "right", render: (_, c) => percent(c.weightBp) },
          {
            title: t("scoredByCol"),
            key: "by",
            render: (_, c) => t(c.scoredBy === "finance" ? "scoredByFinance" : "scoredByAll"),
          },
          { title: t("pointsRange"), key: "range", render: () => "0–100" },
        ]}
        style={{ marginBottom: 16 }}
      />
      {review.applications.length > 0 ? (
        <>
          <Typography.Title level={2}>{t("applicantOrg")}</Typography.Title>
          {review.applications.map((x, i) => (
            <ApplicationCard key={x.id} a={x} i={i} />
          ))}
        </>
      ) : null}
      {a.status === "assigned" ? (
        <>
          <Typography.Title level={2}>{t("reviewScore")}</Typography.Title>
          <Typography.Paragraph className="muted">
            {criteriaFor(review)
              .map((c) => `${named(c.name, c.nameZh)} ${percent(c.weightBp)}`)
              .join(" · ")}
          </Typography.Paragraph>
          <ScoreForm review={review} done={reload} />
        </>
      ) : null}
      {mine.length > 0 ? (
        <>
          <Typography.Title level={2}>{t("myScores")}</Typography.Title>
          <ScoreTable review={review} lines={mine} testid="my-scores" />
        </>
      ) : null}
      {a.status !== "withdrawn" ? (
        <>
          <Typography.Title level={2}>{t("otherScores")}</Typography.Title>
          {others === undefined ? (
            <Alert type="info" showIcon data-testid="other-scores-hidden" title={t("otherScoresHidden")} />
          ) : others.length === 0 ? (
            <Alert type="info" showIcon data-testid="other-scores-none" title={t("noOtherScores")} />
          ) : (
            <ScoreTable review={review} lines={others} testid="other-scores" />
          )}
          <div style={{ marginTop: 24 }}>
            <ConflictForm review={review} done={reload} />
          </div>
        </>
      ) : null}
    </>
  );
}

export default function ReviewPage() {
  const { assignmentId = "" } = useParams();
  const loaded = useLoad(
    () => body(client.GET("/v1/reviews/{assignmentId}", { params: { path: { assignmentId } } })),
    [assignmentId],
  );
  return (
    <section data-testid="review">
      <Show loaded={loaded}>
        {(review) => (
          <ReviewView
            review={review}
            reload={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
          />
        )}
      </Show>
    </section>
  );
}
