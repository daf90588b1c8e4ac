// Workbench: one application (揭榜申请) of the solver's organisation — while a draft, the lead edits and saves it
// (PATCH, If-Match), signs the 揭榜 agreement (POST …/agreement/sign), submits it once both sides signed (POST …/submit);
// until the window closes it can be withdrawn, after a confirmation (POST …/withdraw). Each answer replaces the page's
// copy, so the version stays current and the result stays shown.
import { Alert, Card, Descriptions, Form, Input, Space, Steps, Typography } from "antd";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { who } from "../../auth.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { cardTitle, type PublicChallenge } from "../portal/challenges.tsx";
import { ApplicationSummary } from "./ApplicationSummary.tsx";
import {
  type ApplicationFields,
  ApplicationFormFields,
  type ApplicationView,
  contentOf,
  fieldsOf,
  onFormFields,
} from "./application-form.tsx";
import { ApplicationStatus, ifMatch, loadChallenge, todayInBeijing } from "./common.tsx";

const path = (applicationId: string) => ({ params: { path: { applicationId } } });

function Agreement({
  app,
  canSign,
  onChange,
}: {
  app: ApplicationView;
  canSign: boolean;
  onChange: (a: ApplicationView, message?: string) => void;
}) {
  const { t, tf } = useWords();
  const { enterpriseSignedAt, solverSignedAt } = app.agreement;
  const signed = (at: string | undefined, by: string | undefined) =>
    at ? tf("svSignedAt", { at: when(at), by: by ?? "" }) : t("svNotSigned");
  return (
    <Card size="small" title={<h2 style={cardTitle}>{t("svAgreement")}</h2>} data-testid="agreement">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("svEnterpriseSide")}>
          <span data-testid="enterprise-signature">
            {signed(
              enterpriseSignedAt,
              app.agreement.enterpriseSignedByName ??
                app.agreement.enterpriseOrganisationId ??
                app.agreement.enterpriseSignedBy,
            )}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("svSolverSide")}>
          <span data-testid="solver-signature">
            {signed(solverSignedAt, app.agreement.solverSignedByName ?? app.agreement.solverSignedBy)}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {canSign && app.status === "draft" && !solverSignedAt ? (
        <div style={{ marginTop: 12 }}>
          <ActionForm<object, ApplicationView>
            testId="sign"
            submitLabel={t("svSign")}
            danger={false}
            confirm={t("svSignConfirm")}
            submit={() =>
              body(
                client.POST("/v1/applications/{applicationId}/agreement/sign", {
                  ...path(app.id),
                  headers: ifMatch(app.version),
                }),
              )
            }
            done={(a) => onChange(a, t("svSignedDone"))}
          >
            {null}
          </ActionForm>
        </div>
      ) : null}
    </Card>
  );
}

function Submit({
  app,
  onChange,
}: {
  app: ApplicationView;
  onChange: (a: ApplicationView, message?: string) => void;
}) {
  const { t } = useWords();
  const ready = Boolean(app.agreement.enterpriseSignedAt && app.agreement.solverSignedAt);
  return (
    <Card size="small" title={<h2 style={cardTitle}>{t("svSubmitTitle")}</h2>}>
      {ready ? null : (
        <Typography.Paragraph className="muted">{t("svSubmitNeedsSignatures")}</Typography.Paragraph>
      )}
      <ActionForm<object, ApplicationView>
        testId="submit-application"
        submitLabel={t("svSubmit")}
        danger={false}
        disabled={!ready}
        confirm={t("svSubmitConfirm")}
        submit={() =>
          body(
            client.POST("/v1/applications/{applicationId}/submit", {
              ...path(app.id),
              headers: ifMatch(app.version),
            }),
          )
        }
        done={(a) => onChange(a, t("svSubmittedDone"))}
      >
        {null}
      </ActionForm>
    </Card>
  );
}

