// Workbench: one payment (一笔拨付, GET /v1/payments/{paymentId}) — what is paid to whom and why, its four-eyes
// approval by a second finance officer (the requester's own run shown as not approvable, with the reason the API
// gives), the treasury's answers, and a failed disbursement's resolution proposed by one officer and confirmed by
// another. Reached from 待办 at /payments/{id}, /payments/{id}/approval and /payments/{id}/resolution.
import { Alert, Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { who } from "../../auth.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { loadProgrammes, useProgrammeNames } from "../common.tsx";
import { Resolution } from "./PaymentResolution.tsx";

export type PaymentView = Answer<"/v1/payments/{paymentId}">;

async function loadPayment(paymentId: string) {
  const [payment, programmes] = await Promise.all([
    body(client.GET("/v1/payments/{paymentId}", { params: { path: { paymentId } } })),
    loadProgrammes(),
  ]);
  return { payment, programmes };
}

export default function PaymentPage() {
  const { paymentId = "" } = useParams();
  const { t } = useWords();
  const [reloads, setReloads] = useState(0);
  const loaded = useLoad(() => loadPayment(paymentId), [paymentId, reloads]);
  const section = useLocation().pathname.split("/").at(-1);
  useEffect(() => {
    if (loaded.state === "ready" && (section === "approval" || section === "resolution")) {
      document.getElementById(section)?.scrollIntoView();
    }
  }, [loaded.state, section]);
  return (
    <section>
      <Show loaded={loaded}>
        {(data) => <PaymentBody {...data} reload={() => setReloads((n) => n + 1)} />}
      </Show>
      {loaded.state === "failed" ? null : (
        <Typography.Paragraph className="muted">
          <Link to="/finance/queue">{t("paymentQueue")}</Link>
        </Typography.Paragraph>
      )}
    </section>
  );
}

function PaymentBody({
  payment,
  programmes,
  reload,
}: Awaited<ReturnType<typeof loadPayment>> & { reload: () => void }) {
  const { t, tf, label } = useWords();
  const programmeName = useProgrammeNames(programmes);
  const title = payment.projectTitle ?? payment.projectId;
  const payee = payment.payeeName;
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1} className="page-title" data-testid="payment-title">
        {t("finPayment")} · {tf("paymentOf", { project: title, n: payment.trancheIndex })}
      </Typography.Title>
      <Descriptions bordered size="small" column={1} data-testid="payment-facts">
        <Descriptions.Item label={t("status")}>
          <Tag className={`status status-${payment.status}`} data-testid="payment-status">
            {t(`pay-${payment.status}` as WordKey)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("project")}>
          <Link to={`/projects/${encodeURIComponent(payment.projectId)}`}>{title}</Link>{" "}
          {payment.projectTitle ? <span className="muted">{payment.projectId}</span> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("programme")}>{programmeName(payment.programmeId)}</Descriptions.Item>
        <Descriptions.Item label={t("payee")}>
          {payee ?? payment.payeeOrganisationId}{" "}
          {payee && payee !== payment.payeeOrganisationId ? (
            <span className="muted">{payment.payeeOrganisationId}</span>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("amount")}>
          <span className="money" data-testid="payment-amount">
            {yuan(payment.amountFen)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("finRequestedBy")}>
          <span data-testid="payment-requested-by">
            <Person id={payment.requestedBy} name={payment.requestedByName} />
          </span>{" "}
          · {when(payment.requestedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t("finAttempt")}>{payment.attempt}</Descriptions.Item>
        {payment.evidence ? (
          <Descriptions.Item label={t("condition")}>
            {label(payment.evidence.reason)} · {t("confirmedBy")}{" "}
            <span data-testid="payment-confirmed-by">
              <Person id={payment.evidence.by} name={payment.evidence.byName} />
            </span>{" "}
            · {when(payment.evidence.at)}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Approval payment={payment} reload={reload} />
      {payment.treasury ? (
        <Card title={t("treasuryPayment")} size="small" data-testid="treasury">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t("treasurySubmissions")}>
              {payment.treasury.submissions}
            </Descriptions.Item>
            {payment.treasury.reference ? (
              <Descriptions.Item label={t("treasuryReference")}>
                {payment.treasury.reference} · {when(payment.treasury.confirmedAt)}
              </Descriptions.Item>
            ) : null}
            {payment.treasury.failures.length > 0 ? (
              <Descriptions.Item label={t("treasuryFailures")}>
                <ul className="plain">
                  {payment.treasury.failures.map((f) => (
                    <li key={f.at}>
                      {when(f.at)} {f.reason}
                    </li>
                  ))}
                </ul>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
      ) : null}
      {payment.status === "disbursement-failed" || payment.resolution ? (
        <Resolution payment={payment} reload={reload} />
      ) : null}
    </Space>
  );
}

/** Four eyes: a second finance officer approves or rejects; the requester sees why they cannot. */
function Approval({ payment, reload }: { payment: PaymentView; reload: () => void }) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<{ decision: "approve" | "reject"; reason?: string }>();
  const decision = Form.useWatch("decision", form);
  const me = who()?.user;
  const own = payment.requestedBy === me;
  let content: React.ReactNode;
  if (payment.approval) {
    content = (
      <Descriptions size="small" column={1} data-testid="approval-decided">
        <Descriptions.Item label={t("finDecision")}>
          {payment.approval.decision === "approve" ? t("finApprove") : t("finReject")}
        </Descriptions.Item>
        <Descriptions.Item label={t("finApprovedBy")}>
          <Person id={payment.approval.by} name={payment.approval.byName} /> · {when(payment.approval.at)}
        </Descriptions.Item>
        {payment.approval.reason ? (
          <Descriptions.Item label={t("reason")}>{payment.approval.reason}</Descriptions.Item>
        ) : null}
      </Descriptions>
    );
  } else if (payment.status !== "awaiting-approval") {
    content = <Typography.Paragraph>{t("notAwaitingApproval")}</Typography.Paragraph>;
  } else {
    content = (
      <Space orientation="vertical" style={{ width: "100%" }}>
        {own ? (
          <Alert type="warning" showIcon role="note" data-testid="own-run" title={t("ownRunNotApprovable")} />
        ) : null}
        <ActionForm<{ decision: "approve" | "reject"; reason?: string }, PaymentView>
          form={form}
          testId="approval-form"
          disabled={own}
          initialValues={{ decision: "approve" }}
          submitLabel={t("submitApproval")}
          confirm={
            decision === "reject" ? undefined : tf("payConfirmApprove", { total: yuan(payment.amountFen) })
          }
          once
          submit={(v) =>
            body(
              client.POST("/v1/payments/{paymentId}/approval", {
                params: { path: { paymentId: payment.id } },
                body: { decision: v.decision, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) },
              }),
            )
          }
          done={reload}
        >
          <Form.Item name="decision" label={t("finDecision")} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: "approve", label: t("finApprove") },
                { value: "reject", label: t("finReject") },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t("rejectReason")}
            rules={[
              { required: decision === "reject", whitespace: true, message: t("rejectReasonRequired") },
            ]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionForm>
      </Space>
    );
  }
  return (
    <Card id="approval" title={t("finApproval")} size="small" data-testid="approval">
      {content}
    </Card>
  );
}
