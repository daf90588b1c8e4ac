// Workbench (bureau): creating a programme (批次) from a policy preset — the preset's limits shown as it is chosen
// (cap per project, 一事一议, period, horse race, subsidy rate, tranches), the budget typed in yuan and sent in fen.
import { Card, Descriptions, Form, Input, InputNumber, Select, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { toFen } from "./money.ts";
import { YuanField } from "./parts.tsx";

type Preset = Answer<"/v1/policy-presets">["items"][number];

interface ProgrammeValues {
  nameZh: string;
  name: string;
  year: number;
  fields: string[];
  budgetFen: string;
  policyId: string;
}

function PresetLimits({ preset }: { preset: Preset }) {
  const { t, tf, condition } = useWords();
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      data-testid="preset-limits"
      items={[
        { label: t("buCap"), children: <span className="money">{yuan(preset.capFen)}</span> },
        {
          label: t("buCaseByCase"),
          children: preset.allowsCaseByCaseException ? t("buAllowed") : t("buNotAllowed"),
        },
        { label: t("buSubsidyRate"), children: `${(preset.subsidyRateBp / 100).toFixed(2)}%` },
        {
          label: t("buLumpSum"),
          children: <span className="money">{yuan(preset.lumpSumThresholdFen)}</span>,
        },
        { label: t("buMaxPeriod"), children: tf("buMonths", { n: preset.maxPeriodMonths }) },
        { label: t("buHorseRaceLimit"), children: preset.horseRaceLimit },
        {
          label: t("buTranches"),
          span: 2,
          children: preset.tranches
            .map((tr) => {
              const c = tr.condition as { kind: string; milestone?: number; years?: number };
              const token = c.milestone
                ? `${c.kind}:${c.milestone}`
                : c.years
                  ? `${c.kind}:${c.years}`
                  : c.kind;
              return `${(tr.shareBp / 100).toFixed(0)}% ${condition(token)}`;
            })
            .join("；"),
        },
        { label: t("buSource"), children: preset.source, span: 2 },
      ]}
    />
  );
}

export default function NewProgrammePage() {
  const { t, named } = useWords();
  const presets = useLoad(async () => (await body(client.GET("/v1/policy-presets"))).items, []);
  const [form] = Form.useForm<ProgrammeValues>();
  const chosen = Form.useWatch("policyId", form);
  const required = { required: true, message: t("buRequired") };
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("buNewProgramme")}
      </Typography.Title>
      <Show loaded={presets}>
        {(items) => (
          <Card>
            <ActionForm<ProgrammeValues, Answer<"/v1/programmes/{programmeId}">>
              form={form}
              testId="new-programme"
              submitLabel={t("buCreateProgramme")}
              once
              initialValues={{ policyId: items[0]?.id ?? "", fields: [] }}
              submit={(v) =>
                body(
                  client.POST("/v1/programmes", {
                    body: {
                      name: v.name.trim(),
                      nameZh: v.nameZh.trim(),
                      year: v.year,
                      fields: v.fields.map((f) => f.trim()).filter(Boolean),
                      budgetFen: toFen(v.budgetFen) ?? 0,
                      policyId: v.policyId,
                    },
                  }),
                )
              }
              result={(p) => (
                <span>
                  {t("buProgrammeCreated")} <Link to="/programmes">{named(p.name, p.nameZh)}</Link>{" "}
                  <span className="muted">({p.id})</span>
                </span>
              )}
            >
              <Form.Item name="nameZh" label={t("buNameZh")} rules={[required]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="name" label={t("buNameEn")} rules={[required]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="year" label={t("year")} rules={[required]}>
                <InputNumber min={2000} max={2100} precision={0} />
              </Form.Item>
              <Form.Item name="fields" label={t("buFields")} rules={[required]} extra={t("buFieldsHint")}>
                <Select mode="tags" aria-label={t("buFields")} tokenSeparators={["，", ","]} />
              </Form.Item>
              <YuanField name="budgetFen" label={t("budget")} required />
              <Form.Item name="policyId" label={t("policy")} rules={[required]}>
                <Select
                  aria-label={t("policy")}
                  options={items.map((p) => ({ value: p.id, label: `${named(p.name, p.nameZh)} (${p.id})` }))}
                />
              </Form.Item>
              {items.find((p) => p.id === chosen) ? (
                <PresetLimits preset={items.find((p) => p.id === chosen)!} />
              ) : null}
              <div style={{ height: 16 }} />
            </ActionForm>
          </Card>
        )}
      </Show>
    </section>
  );
}
