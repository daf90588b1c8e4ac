// Workbench: the application form (揭榜申请) — consortium members, the team with birth dates (ages shown) and roles, the
// technical plan, budget items in yuan, the public money asked, the period and milestones with indicators. The fields
// check what the server's schema checks (functions/applications/model.ts: lengths, ids, at least one lead, a chief
// engineer in the team, no duplicates, the request within the R&D investment, milestones in order within the period)
// and the challenge's cap and period; what only the server knows (the policy's young-researcher share, credit records)
// comes back as the server's field errors, shown next to the field they name.
import { Button, Card, Form, type FormInstance, Input, InputNumber, Space, Typography } from "antd";
import { yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { cardTitle, type PublicChallenge } from "../portal/challenges.tsx";
import { type ApplicationFields, budgetTotal } from "./application-content.ts";
import { yuanToFen } from "./money.ts";
import { ListErrors, PartyFields } from "./team-fields.tsx";

export * from "./application-content.ts";

/** The form's fields; `form` is the ActionForm's instance (for the lists that depend on each other). */
export function ApplicationFormFields({
  form,
  leadOrg,
  challenge,
  today,
}: {
  form: FormInstance<ApplicationFields>;
  leadOrg: string;
  challenge: PublicChallenge;
  /** The date ages are shown on (yyyy-MM-dd). */
  today: string;
}) {
  const { t, tf } = useWords();
  const budget = Form.useWatch("budget", form);
  const required = (message: string) => ({ required: true, whitespace: true, message });
  const max = (n: number) => ({ max: n, message: tf("svMaxChars", { n }) });
  const yuanRule = (positive: boolean) => ({
    validator: (_: unknown, value: string) => {
      const fen = yuanToFen(value);
      if (fen === undefined) return Promise.reject(new Error(t("svNotYuan")));
      if (positive && fen === 0) return Promise.reject(new Error(t("svMoreThanZero")));
      return Promise.resolve();
    },
  });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <PartyFields form={form} leadOrg={leadOrg} today={today} />

      <Card size="small" title={<h2 style={cardTitle}>{t("svTechnicalPlan")}</h2>}>
        <Form.Item
          name="technicalPlan"
          label={t("svTechnicalPlan")}
          rules={[required(t("svRequired")), max(100_000)]}
        >
          <Input.TextArea rows={4} data-testid="technical-plan" />
        </Form.Item>
      </Card>

      <Card size="small" title={<h2 style={cardTitle}>{t("svBudget")}</h2>}>
        <Form.List
          name="budget"
          rules={[
            {
              validator: async (_, value: unknown[] | undefined) => {
                if (!value || value.length === 0) throw new Error(t("svBudgetRequired"));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Space
                  key={field.key}
                  align="start"
                  wrap
                  style={{ display: "flex" }}
                  data-testid="budget-row"
                >
                  <Form.Item
                    name={[field.name, "item"]}
                    label={t("svBudgetItem")}
                    rules={[required(t("svRequired")), max(200)]}
                  >
                    <Input data-testid={`budget-${i}-item`} style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "amountFen"]}
                    label={t("svAmountYuan")}
                    rules={[{ required: true, message: t("svRequired") }, yuanRule(false)]}
                  >
                    <Input
                      data-testid={`budget-${i}-amount`}
                      inputMode="decimal"
                      style={{ width: 200, textAlign: "right" }}
                    />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 30 }}
                      aria-label={tf("svRemoveBudget", { n: i + 1 })}
                    >
                      {t("svRemove")}
                    </Button>
                  ) : null}
                </Space>
              ))}
              <ListErrors errors={errors} />
              <Button onClick={() => add({ item: "", amountFen: "" })} data-testid="add-budget">
                {t("svAddBudget")}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Paragraph style={{ marginTop: 12 }}>
          {t("svRdInvestment")}：
          <span className="money" data-testid="rd-total">
            {yuan(budgetTotal(budget))}
          </span>
        </Typography.Paragraph>
        <Form.Item
          name="requestedFen"
          label={tf("svRequested", { cap: yuan(challenge.fundingCapFen) })}
          dependencies={[["budget"]]}
          rules={[
            { required: true, message: t("svRequired") },
            yuanRule(true),
            {
              validator: async (_, value: string) => {
                const fen = yuanToFen(value);
                if (fen === undefined) return;
                if (fen > challenge.fundingCapFen) throw new Error(t("svAboveCap"));
                if (fen > budgetTotal(form.getFieldValue("budget"))) throw new Error(t("svAboveInvestment"));
              },
            },
          ]}
        >
          <Input data-testid="requested" inputMode="decimal" style={{ width: 220, textAlign: "right" }} />
        </Form.Item>
      </Card>

      <Card size="small" title={<h2 style={cardTitle}>{t("svSchedule")}</h2>}>
        <Form.Item
          name="periodMonths"
          label={tf("svPeriodMonths", { n: challenge.periodMonths })}
          rules={[
            { required: true, message: t("svRequired") },
            {
              type: "integer",
              min: 1,
              max: Math.min(120, challenge.periodMonths),
              message: tf("svPeriodRange", { n: Math.min(120, challenge.periodMonths) }),
            },
          ]}
        >
          <InputNumber data-testid="period" min={1} max={120} precision={0} />
        </Form.Item>
        <Form.List
          name="milestones"
          rules={[
            {
              validator: async (_, value: unknown[] | undefined) => {
                if (!value || value.length === 0) throw new Error(t("svMilestoneRequired"));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  data-testid="milestone-row"
                  style={{ marginBottom: 8 }}
                >
                  <Space align="start" wrap style={{ display: "flex" }}>
                    <Form.Item
                      name={[field.name, "name"]}
                      label={tf("svMilestoneName", { n: i + 1 })}
                      rules={[required(t("svRequired")), max(200)]}
                    >
                      <Input data-testid={`milestone-${i}-name`} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, "monthsAfterStart"]}
                      label={t("svMonthsAfterStart")}
                      dependencies={[
                        ["periodMonths"],
                        ...(i > 0 ? [["milestones", i - 1, "monthsAfterStart"]] : []),
                      ]}
                      rules={[
                        { required: true, message: t("svRequired") },
                        { type: "integer", min: 1, max: 120, message: tf("svPeriodRange", { n: 120 }) },
                        {
                          validator: async (_, value: number) => {
                            const all =
                              (form.getFieldValue("milestones") as ApplicationFields["milestones"]) ?? [];
                            const before = i > 0 ? all[i - 1]?.monthsAfterStart : 0;
                            if (typeof value === "number" && typeof before === "number" && value <= before)
                              throw new Error(t("svMilestoneOrder"));
                            const period = form.getFieldValue("periodMonths") as number | undefined;
                            if (typeof value === "number" && typeof period === "number" && value > period)
                              throw new Error(t("svMilestoneAfterPeriod"));
                          },
                        },
                      ]}
                    >
                      <InputNumber data-testid={`milestone-${i}-month`} min={1} max={120} precision={0} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                        aria-label={tf("svRemoveMilestone", { n: i + 1 })}
                      >
                        {t("svRemove")}
                      </Button>
                    ) : null}
                  </Space>
                  <Indicators milestone={field.name} index={i} />
                </Card>
              ))}
              <ListErrors errors={errors} />
              <Button
                onClick={() =>
                  add({ name: "", monthsAfterStart: undefined, indicators: [{ name: "", target: "" }] })
                }
                data-testid="add-milestone"
              >
                {t("svAddMilestone")}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </Space>
  );
}

