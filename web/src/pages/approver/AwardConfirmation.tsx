// Workbench: the confirmation of a challenge's shortlist (/awards/{challengeId}/confirmation, where 待办 leads both the
// bureau and then the approver) — the challenge by title, the ranked applications (applicant by name, weighted score,
// status), the review panel's progress, the enterprise's shortlist and the decisions so far; and the form of whoever
// the round waits for (confirm, or send back with a reason; confirmed first), POST /v1/awards/{id}/confirmation with
// the signed-in role. One page for both roles.
import { Alert, Card, Descriptions, Form, Input, Radio, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { expertiseWord, OrgName, orgName, points } from "../expert/shared.tsx";

type Award = Answer<"/v1/awards/{challengeId}">;
type Ranked = Award["ranking"][number];
type Decision = Award["decisions"][number];
interface Values {
  decision: "confirm" | "send-back";
  comment?: string;
}

async function load(challengeId: string) {
  const path = { params: { path: { challengeId } } };
  const [award, challenge] = await Promise.all([
    body(client.GET("/v1/awards/{challengeId}", path)),
    body(client.GET("/v1/challenges/{challengeId}", path)).catch(() => undefined),
  ]);
  return { award, title: challenge?.title ?? "" };
}

/** Which confirmation the round waits for, if it is the signed-in user's. */
function myStep(award: Award): "bureau" | "approver" | undefined {
  const user = who();
  const kind = award.waitingFor?.kind;
  if (kind === "approver-confirmation" && hasRole(user, "approver")) return "approver";
  if (kind === "bureau-confirmation" && hasRole(user, "bureau")) return "bureau";
  return undefined;
}

function ConfirmationForm({ challengeId }: { challengeId: string }) {
  const { t } = useWords();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch("decision", form);
  const word = (d: string) => t(`confirm-${d}` as WordKey);
  return (
    <ActionForm<Values, Award>
      form={form}
      testId="confirmation-form"
      submitLabel={word(decision ?? "confirm")}
      confirm={decision === "send-back" ? t("confirmSendBack") : t("confirmShortlist")}
      danger={decision === "send-back"}
      once
      result={() => word(decision ?? "confirm")}
      submit={(values) =>
        body(
          client.POST("/v1/awards/{challengeId}/confirmation", {
            params: { path: { challengeId } },
            body: {
              decision: values.decision,
              ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
            },
          }),
        )
      }
    >
      <Form.Item
        name="decision"
        label={t("confirmDecision")}
        rules={[{ required: true, message: t("confirmDecision") }]}
      >
        <Radio.Group
          data-testid="confirmation-decision"
          options={(["confirm", "send-back"] as const).map((d) => ({ value: d, label: word(d) }))}
        />
      </Form.Item>
      <Form.Item
        name="comment"
        label={t("confirmComment")}
        extra={t("signOffCommentHint")}
        rules={[{ required: decision === "send-back", whitespace: true, message: t("signOffCommentHint") }]}
      >
        <Input.TextArea rows={3} maxLength={5000} data-testid="confirmation-comment" />
      </Form.Item>
    </ActionForm>
  );
}

function AwardView({ award, title }: { award: Award; title: string }) {
  const { t, tf, stage, label } = useWords();
  const step = myStep(award);
  const scored = award.panel.filter((p) => p.status === "scored").length;
  const seated = award.panel.filter((p) => p.status !== "withdrawn").length;
  const shortlisted = award.shortlist ? (award.shortlist.race ? award.shortlist.winners : 1) : 0;
  return (
    <>
      <Typography.Title level={1} className="page-title" data-testid="award-title">
        {title || award.challengeId}
      </Typography.Title>
      <Typography.Paragraph>
        <Tag className={`status status-${award.challengeStatus}`}>{stage(award.challengeStatus)}</Tag>{" "}
        {award.waitingFor ? <span data-testid="award-waiting">{label(award.waitingFor.kind)} · </span> : null}
        <span className="muted">
          {award.challengeId} · {t("awardRound")} {award.round}
        </span>
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("shortlistLabel")}>
            {award.shortlist
              ? award.shortlist.race
                ? tf("shortlistRace", { n: award.shortlist.winners })
                : t("shortlistOne")
              : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("panelCol")}>
            <span data-testid="panel-progress">{tf("panelScored", { scored, total: seated })}</span>
            <span className="muted">
              {" · "}
              {award.panel
                .filter((p) => p.status !== "withdrawn")
                .map((p) => t(expertiseWord(p.expertise)))
                .join("、")}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {award.sentBack ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={tf("sentBackNote", { reason: award.sentBack.reason })}
        />
      ) : null}
      <Typography.Title level={2}>{t("awardRanking")}</Typography.Title>
      <DataTable<Ranked>
        testid="ranking"
        size="small"
        pagination={false}
        rowKey="applicationId"
        dataSource={award.ranking}
        onRow={(r) =>
          ({
            "data-application": r.applicationId,
            className: r.rank <= shortlisted ? "shortlisted" : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t("rankCol"), key: "rank", align: "right", render: (_, r) => r.rank },
          {
            title: t("applicantCol"),
            key: "applicant",
            render: (_, r) => (
              <>
                {r.leadOrganisationId ? (
                  <OrgName names={r.organisationNames} id={r.leadOrganisationId} />
                ) : (
                  r.applicationId
                )}
                {(r.memberOrganisationIds ?? []).length > 0 ? (
                  <div>
                    {(r.memberOrganisationIds ?? []).map((id) => orgName(r.organisationNames, id)).join("、")}
                  </div>
                ) : null}
                <div className="muted">{r.applicationId}</div>
              </>
            ),
          },
          {
            title: t("weightedScore"),
            key: "score",
            align: "right",
            render: (_, r) => <span data-testid={`score-${r.applicationId}`}>{points(r.scoreBp)}</span>,
          },
          {
            title: t("status"),
            key: "status",
            render: (_, r) =>
              r.status ? (
                <Tag className={`status status-${r.status}`}>{t(`app-${r.status}` as WordKey)}</Tag>
              ) : (
                "—"
              ),
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      {award.decisions.length > 0 ? (
        <>
          <Typography.Title level={2}>{t("decisionsLog")}</Typography.Title>
          <DataTable<Decision>
            testid="award-decisions"
            size="small"
            pagination={false}
            rowKey={(d) => `${d.kind}-${d.at}`}
            dataSource={award.decisions}
            columns={[
              { title: t("time"), key: "at", render: (_, d) => when(d.at) },
              { title: t("item"), key: "kind", render: (_, d) => label(d.kind) },
              {
                title: t("confirmDecision"),
                key: "d",
                render: (_, d) =>
                  d.kind === "shortlist"
                    ? d.race
                      ? tf("shortlistRace", { n: d.winners })
                      : t("shortlistOne")
                    : `${t(`confirm-${d.decision}` as WordKey)}${d.comment ? `：${d.comment}` : ""}`,
              },
              { title: t("decidedByCol"), key: "by", render: (_, d) => <Person id={d.by} name={d.byName} /> },
            ]}
            style={{ marginBottom: 16 }}
          />
        </>
      ) : null}
      <Typography.Title level={2}>{t("awardConfirmation")}</Typography.Title>
      {step ? (
        <ConfirmationForm challengeId={award.challengeId} />
      ) : (
        <Alert
          type="info"
          showIcon
          data-testid="not-your-confirmation"
          title={tf("notYourConfirmation", {
            step: award.waitingFor ? label(award.waitingFor.kind) : stage(award.challengeStatus),
          })}
        />
      )}
    </>
  );
}

export default function AwardConfirmationPage() {
  const { challengeId = "" } = useParams();
  const loaded = useLoad(() => load(challengeId), [challengeId]);
  return (
    <section data-testid="award-confirmation">
      <Show loaded={loaded}>{({ award, title }) => <AwardView award={award} title={title} />}</Show>
    </section>
  );
}