function Withdraw({
  app,
  onChange,
}: {
  app: ApplicationView;
  onChange: (a: ApplicationView, message?: string) => void;
}) {
  const { t } = useWords();
  return (
    <Card size="small" title={<h2 style={cardTitle}>{t("svWithdrawTitle")}</h2>}>
      <Typography.Paragraph className="muted">{t("svWithdrawHint")}</Typography.Paragraph>
      <ActionForm<{ reason?: string }, ApplicationView>
        testId="withdraw"
        danger
        submitLabel={t("svWithdraw")}
        confirm={t("svWithdrawConfirm")}
        submit={(v) =>
          body(
            client.POST("/v1/applications/{applicationId}/withdraw", {
              ...path(app.id),
              headers: ifMatch(app.version),
              body: v.reason?.trim() ? { reason: v.reason.trim() } : {},
            }),
          )
        }
        done={(a) => onChange(a, t("svWithdrawnDone"))}
      >
        <Form.Item name="reason" label={t("svWithdrawReason")} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="withdraw-reason" />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

function Editor({
  app,
  challenge,
  onChange,
}: {
  app: ApplicationView;
  challenge: PublicChallenge;
  onChange: (a: ApplicationView, message?: string) => void;
}) {
  const { t } = useWords();
  const [form] = Form.useForm<ApplicationFields>();
  const signedBySomeone = Boolean(app.agreement.enterpriseSignedAt || app.agreement.solverSignedAt);
  return (
    <Card size="small" title={<h2 style={cardTitle}>{t("svEditDraft")}</h2>}>
      {signedBySomeone ? (
        <Alert type="warning" showIcon title={t("svEditVoidsSignatures")} style={{ marginBottom: 12 }} />
      ) : null}
      <ActionForm<ApplicationFields, ApplicationView>
        form={form}
        testId="application-form"
        submitLabel={t("svSaveDraft")}
        initialValues={fieldsOf(app)}
        submit={async (v) => {
          try {
            return await body(
              client.PATCH("/v1/applications/{applicationId}", {
                ...path(app.id),
                headers: ifMatch(app.version),
                body: contentOf(v, app.leadOrganisationId),
              }),
            );
          } catch (e) {
            throw onFormFields(e);
          }
        }}
        result={() => t("svSavedDone")}
        done={onChange}
      >
        <ApplicationFormFields
          form={form}
          leadOrg={app.leadOrganisationId}
          challenge={challenge}
          today={todayInBeijing()}
        />
      </ActionForm>
    </Card>
  );
}

export default function ApplicationPage() {
  const { t, tf } = useWords();
  const { applicationId = "" } = useParams();
  const [params] = useSearchParams();
  const loaded = useLoad(async () => {
    const app = await body(client.GET("/v1/applications/{applicationId}", path(applicationId)));
    return { app, challenge: await loadChallenge(app.challengeId) };
  }, [applicationId]);
  const [changed, setChanged] = useState<ApplicationView | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const onChange = (a: ApplicationView, text?: string) => {
    setChanged(a);
    setMessage(text);
  };
  const lead = who()?.org;
  return (
    <section>
      <Show loaded={loaded}>
        {({ app: first, challenge }) => {
          const app =
            changed && changed.id === first.id && changed.version >= first.version ? changed : first;
          const isLead = app.leadOrganisationId === lead;
          const step =
            app.status !== "draft"
              ? 3
              : app.agreement.enterpriseSignedAt && app.agreement.solverSignedAt
                ? 2
                : 1;
          return (
            <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="application">
              <Link to="/my-applications">← {t("svMyApplications")}</Link>
              <Typography.Title level={1} className="page-title">
                {t("svApplicationTo")}
                <Link to={`/open-challenges/${encodeURIComponent(challenge.id)}`}>{challenge.title}</Link>
              </Typography.Title>
              <Space wrap>
                <ApplicationStatus status={app.status} />
                <Typography.Text className="muted">
                  {app.id} · {tf("svVersion", { n: app.version })} · {t("svUpdatedAt")} {when(app.updatedAt)}
                </Typography.Text>
              </Space>
              {params.get("saved") && app.version === 1 ? (
                <Alert
                  type="success"
                  showIcon
                  role="status"
                  title={t("svDraftCreated")}
                  data-testid="draft-created"
                />
              ) : null}
              <Steps
                size="small"
                current={step}
                items={[
                  { title: t("svStepFill") },
                  { title: t("svStepSign") },
                  { title: t("svStepSubmit") },
                  { title: t("svStepReview") },
                ]}
              />
              <Descriptions bordered size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t("svRdInvestment")}>
                  <span className="money">{yuan(app.rdInvestmentFen)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t("svRequestedShort")}>
                  <span className="money" data-testid="requested-shown">
                    {yuan(app.requestedFen)}
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t("svSubmittedAt")}>
                  {when(app.submittedAt) || "—"}
                </Descriptions.Item>
              </Descriptions>
              {message ? (
                <Alert type="success" showIcon role="status" title={message} data-testid="action-done" />
              ) : null}
              <Agreement app={app} canSign={isLead} onChange={onChange} />
              {isLead && app.status === "draft" ? <Submit app={app} onChange={onChange} /> : null}
              {isLead && (app.status === "draft" || app.status === "submitted") ? (
                <Withdraw app={app} onChange={onChange} />
              ) : null}
              {isLead && app.status === "draft" ? (
                <Editor app={app} challenge={challenge} onChange={onChange} />
              ) : (
                <ApplicationSummary app={app} />
              )}
            </Space>
          );
        }}
      </Show>
    </section>
  );
}
