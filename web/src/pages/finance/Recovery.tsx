// Workbench: one recovery (追回事项, GET /v1/recoveries/{recoveryId}) — why money is to come back, how much, what came
// back (its receipts) and what is still outstanding; finance records a receipt (登记收款): the amount typed in yuan and
// sent as integer fen, the date it arrived, the treasury's or bank's reference, one Idempotency-Key per submission.
import { Alert, Card, Descriptions, Empty, Form, Input, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { day, when, yuan } from "../../format.ts";
import { ActionForm, idempotencyKey } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";
import { fenFromYuan } from "./money.ts";

type RecoveryView = Answer<"/v1/recoveries/{recoveryId}">;
type Receipt = RecoveryView["receipts"][number];
interface ReceiptForm {
  amount: string;
  receivedOn: string;
  reference: string;
}

export default function RecoveryPage() {
  const { recoveryId = "" } = useParams();
  const { t } = useWords();
  const [reloads, setReloads] = useState(0);
  // What the last receipt did, kept above the page while it loads again.
  const [notice, setNotice] = useState<string | undefined>();
  const loaded = useLoad(
    () => body(client.GET("/v1/recoveries/{recoveryId}", { params: { path: { recoveryId } } })),
    [recoveryId, reloads],
  );
  return (
    <section>
      {/* What the last receipt did: first on the page, above the title area (the link back and the title). */}
      {notice ? (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="action-done"
          title={notice}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Typography.Paragraph>
        <Link to="/finance/recoveries">← {t("recoveries")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {(recovery) => (
          <RecoveryBody
            recovery={recovery}
            recorded={(text) => {
              setNotice(text);
              setReloads((n) => n + 1);
            }}
          />
        )}
      </Show>
    </section>
  );
}

function RecoveryBody({ recovery, recorded }: { recovery: RecoveryView; recorded: (text: string) => void }) {
  const { t, tf, stage, label, lang } = useWords();
  const receives = hasRole(who(), "finance") && recovery.outstandingFen > 0;
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Typography.Title level={1} className="page-title">
        {t("finRecovery")} · {label(recovery.reason)}
      </Typography.Title>
      <Descriptions bordered size="small" column={1} data-testid="recovery-facts">
        <Descriptions.Item label={t("status")}>
          <Tag className={`status status-${recovery.status}`}>{stage(recovery.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("project")}>
          <Link to={`/projects/${encodeURIComponent(recovery.projectId)}`} data-testid="recovery-project">
            {recovery.projectTitle ?? recovery.projectId}
          </Link>{" "}
          {recovery.projectTitle ? (
            <span className="muted" data-secondary>
              {recovery.projectId}
            </span>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("payer")}>
          <span data-testid="recovery-payer">{recovery.payerName ?? recovery.payerOrganisationId}</span>{" "}
          {recovery.payerName && recovery.payerName !== recovery.payerOrganisationId ? (
            <span className="muted" data-secondary>
              {recovery.payerOrganisationId}
            </span>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("decidedOn")}>
          {day(recovery.decidedOn)} ·{" "}
          <span data-testid="recovery-decided-by">
            <Person id={recovery.decidedBy} name={recovery.decidedByName} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("dueDate")}>{day(recovery.dueOn)}</Descriptions.Item>
        <Descriptions.Item label={t("amount")}>
          <span className="money">{yuan(recovery.amountFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("received")}>
          <span className="money" data-testid="recovery-received">
            {yuan(recovery.receivedFen)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("toRecover")}>
          <span className="money" data-testid="recovery-outstanding">
            {yuan(recovery.outstandingFen)}
          </span>
        </Descriptions.Item>
        {recovery.explanation.length > 0 ? (
          <Descriptions.Item label={t("reason")}>
            <ul className="plain">
              {recovery.explanation.map((e) => (
                <li key={e.rule}>{lang === "en" ? e.message : e.messageZh || e.message}</li>
              ))}
            </ul>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Card title={t("finReceipts")} size="small">
        {recovery.receipts.length === 0 ? (
          <Empty description={t("noReceipts")} />
        ) : (
          <DataTable<Receipt>
            testid="receipts"
            size="small"
            pagination={false}
            rowKey={(r) => String(r.seq)}
            dataSource={recovery.receipts}
            columns={[
              { title: t("finReceivedOn"), key: "on", render: (_, r) => day(r.receivedOn) },
              { title: t("receiptReference"), key: "ref", render: (_, r) => r.reference },
              {
                title: t("actor"),
                key: "by",
                render: (_, r) => (
                  <>
                    <Person id={r.by} name={r.byName} /> · {when(r.at)}
                  </>
                ),
              },
              moneyColumn<Receipt>(t("amount"), (r) => r.amountFen, "amount"),
            ]}
          />
        )}
      </Card>
      {receives ? (
        <Card title={t("recordReceipt")} size="small">
          <ActionForm<ReceiptForm, { outstandingFen: number }>
            testId="receipt-form"
            submitLabel={t("recordReceipt")}
            submit={(v) =>
              body(
                client.POST("/v1/recoveries/{recoveryId}/receipts", {
                  params: { path: { recoveryId: recovery.id } },
                  headers: { "Idempotency-Key": idempotencyKey() },
                  body: {
                    amountFen: fenFromYuan(v.amount) ?? 0,
                    receivedOn: v.receivedOn,
                    reference: v.reference.trim(),
                  },
                }),
              )
            }
            done={(r) => recorded(tf("receiptRecorded", { total: yuan(r.outstandingFen) }))}
          >
            <Form.Item
              name="amount"
              label={t("receiptAmount")}
              rules={[
                { required: true, message: t("receiptAmountInvalid") },
                {
                  validator: async (_, value: string | undefined) => {
                    if (!value) return;
                    const fen = fenFromYuan(value);
                    if (fen === undefined || fen <= 0) throw new Error(t("receiptAmountInvalid"));
                    if (fen > recovery.outstandingFen) {
                      throw new Error(tf("receiptAmountTooLarge", { total: yuan(recovery.outstandingFen) }));
                    }
                  },
                },
              ]}
            >
              <Input name="amount" inputMode="decimal" prefix="¥" style={{ maxWidth: 240 }} />
            </Form.Item>
            <Form.Item
              name="receivedOn"
              label={t("finReceivedOn")}
              rules={[{ required: true, message: t("finReceivedOn") }]}
            >
              <DateField name="receivedOn" />
            </Form.Item>
            <Form.Item
              name="reference"
              label={t("receiptReference")}
              rules={[{ required: true, whitespace: true, message: t("receiptReference") }]}
            >
              <Input name="reference" maxLength={128} style={{ maxWidth: 320 }} />
            </Form.Item>
          </ActionForm>
        </Card>
      ) : null}
    </Space>
  );
}
