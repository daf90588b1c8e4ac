// Workbench (admin): the working-day calendar (工作日历) — the years the platform counts working days in, each from the
// State Council's official schedule or provisional (festival dates only, until the schedule is entered); entering a
// year's schedule as its holidays and make-up working days (调休上班) with its source.
import { Card, Form, Input, InputNumber, Tag, Typography } from "antd";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

type Year = Answer<"/v1/calendar/years">["items"][number];

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Dates typed one per line (or separated by commas or spaces) as yyyy-MM-dd strings. */
export function datesOf(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\s,，、]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

interface YearValues {
  year: number;
  holidays: string;
  makeUpWorkdays: string;
  source: string;
}

export default function CalendarPage() {
  const { t, tf } = useWords();
  const loaded = useLoad(async () => (await body(client.GET("/v1/calendar/years"))).items, []);
  const [form] = Form.useForm<YearValues>();
  const year = Form.useWatch("year", form);
  const datesRule = (max: number) => ({
    validator: (_: unknown, v: string | undefined) => {
      const dates = datesOf(v);
      const bad = dates.find((d) => !datePattern.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
      if (bad) return Promise.reject(tf("calNotADate", { date: bad }));
      const other = dates.find((d) => year && !d.startsWith(`${year}-`));
      if (other) return Promise.reject(tf("calOtherYear", { date: other, year }));
      if (dates.length > max) return Promise.reject(tf("calTooMany", { n: max }));
      return Promise.resolve();
    },
  });
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("calCalendar")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(items) => (
          <DataTable<Year>
            testid="calendar-years"
            size="small"
            rowKey={(y) => String(y.year)}
            dataSource={[...items]}
            pagination={false}
            columns={[
              { title: t("year"), key: "y", render: (_, y) => y.year },
              {
                title: t("status"),
                key: "s",
                render: (_, y) =>
                  y.provisional ? (
                    <Tag className="bad" data-testid="provisional">
                      {t("calProvisional")}
                    </Tag>
                  ) : (
                    <Tag className="ok">{t("calOfficial")}</Tag>
                  ),
              },
              { title: t("calLoaded"), key: "l", render: (_, y) => (y.loaded ? t("calYes") : t("calNo")) },
              { title: t("calSource"), key: "src", render: (_, y) => y.source },
            ]}
          />
        )}
      </Show>
      <Card title={t("calEnterYear")} style={{ marginTop: 16 }}>
        <Typography.Paragraph className="muted">{t("calEnterYearHint")}</Typography.Paragraph>
        <ActionForm<YearValues, unknown>
          form={form}
          testId="calendar-year"
          submitLabel={t("calSaveYear")}
          confirm={year ? tf("calSaveConfirm", { year }) : undefined}
          danger={false}
          submit={(v) =>
            body(
              client.PUT("/v1/calendar/years/{year}", {
                params: { path: { year: v.year } },
                body: {
                  holidays: datesOf(v.holidays),
                  makeUpWorkdays: datesOf(v.makeUpWorkdays),
                  source: v.source.trim(),
                },
              }),
            )
          }
          done={() => loaded.state === "ready" && loaded.reload()}
        >
          <Form.Item name="year" label={t("year")} rules={[{ required: true, message: t("buRequired") }]}>
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item
            name="holidays"
            label={t("calHolidays")}
            dependencies={["year"]}
            rules={[{ required: true, message: t("buRequired") }, datesRule(60)]}
            extra={t("calDatesHint")}
          >
            <Input.TextArea rows={5} />
          </Form.Item>
          <Form.Item
            name="makeUpWorkdays"
            label={t("calMakeUpDays")}
            dependencies={["year"]}
            rules={[datesRule(20)]}
            extra={t("calDatesHint")}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item
            name="source"
            label={t("calSource")}
            rules={[{ required: true, message: t("buRequired") }]}
            extra={t("calSourceHint")}
          >
            <Input maxLength={500} />
          </Form.Item>
        </ActionForm>
      </Card>
    </section>
  );
}
