// Workbench: a challenge's sign-off (/challenges/{id}/sign-off, where 待办 leads both the bureau and the approver) — the
// challenge as it will be published (title, content, key technologies, money, window, horse race, a case-by-case cap's
// reason, earlier sign-offs) and the form of whoever it waits for: the approver's 审定 (POST …/approval, with the
// case-by-case decision when the cap is above the policy's) or the bureau's 审核 (POST …/sign-off) — approve or send
// back with a reason, confirmed first.
import { Alert, Card, Checkbox, Descriptions, Form, Input, Radio, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

type Challenge = Answer<"/v1/challenges/{challengeId}">;
type SignOff = NonNullable<Challenge["signOffs"]>[number];
interface Values {
  decision: "approve" | "send-back";
  comment?: string;
  caseByCaseApproved?: boolean;
}

/** Whose sign-off the challenge waits for, if it is the signed-in user's. */
function myStage(c: Challenge): "bureau" | "approver" | undefined {
  const user = who();
  if (c.pendingSignOff) return undefined;
  if (c.status === "awaiting-approver" && hasRole(user, "approver")) return "approver";
  if (c.status === "awaiting-bureau" && hasRole(user, "bureau")) return "bureau";
  return undefined;
}

function SignOffForm({ c, stage }: { c: Challenge; stage: "bureau" | "approver" }) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch("decision", form);
  const word = (d: string) => t(`signoff-${d}` as WordKey);
  const send = (values: Values) => {
    const payload = {
      decision: values.decision,
      ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
      ...(stage === "approver" && c.caseByCase && values.decision === "approve"
        ? { caseByCaseApproved: values.caseByCaseApproved === true }
        : {}),
    };
    const path = { params: { path: { challengeId: c.id } }, body: payload };
    return body(
      stage === "approver"
        ? client.POST("/v1/challenges/{challengeId}/approval", path)
        : client.POST("/v1/challenges/{challengeId}/sign-off", path),
    );
  };
  return (
    <ActionForm<Values, Challenge>
      form={form}
      testId="sign-off-form"
      submitLabel={t("submitSignOff")}
      confirm={decision === "send-back" ? t("confirmSendBack") : t("confirmApprove")}
      danger={decision === "send-back"}
      once
      submit={send}
      result={() => tf("signOffSent", { decision: word(decision ?? "approve") })}
    >
      <Form.Item
        name="decision"
        label={t("signOffDecision")}
        rules={[{ required: true, message: t("signOffDecision") }]}
      >
        <Radio.Group
          data-testid="sign-off-decision"
          options={(["approve", "send-back"] as const).map((d) => ({ value: d, label: word(d) }))}
        />
      </Form.Item>
      {stage === "approver" && c.caseByCase && decision === "approve" ? (
        <Form.Item
          name="caseByCaseApproved"
          valuePropName="checked"
          rules={[
            {
              validator: (_, v: unknown) =>
                v === true ? Promise.resolve() : Promise.reject(new Error(t("caseByCaseApproved"))),
            },
          ]}
        >
          <Checkbox>{t("caseByCaseApproved")}</Checkbox>
        </Form.Item>
      ) : null}
      <Form.Item
        name="comment"
        label={t("signOffComment")}
        extra={t("signOffCommentHint")}
        rules={[{ required: decision === "send-back", whitespace: true, message: t("signOffCommentHint") }]}
      >
        <Input.TextArea rows={3} maxLength={5000} data-testid="sign-off-comment" />
      </Form.Item>
    </ActionForm>
  );
}

/** Whether the status already says what the challenge waits for ("待审定" needs no "审定领导审定" after it). */
const namedByStatus = (status: string, waitingFor: string) =>
  (status === "awaiting-approver" && waitingFor === "approver-sign-off") ||
  (status === "awaiting-bureau" && waitingFor === "bureau-sign-off");

function ChallengeView({ c }: { c: Challenge }) {
  const { t, tf, stage: stageName, label } = useWords();
  const stage = myStage(c);
  return (
    <>
      <Typography.Title level={1} className="page-title" data-testid="challenge-title">
        {c.title}
      </Typography.Title>
      <Typography.Paragraph>
        <Tag className={`status status-${c.status}`} data-testid="challenge-status">
          {stageName(c.status)}
        </Tag>{" "}
        {c.waitingFor && !namedByStatus(c.status, c.waitingFor.kind) ? (
          <span>{label(c.waitingFor.kind)} · </span>
        ) : null}
        <span className="muted" data-secondary>
          {c.id}
        </span>{" "}
        <span className="muted">{c.field}</span>
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("challengeFundingCap")}>
            <span className="money">{yuan(c.fundingCapFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("rdInvestmentReq")}>
            <span className="money">{yuan(c.rdInvestmentFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("periodMonthsLabel")}>{c.periodMonths}</Descriptions.Item>
          <Descriptions.Item label={t("applicationWindow")}>
            {c.window ? `${day(c.window.opensAt)} – ${day(c.window.closesAt)}` : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("horseRaceLabel")}>
            {c.horseRace.allowed ? tf("horseRaceAllowed", { n: c.horseRace.maxWinners }) : t("horseRaceNo")}
          </Descriptions.Item>
          {c.caseByCase ? (
            <Descriptions.Item label={t("caseByCaseReason")}>{c.caseByCase.reason}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t("challengeDescription")} span="filled">
            {c.description}
          </Descriptions.Item>
          <Descriptions.Item label={t("challengeKeyTech")} span="filled">
            {c.keyTechnologies
              .map(
                (k) =>
                  `${k.name}：${k.targetMetrics.map((m) => `${m.name} ${m.target}${m.unit ?? ""}`).join("，")}`,
              )
              .join("；")}
          </Descriptions.Item>
          <Descriptions.Item label={t("solverConditions")} span="filled">
            {c.solverRequirements}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {(c.signOffs ?? []).length > 0 ? (
        <>
          <Typography.Title level={2}>{t("signOffHistory")}</Typography.Title>
          <DataTable<SignOff>
            testid="sign-offs"
            size="small"
            pagination={false}
            rowKey={(s) => `${s.stage}-${s.round}-${s.at}`}
            dataSource={c.signOffs ?? []}
            columns={[
              { title: t("time"), key: "at", render: (_, s) => when(s.at) },
              { title: t("role"), key: "stage", render: (_, s) => t(`stage-${s.stage}` as WordKey) },
              {
                title: t("signOffDecision"),
                key: "d",
                render: (_, s) => t(`signoff-${s.decision}` as WordKey),
              },
              { title: t("signOffComment"), key: "c", render: (_, s) => s.comment ?? "" },
            ]}
            style={{ marginBottom: 16 }}
          />
        </>
      ) : null}
      <Typography.Title level={2}>
        {t(stage === "bureau" ? "challengeSignOff" : "challengeApproval")}
      </Typography.Title>
      {stage ? (
        <SignOffForm c={c} stage={stage} />
      ) : (
        <Alert
          type="info"
          showIcon
          data-testid="not-your-sign-off"
          title={tf("notYourSignOff", { status: stageName(c.status) })}
        />
      )}
    </>
  );
}

export default function SignOffPage() {
  const { challengeId = "" } = useParams();
  const loaded = useLoad(
    () => body(client.GET("/v1/challenges/{challengeId}", { params: { path: { challengeId } } })),
    [challengeId],
  );
  return (
    <section data-testid="challenge-sign-off">
      <Show loaded={loaded}>{(c) => <ChallengeView c={c} />}</Show>
    </section>
  );
}
