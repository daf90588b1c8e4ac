// Workbench (bureau): credit records (失信行为记录) — an organisation's records, and recording one after a confirmation:
// a record bars the organisation from applying (揭榜) until it runs out, so it is serious and cannot be taken back here.
import { Button, Card, Form, Input, InputNumber, Space, Typography } from "antd";
import { useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

type CreditRecord = Answer<"/v1/credit-records">["items"][number];

interface CreditValues {
  organisationId: string;
  reasonZh: string;
  reason: string;
  recordedOn?: string;
  blockMonths?: number;
}

export default function CreditRecordsPage() {
  const { t, tf, lang } = useWords();
  const [params, setParams] = useSearchParams();
  const org = params.get("organisationId") ?? "";
  const loaded = useLoad(
    async () =>
      org
        ? (
            await body(
              client.GET("/v1/credit-records", { params: { query: { limit: 100, organisationId: org } } }),
            )
          ).items
        : [],
    [org],
  );
  const [form] = Form.useForm<CreditValues>();
  const target = Form.useWatch("organisationId", form) ?? "";
  const months = Form.useWatch("blockMonths", form);
  const required = { required: true, message: t("buRequired") };
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("buCreditRecords")}
      </Typography.Title>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v: { org?: string }) => setParams(v.org?.trim() ? { organisationId: v.org.trim() } : {})}
        initialValues={{ org }}
      >
        <Form.Item name="org" label={t("org")}>
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Button htmlType="submit">{t("filter")}</Button>
      </Form>
      <Show loaded={loaded}>
        {(items) => (
          <DataTable<CreditRecord>
            testid="credit-records"
            size="small"
            rowKey={(r) => r.id}
            dataSource={[...items]}
            pagination={false}
            locale={{ emptyText: org ? t("buNoCreditRecords") : t("buEnterOrg") }}
            columns={[
              { title: t("org"), key: "org", render: (_, r) => r.organisationId },
              {
                title: t("reason"),
                key: "reason",
                render: (_, r) => (lang === "zh" ? (r.reasonZh ?? r.reason) : r.reason),
              },
              { title: t("buRecordedOn"), key: "on", render: (_, r) => day(r.recordedOn) },
              { title: t("buBlockedUntil"), key: "until", render: (_, r) => day(r.blockedUntil) },
              {
                title: t("buSource"),
                key: "src",
                render: (_, r) =>
                  r.source === "bureau" ? t("buParty_bureau") : `${t("buFromRecovery")} ${r.projectId ?? ""}`,
              },
            ]}
          />
        )}
      </Show>
      <Card title={t("buRecordCredit")} style={{ marginTop: 16 }}>
        <ActionForm<CreditValues, unknown>
          form={form}
          testId="credit-form"
          submitLabel={t("buRecordCredit")}
          confirm={tf("buCreditConsequence", {
            org: target || "—",
            months: months ? tf("buMonths", { n: months }) : t("buPolicyMonths"),
          })}
          submit={(v) =>
            body(
              client.POST("/v1/credit-records", {
                body: {
                  organisationId: v.organisationId.trim(),
                  reason: v.reason.trim(),
                  reasonZh: v.reasonZh.trim(),
                  ...(v.recordedOn ? { recordedOn: v.recordedOn } : {}),
                  ...(v.blockMonths ? { blockMonths: v.blockMonths } : {}),
                },
              }),
            )
          }
          done={() => loaded.state === "ready" && loaded.reload()}
          result={() => t("buCreditRecorded")}
        >
          <Form.Item
            name="organisationId"
            label={t("org")}
            rules={[required, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: t("buIdChars") }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="reasonZh" label={t("buReasonZh")} rules={[required]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="reason" label={t("buReasonEn")} rules={[required]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="recordedOn" label={t("buRecordedOn")} extra={t("buRecordedOnHint")}>
              <DateField />
            </Form.Item>
            <Form.Item name="blockMonths" label={t("buBlockMonths")} extra={t("buBlockMonthsHint")}>
              <InputNumber min={1} max={120} precision={0} />
            </Form.Item>
          </Space>
        </ActionForm>
      </Card>
    </section>
  );
}
