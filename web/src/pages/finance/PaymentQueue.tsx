// Workbench: finance's payment queue (拨付队列) — the tranches eligible for payment, filtered by programme, payee and
// the date they became eligible (the filters live in the URL, so a reload or a shared link keeps them).

import { Button, DatePicker, Empty, Form, Input, Space, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useSearchParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { at, type Json, list, num, optStr, str } from "../../api/read.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadProgrammes, moneyColumn, ProgrammeSelect, ProjectLink, useProgrammeName } from "../common.tsx";

export default function PaymentQueuePage() {
  const { t, tf, condition } = useWords();
  const name = useProgrammeName();
  const [params, setParams] = useSearchParams();
  const filter = {
    programmeId: params.get("programmeId") ?? "",
    enterprise: params.get("enterprise") ?? "",
    dueSince: params.get("dueSince") ?? "",
  };
  const [form] = Form.useForm<{ programmeId: string; enterprise: string; dueSince: dayjs.Dayjs | null }>();
  const watchedProgramme = Form.useWatch("programmeId", form);
  const loaded = useLoad(async () => {
    const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
    const [programmes, queue] = await Promise.all([
      loadProgrammes(),
      body(client.GET("/v1/payments/queue", { params: { query } })),
    ]);
    return { programmes, items: list(queue, "items") };
  }, [filter.programmeId, filter.enterprise, filter.dueSince]);

  const apply = (v: { programmeId?: string; enterprise?: string; dueSince?: dayjs.Dayjs | null }) => {
    const next = new URLSearchParams();
    if (v.programmeId) next.set("programmeId", v.programmeId);
    if (v.enterprise) next.set("enterprise", v.enterprise.trim());
    if (v.dueSince) next.set("dueSince", v.dueSince.format("YYYY-MM-DD"));
    setParams(next);
  };

  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("paymentQueue")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ programmes, items }) => {
          const names = new Map(programmes.map((p) => [str(p, "id"), name(p)]));
          const total = items.reduce<number>((s, i) => s + num(i, "amountFen"), 0);
          return (
            <>
              <Form
                form={form}
                layout="inline"
                data-testid="queue-filters"
                initialValues={{
                  programmeId: filter.programmeId,
                  enterprise: filter.enterprise,
                  dueSince: filter.dueSince ? dayjs(filter.dueSince) : null,
                }}
                onFinish={apply}
                style={{ marginBottom: 16, rowGap: 8 }}
              >
                <Form.Item label={t("programme")} name="programmeId">
                  <ProgrammeSelect
                    programmes={programmes}
                    value={watchedProgramme ?? filter.programmeId}
                    allowAll
                    onChange={(id) => form.setFieldValue("programmeId", id)}
                  />
                </Form.Item>
                <Form.Item label={t("payee")} name="enterprise">
                  <Input name="enterprise" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item label={t("dueSince")} name="dueSince">
                  <DatePicker name="dueSince" format="YYYY-MM-DD" />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  {t("filter")}
                </Button>
              </Form>
              {items.length === 0 ? (
                <Empty description={<span data-testid="queue-empty">{t("queueEmpty")}</span>} />
              ) : (
                <DataTable<Json>
                  testid="payment-queue"
                  size="small"
                  pagination={false}
                  rowKey={(i) => str(i, "trancheId")}
                  dataSource={items}
                  onRow={(i) =>
                    ({ "data-tranche": str(i, "trancheId") }) as React.HTMLAttributes<HTMLElement>
                  }
                  columns={[
                    {
                      title: t("project"),
                      key: "project",
                      render: (_, i) => <ProjectLink id={str(i, "projectId")} />,
                    },
                    {
                      title: t("programme"),
                      key: "programme",
                      render: (_, i) => names.get(str(i, "programmeId")) ?? str(i, "programmeId"),
                    },
                    {
                      title: t("tranche"),
                      key: "tranche",
                      render: (_, i) => tf("trancheN", { n: num(i, "index") }),
                    },
                    { title: t("payee"), key: "payee", render: (_, i) => str(i, "payeeOrganisationId") },
                    {
                      title: t("condition"),
                      key: "condition",
                      render: (_, i) => (
                        <Space orientation="vertical" size={0}>
                          {condition(str(i, "condition"))}
                          {optStr(at(i, "evidence"), "by") ? (
                            <span className="muted">
                              {t("confirmedBy")} {str(at(i, "evidence"), "by")}
                            </span>
                          ) : null}
                          {optStr(at(i, "lastRejection"), "reason") ? (
                            <span className="bad">
                              {t("lastRejection")}: {str(at(i, "lastRejection"), "reason")}
                            </span>
                          ) : null}
                        </Space>
                      ),
                    },
                    {
                      title: t("eligibleAt"),
                      key: "at",
                      render: (_, i) => when(optStr(at(i, "evidence"), "at")),
                    },
                    moneyColumn<Json>(t("amount"), (i) => num(i, "amountFen"), "amount"),
                  ]}
                  summary={() => (
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0} colSpan={6}>
                        {t("total")} ({items.length})
                      </Table.Summary.Cell>
                      <Table.Summary.Cell index={1} className="money">
                        <span data-testid="queue-total">{yuan(total)}</span>
                      </Table.Summary.Cell>
                    </Table.Summary.Row>
                  )}
                />
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
