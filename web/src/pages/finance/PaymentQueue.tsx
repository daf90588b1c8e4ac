// Workbench: finance's payment queue (拨付队列) — the tranches eligible for payment, filtered by programme, payee and
// the date they became eligible (the filters live in the URL, so a reload or a shared link keeps them); finance selects
// tranches and starts a payment run (拨付) after a confirmation that states the total.

import { Button, Empty, Form, Input, Space, Table, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadProgrammes, moneyColumn, ProgrammeSelect, useProgrammeNames } from "../common.tsx";
import { type FinishedRun, PaymentRun, RunResult } from "./PaymentRun.tsx";

export type QueueItem = Answer<"/v1/payments/queue">["items"][number];

export default function PaymentQueuePage() {
  const { t } = useWords();
  const [params, setParams] = useSearchParams();
  const filter = {
    programmeId: params.get("programmeId") ?? "",
    enterprise: params.get("enterprise") ?? "",
    dueSince: params.get("dueSince") ?? "",
  };
  const [form] = Form.useForm<{ programmeId: string; enterprise: string; dueSince: string }>();
  const watchedProgramme = Form.useWatch("programmeId", form);
  const [selected, setSelected] = useState<string[]>([]);
  const [reloads, setReloads] = useState(0);
  const [lastRun, setLastRun] = useState<FinishedRun | undefined>();
  const loaded = useLoad(async () => {
    const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
    const [programmes, queue] = await Promise.all([
      loadProgrammes(),
      body(client.GET("/v1/payments/queue", { params: { query } })),
    ]);
    return { programmes, items: queue.items };
  }, [filter.programmeId, filter.enterprise, filter.dueSince, reloads]);
  const pays = hasRole(who(), "finance");

  const apply = (v: { programmeId?: string; enterprise?: string; dueSince?: string }) => {
    const next = new URLSearchParams();
    if (v.programmeId) next.set("programmeId", v.programmeId);
    if (v.enterprise) next.set("enterprise", v.enterprise.trim());
    if (v.dueSince) next.set("dueSince", v.dueSince);
    setSelected([]);
    setParams(next);
  };

  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("paymentQueue")}
      </Typography.Title>
      {lastRun ? <RunResult run={lastRun} /> : null}
      <Show loaded={loaded}>
        {({ programmes, items }) => (
          <QueueBody
            programmes={programmes}
            items={items}
            selected={selected.filter((id) => items.some((i) => i.trancheId === id))}
            setSelected={pays ? setSelected : undefined}
            onPaid={(run) => {
              setLastRun(run);
              setSelected([]);
              setReloads((n) => n + 1);
            }}
            filters={
              <Form
                form={form}
                layout="inline"
                data-testid="queue-filters"
                initialValues={{
                  programmeId: filter.programmeId,
                  enterprise: filter.enterprise,
                  dueSince: filter.dueSince,
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
                  <DateField name="dueSince" />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  {t("filter")}
                </Button>
              </Form>
            }
          />
        )}
      </Show>
    </section>
  );
}

function QueueBody(props: {
  programmes: Awaited<ReturnType<typeof loadProgrammes>>;
  items: QueueItem[];
  selected: string[];
  setSelected: ((ids: string[]) => void) | undefined;
  onPaid: (run: FinishedRun) => void;
  filters: React.ReactNode;
}) {
  const { t, tf, condition } = useWords();
  const programmeName = useProgrammeNames(props.programmes);
  const { items } = props;
  const total = items.reduce((s, i) => s + i.amountFen, 0);
  const chosen = items.filter((i) => props.selected.includes(i.trancheId));
  return (
    <>
      {props.filters}
      {items.length === 0 ? (
        <Empty description={<span data-testid="queue-empty">{t("queueEmpty")}</span>} />
      ) : (
        <Space orientation="vertical" style={{ width: "100%" }}>
          <DataTable<QueueItem>
            testid="payment-queue"
            size="small"
            pagination={false}
            rowKey={(i) => i.trancheId}
            dataSource={items}
            rowSelection={
              props.setSelected
                ? {
                    selectedRowKeys: props.selected,
                    onChange: (keys) => props.setSelected?.(keys.map(String)),
                    getCheckboxProps: (i) => ({
                      "aria-label": `${t("selectTranche")} ${i.projectTitle ?? i.projectId} ${tf("trancheN", { n: i.index })}`,
                    }),
                  }
                : undefined
            }
            onRow={(i) => ({ "data-tranche": i.trancheId }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t("project"),
                key: "project",
                render: (_, i) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/projects/${encodeURIComponent(i.projectId)}`}>
                      {i.projectTitle ?? i.projectId}
                    </Link>
                    {i.projectTitle ? <span className="muted">{i.projectId}</span> : null}
                  </Space>
                ),
              },
              {
                title: t("programme"),
                key: "programme",
                render: (_, i) => programmeName(i.programmeId),
              },
              {
                title: t("tranche"),
                key: "tranche",
                render: (_, i) => tf("trancheN", { n: i.index }),
              },
              {
                title: t("payee"),
                key: "payee",
                render: (_, i) =>
                  i.payeeName && i.payeeName !== i.payeeOrganisationId ? (
                    <Space orientation="vertical" size={0}>
                      {i.payeeName}
                      <span className="muted">{i.payeeOrganisationId}</span>
                    </Space>
                  ) : (
                    i.payeeOrganisationId
                  ),
              },
              {
                title: t("condition"),
                key: "condition",
                render: (_, i) => (
                  <Space orientation="vertical" size={0}>
                    {condition(i.condition)}
                    {i.evidence?.by ? (
                      <span className="muted" data-testid="queue-confirmed-by">
                        {t("confirmedBy")} <Person id={i.evidence.by} name={i.evidence.byName} />
                      </span>
                    ) : null}
                    {i.lastRejection?.reason ? (
                      <span className="bad">
                        {t("lastRejection")}: {i.lastRejection.reason}
                      </span>
                    ) : null}
                  </Space>
                ),
              },
              {
                title: t("eligibleAt"),
                key: "at",
                render: (_, i) => when(i.evidence?.at),
              },
              moneyColumn<QueueItem>(t("amount"), (i) => i.amountFen, "amount"),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={props.setSelected ? 7 : 6}>
                  {t("total")} ({items.length})
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} className="money">
                  <span data-testid="queue-total">{yuan(total)}</span>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          {props.setSelected ? <PaymentRun chosen={chosen} onPaid={props.onPaid} /> : null}
        </Space>
      )}
    </>
  );
}
