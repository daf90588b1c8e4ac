// Workbench: a failed disbursement's way out (拨付失败的处理) on a payment's page — one finance officer proposes to
// return the tranche to eligible or to cancel it, with a reason; a second officer confirms it after a confirmation that
// states the amount released (four eyes: the proposer sees why they cannot confirm their own proposal).
import { Alert, Card, Descriptions, Form, Input, Radio, Space, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import { who } from "../../auth.ts";
import { Person } from "../../components/Person.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { PaymentView } from "./Payment.tsx";

type Outcome = "return-to-eligible" | "cancel";

export function Resolution({ payment, reload }: { payment: PaymentView; reload: () => void }) {
  const { t, tf } = useWords();
  const outcomeWord = (o: Outcome) => t(o === "cancel" ? "resolve-cancel" : "resolve-return-to-eligible");
  const me = who()?.user;
  const proposal = payment.resolution;
  const path = { params: { path: { paymentId: payment.id } } };
  let content: React.ReactNode;
  if (proposal?.confirmedAt) {
    content = (
      <Descriptions size="small" column={1} data-testid="resolution-confirmed">
        <Descriptions.Item label={t("finOutcome")}>{outcomeWord(proposal.outcome)}</Descriptions.Item>
        <Descriptions.Item label={t("finProposedBy")}>
          <Person id={proposal.proposedBy} name={proposal.proposedByName} /> · {when(proposal.proposedAt)} ·{" "}
          {proposal.reason}
        </Descriptions.Item>
        <Descriptions.Item label={t("finResolved")}>
          <Person id={proposal.confirmedBy} name={proposal.confirmedByName} /> · {when(proposal.confirmedAt)}
        </Descriptions.Item>
      </Descriptions>
    );
  } else if (payment.status !== "disbursement-failed") {
    content = <Typography.Paragraph>{t("noResolutionNeeded")}</Typography.Paragraph>;
  } else if (proposal) {
    const own = proposal.proposedBy === me;
    content = (
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Descriptions size="small" column={1} data-testid="resolution-proposed">
          <Descriptions.Item label={t("finOutcome")}>{outcomeWord(proposal.outcome)}</Descriptions.Item>
          <Descriptions.Item label={t("finProposedBy")}>
            <Person id={proposal.proposedBy} name={proposal.proposedByName} /> · {when(proposal.proposedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t("resolutionReason")}>{proposal.reason}</Descriptions.Item>
        </Descriptions>
        {own ? (
          <Alert
            type="warning"
            showIcon
            role="note"
            data-testid="own-resolution"
            title={t("ownResolutionNotConfirmable")}
          />
        ) : null}
        <ActionForm<Record<string, never>, PaymentView>
          testId="resolution-confirm-form"
          disabled={own}
          submitLabel={t("confirmResolution")}
          confirm={tf("confirmResolutionText", {
            outcome: outcomeWord(proposal.outcome),
            total: yuan(payment.amountFen),
          })}
          once
          submit={() =>
            body(
              client.POST("/v1/payments/{paymentId}/resolution/confirmation", {
                ...path,
                body: { outcome: proposal.outcome },
              }),
            )
          }
          done={reload}
        >
          {null}
        </ActionForm>
      </Space>
    );
  } else {
    content = (
      <ActionForm<{ outcome: Outcome; reason: string }, PaymentView>
        testId="resolution-form"
        submitLabel={t("proposeResolution")}
        once
        submit={(v) =>
          body(
            client.POST("/v1/payments/{paymentId}/resolution", {
              ...path,
              body: { outcome: v.outcome, reason: v.reason.trim() },
            }),
          )
        }
        done={reload}
      >
        <Form.Item name="outcome" label={t("finOutcome")} rules={[{ required: true, message: t("choose") }]}>
          <Radio.Group
            options={(["return-to-eligible", "cancel"] as const).map((o) => ({
              value: o,
              label: outcomeWord(o),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("resolutionReason")}
          rules={[{ required: true, whitespace: true, message: t("resolutionReason") }]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </ActionForm>
    );
  }
  return (
    <Card id="resolution" title={t("finResolution")} size="small" data-testid="resolution">
      {content}
    </Card>
  );
}
