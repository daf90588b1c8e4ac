// Workbench (enterprise): one demand (技术需求) — drafted and edited in a form (the elements 《太原市实施“双百攻关行动”工作方案》
// 四（一） asks for: background, content, key technologies with their metrics, time limit, investment, solver
// requirements), its attachments uploaded straight to the evidence store, then submitted to the bureau. A draft may be
// incomplete; submission is where the API checks every element, and says which field lacks what next to that field.
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { type Answer, ApiError, body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { Attachments } from "./Attachments.tsx";
import { loadProgrammeList } from "./Demands.tsx";
import { fenOf, yuanText } from "./upload.ts";
import { demandStatusWord } from "./words.ts";

type Demand = Answer<"/v1/demands/{demandId}">;
type Programme = Awaited<ReturnType<typeof loadProgrammeList>>[number];

interface Values {
  programmeId?: string;
  title: string;
  field?: string;
  background?: string;
  content?: string;
  keyTechnologies?: { name?: string; targetMetrics?: { name?: string; target?: string; unit?: string }[] }[];
  timeLimitMonths?: number;
  /** Yuan as typed; sent as integer fen. Named as the API's field so its errors land here. */
  totalInvestmentFen?: string;
  solverRequirements?: string;
}

const editable = (d: Demand | undefined) => !d || d.status === "draft" || d.status === "returned";
const ifMatch = (d: Demand) => ({ "if-match": `"${d.version}"` });
const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** The form's values as the API's draft: blanks left out (a draft may be incomplete), yuan as fen. */
function draftOf(v: Values) {
  const technologies = (v.keyTechnologies ?? [])
    .filter((k) => trimmed(k?.name))
    .map((k) => ({
      name: trimmed(k.name) as string,
      targetMetrics: (k.targetMetrics ?? [])
        .filter((m) => trimmed(m?.name) && trimmed(m?.target))
        .map((m) => ({
          name: trimmed(m.name) as string,
          target: trimmed(m.target) as string,
          ...(trimmed(m.unit) ? { unit: trimmed(m.unit) as string } : {}),
        })),
    }));
  const fen = fenOf(v.totalInvestmentFen);
  return {
    title: v.title.trim(),
    ...(trimmed(v.field) ? { field: trimmed(v.field) as string } : {}),
    ...(trimmed(v.background) ? { background: trimmed(v.background) as string } : {}),
    ...(trimmed(v.content) ? { content: trimmed(v.content) as string } : {}),
    ...(technologies.length > 0 ? { keyTechnologies: technologies } : {}),
    ...(typeof v.timeLimitMonths === "number" ? { timeLimitMonths: v.timeLimitMonths } : {}),
    ...(fen !== undefined ? { totalInvestmentFen: fen } : {}),
    ...(trimmed(v.solverRequirements) ? { solverRequirements: trimmed(v.solverRequirements) as string } : {}),
  };
}

function valuesOf(d: Demand): Values {
  const c = d.content;
  return {
    programmeId: d.programmeId,
    title: c.title,
    ...(c.field ? { field: c.field } : {}),
    ...(c.background ? { background: c.background } : {}),
    ...(c.content ? { content: c.content } : {}),
    keyTechnologies: c.keyTechnologies ?? [{ name: "", targetMetrics: [{ name: "", target: "" }] }],
    ...(c.timeLimitMonths ? { timeLimitMonths: c.timeLimitMonths } : {}),
    ...(c.totalInvestmentFen !== undefined ? { totalInvestmentFen: yuanText(c.totalInvestmentFen) } : {}),
    ...(c.solverRequirements ? { solverRequirements: c.solverRequirements } : {}),
  };
}

/** Submission names the missing elements as `content.<field>`: put them on the form's field of that name. */
function onFormFields(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  return new ApiError(
    e.status,
    e.code,
    e.messageEn,
    e.messageZh,
    e.fields.map((f) => ({ ...f, path: f.path.replace(/^content\./, "body.") })),
  );
}

function DemandEditor({ start, programmes }: { start: Demand | undefined; programmes: Programme[] }) {
  const { t, named } = useWords();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [demand, setDemand] = useState<Demand | undefined>(start);
  const submission = useAction(form);
  const chosen = Form.useWatch("programmeId", form) ?? demand?.programmeId;
  const programme = programmes.find((p) => p.id === chosen);
  const open = editable(demand);

  const save = async (v: Values): Promise<Demand> => {
    const draft = draftOf(v);
    if (!demand) {
      return body(client.POST("/v1/demands", { body: { ...draft, programmeId: v.programmeId ?? "" } }));
    }
    return body(
      client.PATCH("/v1/demands/{demandId}", {
        params: { path: { demandId: demand.id } },
        body: draft,
        headers: ifMatch(demand),
      }),
    );
  };

  const submit = async () => {
    if (!demand) return;
    // The last refusal's field errors go: this attempt's answer says which (if any) still hold.
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name as never, errors: [] })));
    const outcome = await submission.run(async () => {
      // What is on screen is what goes to the bureau: saved first, then submitted.
      const saved = await save((await form.validateFields()) as Values);
      setDemand(saved);
      try {
        return await body(
          client.POST("/v1/demands/{demandId}/submit", {
            params: { path: { demandId: saved.id } },
            headers: ifMatch(saved),
          }),
        );
      } catch (e) {
        throw onFormFields(e);
      }
    });
    if (outcome.ok) setDemand(outcome.value);
  };

  return (
    <>
      <Typography.Title level={1} className="page-title" data-testid="demand-title">
        {demand ? demand.content.title : t("newDemand")}
      </Typography.Title>
      {demand ? (
        <Typography.Paragraph>
          <Tag className={`status status-${demand.status}`} data-testid="demand-status">
            {t(demandStatusWord(demand.status))}
          </Tag>
          <span className="muted">
            {demand.id} · {t("version")} {demand.version} · {t("updatedAt")} {when(demand.updatedAt)}
          </span>
        </Typography.Paragraph>
      ) : null}
      {demand?.status === "returned" ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("demandReturned")}
          description={demand.decisions.at(-1)?.comment}
        />
      ) : null}
      <Card title={t("demandElements")} style={{ marginBottom: 16 }}>
        <ActionForm<Values, Demand>
          form={form}
          testId="demand-form"
          submitLabel={demand ? t("saveDraft") : t("createDraft")}
          initialValues={
            demand
              ? valuesOf(demand)
              : { keyTechnologies: [{ name: "", targetMetrics: [{ name: "", target: "" }] }] }
          }
          disabled={!open}
          submit={save}
          result={(d) => `${t("draftSaved")} ${t("version")} ${d.version}`}
          done={(d) => {
            // A new draft opens at its own address (the page loads it there, attachments and all).
            if (!demand) navigate(`/demands/${encodeURIComponent(d.id)}`, { replace: true });
            else setDemand(d);
          }}
        >
          {demand ? (
            <Form.Item label={t("programme")}>
              <span>{programme ? named(programme.name, programme.nameZh) : demand.programmeId}</span>
            </Form.Item>
          ) : (
            <Form.Item
              label={t("programme")}
              name="programmeId"
              rules={[{ required: true, message: t("chooseProgramme") }]}
            >
              <Select
                data-testid="demand-programme"
                aria-label={t("programme")}
                placeholder={t("choose")}
                options={programmes
                  .filter((p) => p.status === "open")
                  .map((p) => ({ value: p.id, label: `${named(p.name, p.nameZh)} (${p.year})` }))}
              />
            </Form.Item>
          )}
          <Form.Item
            label={t("demandTitle")}
            name="title"
            rules={[{ required: true, whitespace: true, message: t("required") }, { max: 200 }]}
          >
            <Input name="title" maxLength={200} />
          </Form.Item>
          <Form.Item label={t("field")} name="field" extra={t("fieldHint")}>
            <Select
              data-testid="demand-field"
              aria-label={t("field")}
              allowClear
              placeholder={t("choose")}
              options={(programme?.fields ?? []).map((f) => ({ value: f, label: f }))}
            />
          </Form.Item>
          <Form.Item label={t("background")} name="background" rules={[{ max: 5000 }]}>
            <Input.TextArea name="background" rows={3} />
          </Form.Item>
          <Form.Item label={t("demandContent")} name="content" rules={[{ max: 10000 }]}>
            <Input.TextArea name="content" rows={4} />
          </Form.Item>
          <Form.Item label={t("keyTechnologies")} required={false}>
            <Form.List name="keyTechnologies">
              {(techs, { add, remove }) => (
                <Space orientation="vertical" style={{ width: "100%" }}>
                  {techs.map((tech) => (
                    <Card size="small" key={tech.key} data-testid={`technology-${tech.name}`}>
                      <Space align="start" wrap>
                        <Form.Item
                          label={t("technologyName")}
                          name={[tech.name, "name"]}
                          style={{ minWidth: 280 }}
                        >
                          <Input name={`technology-${tech.name}`} />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<MinusCircleOutlined />}
                          aria-label={t("removeTechnology")}
                          onClick={() => remove(tech.name)}
                        />
                      </Space>
                      <Form.List name={[tech.name, "targetMetrics"]}>
                        {(metrics, m) => (
                          <>
                            {metrics.map((metric) => (
                              <Space key={metric.key} align="start" wrap>
                                <Form.Item label={t("metricName")} name={[metric.name, "name"]}>
                                  <Input name={`metric-${tech.name}-${metric.name}-name`} />
                                </Form.Item>
                                <Form.Item label={t("metricTarget")} name={[metric.name, "target"]}>
                                  <Input name={`metric-${tech.name}-${metric.name}-target`} />
                                </Form.Item>
                                <Form.Item label={t("metricUnit")} name={[metric.name, "unit"]}>
                                  <Input
                                    name={`metric-${tech.name}-${metric.name}-unit`}
                                    style={{ width: 90 }}
                                  />
                                </Form.Item>
                                <Button
                                  type="text"
                                  icon={<MinusCircleOutlined />}
                                  aria-label={t("removeMetric")}
                                  onClick={() => m.remove(metric.name)}
                                />
                              </Space>
                            ))}
                            <Button icon={<PlusOutlined />} onClick={() => m.add({ name: "", target: "" })}>
                              {t("addMetric")}
                            </Button>
                          </>
                        )}
                      </Form.List>
                    </Card>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: "", targetMetrics: [{ name: "", target: "" }] })}
                  >
                    {t("addTechnology")}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label={t("timeLimitMonths")} name="timeLimitMonths">
              <InputNumber name="timeLimitMonths" min={1} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              label={t("totalInvestmentYuan")}
              name="totalInvestmentFen"
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    !v || fenOf(v) !== undefined
                      ? Promise.resolve()
                      : Promise.reject(new Error(t("yuanFormat"))),
                },
              ]}
            >
              <Input
                name="totalInvestmentFen"
                inputMode="decimal"
                style={{ width: 220, textAlign: "right" }}
              />
            </Form.Item>
          </Space>
          <Form.Item label={t("solverRequirements")} name="solverRequirements" rules={[{ max: 5000 }]}>
            <Input.TextArea name="solverRequirements" rows={3} />
          </Form.Item>
        </ActionForm>
      </Card>
      {demand ? (
        <Attachments demand={demand} editable={open} changed={setDemand} />
      ) : (
        <Alert type="info" showIcon title={t("attachAfterCreate")} />
      )}
      {demand && open ? (
        <Card title={t("submitDemand")} style={{ marginTop: 16 }}>
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Typography.Paragraph>{t("submitDemandHint")}</Typography.Paragraph>
            <ActionError error={submission.error} testId="submit-error" />
            <Button
              type="primary"
              data-testid="demand-submit"
              loading={submission.running}
              disabled={submission.running}
              onClick={() => void submit()}
            >
              {t("submitDemand")}
            </Button>
          </Space>
        </Card>
      ) : null}
      {demand && !open ? (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="demand-submitted"
          style={{ marginTop: 16 }}
          title={`${t(demandStatusWord(demand.status))} · ${when(demand.submittedAt)}`}
          description={
            demand.content.totalInvestmentFen !== undefined
              ? `${t("totalInvestment")} ${yuan(demand.content.totalInvestmentFen)}`
              : undefined
          }
        />
      ) : null}
    </>
  );
}

export default function DemandPage() {
  const { demandId } = useParams();
  const { t } = useWords();
  const loaded = useLoad(async () => {
    const [programmes, demand] = await Promise.all([
      loadProgrammeList(),
      demandId
        ? body(client.GET("/v1/demands/{demandId}", { params: { path: { demandId } } }))
        : Promise.resolve(undefined),
    ]);
    return { programmes, demand };
  }, [demandId]);
  return (
    <section>
      <Typography.Paragraph>
        <Link to="/demands">← {t("myDemands")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ programmes, demand }) => (
          <DemandEditor key={demand?.id ?? "new"} start={demand} programmes={programmes} />
        )}
      </Show>
    </section>
  );
}
