// Workbench (bureau): the bureau's sign-off (审核) of a challenge waiting for it — the challenge against the policy's
// limits, then approve (it goes to the approver's 审定) or send back with reasons (it returns to the draft).
import { Alert, Card, Form, Input, Radio } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { ChallengeSummary, loadChallenge } from "./challenge-parts.tsx";
import { PageTitle, PolicyLimits } from "./parts.tsx";

interface SignOffValues {
  decision: "approve" | "send-back";
  comment?: string;
}

export default function ChallengeSignOffPage() {
  const { challengeId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(() => loadChallenge(challengeId), [challengeId]);
  const [form] = Form.useForm<SignOffValues>();
  const decision = Form.useWatch("decision", form);
  return (
    <section>
      <Show loaded={loaded}>
        {({ challenge, programme }) => (
          <>
            <PageTitle back={t("buChallengePage")} backTo={`/challenges/${challenge.id}`}>
              {t("buSignOffOf")} {challenge.title}
            </PageTitle>
            <ChallengeSummary challenge={challenge} programme={programme} />
            <Card title={t("buBureauSignOff")} style={{ marginTop: 16 }}>
              <PolicyLimits programme={programme} />
              <div style={{ height: 16 }} />
              {challenge.status === "awaiting-bureau" && !challenge.pendingSignOff ? (
                <ActionForm<SignOffValues, unknown>
                  form={form}
                  testId="sign-off"
                  submitLabel={t("buSendSignOff")}
                  once
                  initialValues={{ decision: "approve" }}
                  submit={(v) =>
                    body(
                      client.POST("/v1/challenges/{challengeId}/sign-off", {
                        params: { path: { challengeId } },
                        body: {
                          decision: v.decision,
                          ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
                        },
                      }),
                    )
                  }
                  result={() => (decision === "send-back" ? t("buSentBack") : t("buSignedOff"))}
                >
                  <Form.Item
                    name="decision"
                    label={t("buDecision")}
                    rules={[{ required: true, message: t("buRequired") }]}
                  >
                    <Radio.Group
                      data-testid="sign-off-decision"
                      options={[
                        { value: "approve", label: t("buApprove") },
                        { value: "send-back", label: t("buSendBack") },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name="comment"
                    label={decision === "send-back" ? t("buSendBackReasons") : t("buComment")}
                    rules={decision === "send-back" ? [{ required: true, message: t("buRequired") }] : []}
                  >
                    <Input.TextArea rows={3} maxLength={5000} data-testid="sign-off-comment" />
                  </Form.Item>
                </ActionForm>
              ) : (
                <Alert
                  type="info"
                  showIcon
                  data-testid="no-sign-off"
                  title={t("buNoSignOffWaits")}
                  description={<Link to={`/challenges/${challenge.id}`}>{t("buChallengePage")}</Link>}
                />
              )}
            </Card>
          </>
        )}
      </Show>
    </section>
  );
}