/** A milestone's indicators (考核指标): name, target, unit. */
function Indicators({ milestone, index }: { milestone: number; index: number }) {
  const { t, tf } = useWords();
  const required = { required: true, whitespace: true, message: t("svRequired") };
  return (
    <Form.List
      name={[milestone, "indicators"]}
      rules={[
        {
          validator: async (_, value: unknown[] | undefined) => {
            if (!value || value.length === 0) throw new Error(t("svIndicatorRequired"));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, j) => (
            <Space key={field.key} align="start" wrap style={{ display: "flex" }}>
              <Form.Item
                name={[field.name, "name"]}
                label={t("svIndicator")}
                rules={[required, { max: 200 }]}
              >
                <Input data-testid={`milestone-${index}-indicator-${j}-name`} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[field.name, "target"]} label={t("svTarget")} rules={[required, { max: 200 }]}>
                <Input data-testid={`milestone-${index}-indicator-${j}-target`} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[field.name, "unit"]} label={t("svUnit")} rules={[{ max: 32 }]}>
                <Input data-testid={`milestone-${index}-indicator-${j}-unit`} style={{ width: 80 }} />
              </Form.Item>
              {fields.length > 1 ? (
                <Button
                  onClick={() => remove(field.name)}
                  style={{ marginTop: 30 }}
                  aria-label={tf("svRemoveIndicator", { n: j + 1 })}
                >
                  {t("svRemove")}
                </Button>
              ) : null}
            </Space>
          ))}
          <ListErrors errors={errors} />
          <Button size="small" onClick={() => add({ name: "", target: "" })}>
            {t("svAddIndicator")}
          </Button>
        </>
      )}
    </Form.List>
  );
}
