// Workbench (on a project closed for fraud): the judicial referral (《太原市…行动方案》四（七）4 “情节严重者移交司法机关处理”) —
// programme staff (finance and auditors included) see it with the organ's outcomes; the bureau refers (organ, date,
// reference, reasoning, documents — irreversible, confirmed) and records each later outcome.
import { Card, Descriptions, Form, Input, Select, Timeline, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { orNone, todayInBeijing } from "./parts.ts";

const outcomes = [
  "accepted",
  "not-accepted",
  "prosecuted",
  "not-prosecuted",
  "convicted",
  "acquitted",
  "closed",
] as const;
type Outcome = (typeof outcomes)[number];

interface ReferValues {
  organ?: string;
  referredOn?: string;
  reference?: string;
  reasoning?: string;
  documents?: string;
}
interface OutcomeValues {
  outcome?: Outcome;
  decidedOn?: string;
  reference?: string;
  summary?: string;
}

const staff = ["bureau", "approver", "finance", "admin", "auditor"];

export function ReferralAction({ projectId, view }: ProjectActionProps) {
  const { t } = useWords();
  const user = who();
  const fraud = view.track?.termination?.kind === "fraud";
  const allowed = fraud && hasRole(user, ...staff);
  const loaded = useLoad(
    async () =>
      allowed
        ? orNone(
            body(
              client.GET("/v1/projects/{projectId}/judicial-referral", { params: { path: { projectId } } }),
            ),
          )
        : null,
    [projectId, allowed],
  );
  if (!allowed) return null;
  const bureau = hasRole(user, "bureau");
  const reload = () => (loaded.state === "ready" ? loaded.reload() : undefined);
  const required = { required: true, message: t("buRequired") };
  const path = { params: { path: { projectId } } };
  return (
    <Card title={t("fuReferral")} style={{ marginTop: 16 }} data-testid="judicial-referral">
      <Typography.Paragraph type="secondary">{t("fuReferralHint")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {(referral) =>
          referral ? (
            <>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t("fuOrgan")}>
                  <span data-testid="referral-organ">{referral.organ}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t("fuReferredOn")}>{day(referral.referredOn)}</Descriptions.Item>
                <Descriptions.Item label={t("fuReference")}>{referral.reference}</Descriptions.Item>
                <Descriptions.Item label={t("fuReasoning")}>{referral.reasoning}</Descriptions.Item>
                <Descriptions.Item label={t("fuDocuments")}>
                  {referral.documents
                    .map((d) => d.title + (d.reference ? `（${d.reference}）` : ""))
                    .join("；") || t("fuNone")}
                </Descriptions.Item>
                <Descriptions.Item label={t("fuRecover")}>
                  <span className="money">{yuan(referral.recoverFen)}</span>
                </Descriptions.Item>
              </Descriptions>
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                {t("fuOutcomes")}
              </Typography.Title>
              {referral.outcomes.length === 0 ? (
                <Typography.Paragraph type="secondary">{t("fuNone")}</Typography.Paragraph>
              ) : (
                <Timeline
                  data-testid="referral-outcomes"
                  items={referral.outcomes.map((o) => ({
                    key: o.seq,
                    content: `${day(o.decidedOn)} ${t(`fuOutcome_${o.outcome}` as WordKey)}${o.reference ? `（${o.reference}）` : ""}：${o.summary}`,
                  }))}
                />
              )}
              {bureau ? (
                <ActionForm<OutcomeValues, unknown>
                  testId="referral-outcome"
                  submitLabel={t("fuRecordOutcome")}
                  initialValues={{ decidedOn: todayInBeijing() }}
                  submit={(v) =>
                    body(
                      client.POST("/v1/projects/{projectId}/judicial-referral/outcomes", {
                        ...path,
                        body: {
                          outcome: v.outcome ?? "accepted",
                          decidedOn: v.decidedOn ?? "",
                          ...(v.reference?.trim() ? { reference: v.reference.trim() } : {}),
                          summary: (v.summary ?? "").trim(),
                        },
                      }),
                    )
                  }
                  done={reload}
                  result={() => t("fuRoadShowDone")}
                >
                  <Form.Item name="outcome" label={t("fuOutcome")} rules={[required]}>
                    <Select
                      aria-label={t("fuOutcome")}
                      data-testid="referral-outcome-kind"
                      options={outcomes.map((o) => ({ value: o, label: t(`fuOutcome_${o}` as WordKey) }))}
                    />
                  </Form.Item>
                  <Form.Item name="decidedOn" label={t("fuDecidedOn")} rules={[required]}>
                    <DateField />
                  </Form.Item>
                  <Form.Item name="reference" label={t("fuReference")}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name="summary" label={t("fuSummary")} rules={[required]}>
                    <Input.TextArea rows={2} maxLength={5000} data-testid="referral-outcome-summary" />
                  </Form.Item>
                </ActionForm>
              ) : null}
            </>
          ) : bureau ? (
            <ActionForm<ReferValues, unknown>
              testId="referral"
              submitLabel={t("fuRefer")}
              once
              confirm={t("fuConfirmReferral")}
              initialValues={{ referredOn: todayInBeijing() }}
              submit={(v) =>
                body(
                  client.POST("/v1/projects/{projectId}/judicial-referral", {
                    ...path,
                    body: {
                      organ: (v.organ ?? "").trim(),
                      referredOn: v.referredOn ?? "",
                      reference: (v.reference ?? "").trim(),
                      reasoning: (v.reasoning ?? "").trim(),
                      documents: (v.documents ?? "")
                        .split("\n")
                        .map((line) => line.trim())
                        .filter(Boolean)
                        .map((title) => ({ title })),
                    },
                  }),
                )
              }
              done={reload}
              result={() => t("fuRoadShowDone")}
            >
              <Form.Item name="organ" label={t("fuOrgan")} rules={[required]}>
                <Input maxLength={200} data-testid="referral-organ-input" />
              </Form.Item>
              <Form.Item name="referredOn" label={t("fuReferredOn")} rules={[required]}>
                <DateField />
              </Form.Item>
              <Form.Item name="reference" label={t("fuReference")} rules={[required]}>
                <Input maxLength={100} data-testid="referral-reference" />
              </Form.Item>
              <Form.Item name="reasoning" label={t("fuReasoning")} rules={[required]}>
                <Input.TextArea rows={3} maxLength={10000} data-testid="referral-reasoning" />
              </Form.Item>
              <Form.Item name="documents" label={t("fuDocuments")}>
                <Input.TextArea rows={3} data-testid="referral-documents" />
              </Form.Item>
            </ActionForm>
          ) : (
            <Typography.Paragraph type="secondary">{t("fuNone")}</Typography.Paragraph>
          )
        }
      </Show>
    </Card>
  );
}
