// Workbench (bureau): 就高不重复 (《太原市…行动方案》六（一）) — each application's overlap check with the other supported items of
// the same organisations (by unified social credit code), the bureau's decision on each, running a check, and the
// grants of other policies the bureau declares so that checks see them.
import { Button, Card, Cascader, Form, Input, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, yuan } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { everyPage, loadProgrammes, useProgrammeName } from "../common.tsx";
import { isYuan, toFen } from "./money.ts";

type Check = Answer<"/v1/overlap/checks">["items"][number];
type Finding = Check["findings"][number];
type Grant = Answer<"/v1/overlap/external-grants">["items"][number];

interface DecisionValues {
  outcome: "distinct" | "fund-higher";
  lower?: "subject" | "other";
  action?: "withdraw" | "reduce";
  reducedTo?: string;
  reason: string;
}

function DecisionForm({ check, finding, done }: { check: Check; finding: Finding; done: () => void }) {
  const { t } = useWords();
  const [form] = Form.useForm<DecisionValues>();
  const outcome = Form.useWatch("outcome", form);
  const action = Form.useWatch("action", form);
  const required = { required: true, message: t("buRequired") };
  return (
    <ActionForm<DecisionValues, unknown>
      form={form}
      testId={`overlap-decide-${finding.key}`}
      submitLabel={t("ovDecide")}
      confirm={t("ovDecideConfirm")}
      initialValues={{ outcome: "fund-higher", lower: "subject", action: "reduce" }}
      submit={(v) =>
        body(
          client.POST("/v1/applications/{applicationId}/overlap-check/decisions", {
            params: { path: { applicationId: check.applicationId } },
            body: {
              key: finding.key,
              outcome: v.outcome,
              reason: v.reason.trim(),
              ...(v.outcome === "fund-higher" ? { lower: v.lower, action: v.action } : {}),
              ...(v.outcome === "fund-higher" && v.action === "reduce"
                ? { reducedToFen: toFen(v.reducedTo) ?? 0 }
                : {}),
            },
          }),
        )
      }
      done={done}
    >
      <Space wrap size="large">
        <Form.Item name="outcome" label={t("ovDecision")} rules={[required]}>
          <Select
            style={{ width: 220 }}
            options={(["fund-higher", "distinct"] as const).map((o) => ({
              value: o,
              label: t(`ovOutcome_${o}` as WordKey),
            }))}
          />
        </Form.Item>
        {outcome === "fund-higher" && (
          <>
            <Form.Item name="lower" label={t("ovLower")} rules={[required]}>
              <Select
                style={{ width: 160 }}
                options={(["subject", "other"] as const).map((o) => ({
                  value: o,
                  label: t(`ovLower_${o}` as WordKey),
                }))}
              />
            </Form.Item>
            <Form.Item name="action" label={t("ovAction")} rules={[required]}>
              <Select
                style={{ width: 140 }}
                data-testid="overlap-action"
                options={(["reduce", "withdraw"] as const).map((o) => ({
                  value: o,
                  label: t(`ovAction_${o}` as WordKey),
                }))}
              />
            </Form.Item>
            {action === "reduce" && (
              <Form.Item
                name="reducedTo"
                label={t("ovReducedTo")}
                rules={[
                  required,
                  { validator: (_, v) => (isYuan(v) ? Promise.resolve() : Promise.reject(t("buNotYuan"))) },
                ]}
              >
                <Input style={{ width: 180 }} />
              </Form.Item>
            )}
          </>
        )}
      </Space>
      <Form.Item name="reason" label={t("ovReason")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </ActionForm>
  );
}

function Findings({ check, done }: { check: Check; done: () => void }) {
  const { t, lang } = useWords();
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {check.findings.map((f) => (
        <Card key={f.key} size="small" data-testid="overlap-finding">
          <Space wrap>
            <Tag>{t(`ovSource_${f.source}` as WordKey)}</Tag>
            <Typography.Text strong>{f.title}</Typography.Text>
            <span>
              {t("ovScore")} {f.similarity.score.toFixed(3)}
            </span>
            <span>
              {t("ovAmount")} {yuan(f.amountFen)}
            </span>
            {f.period && (
              <span>
                {day(f.period.startDate)} – {day(f.period.endDate)}
              </span>
            )}
            <span>{f.sharedCodes.join("、")}</span>
          </Space>
          {f.decision ? (
            <Typography.Paragraph data-testid="overlap-decision" style={{ marginTop: 8, marginBottom: 0 }}>
              {t(`ovOutcome_${f.decision.outcome}` as WordKey)} —{" "}
              {lang === "zh" ? f.decision.effectZh : f.decision.effect}（{f.decision.reason}）
            </Typography.Paragraph>
          ) : (
            <DecisionForm check={check} finding={f} done={done} />
          )}
        </Card>
      ))}
    </Space>
  );
}

interface Pick {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: Pick[];
}

/**
 * The application to check, picked by name: 批次 → 榜单 → 揭榜申请 (its lead organisation and status), each level loaded
 * when opened — nobody types an application id.
 */
function ApplicationPicker({ onChange }: { onChange: (applicationId: string | undefined) => void }) {
  const { t } = useWords();
  const programmeName = useProgrammeName();
  const [options, setOptions] = useState<Pick[]>([]);
  const loaded = useLoad(async () => {
    const programmes = await loadProgrammes();
    setOptions(programmes.map((p) => ({ value: p.id, label: programmeName(p), isLeaf: false })));
    return programmes.length;
  }, []);
  const loadData = async (path: Pick[]) => {
    const target = path[path.length - 1];
    if (!target) return;
    const children: Pick[] =
      path.length === 1
        ? (
            await everyPage((cursor) =>
              body(
                client.GET("/v1/challenges", {
                  params: { query: { programmeId: target.value, limit: 100, ...(cursor ? { cursor } : {}) } },
                }),
              ),
            )
          ).map((c) => ({ value: c.id, label: c.title, isLeaf: false }))
        : (
            await everyPage((cursor) =>
              body(
                client.GET("/v1/challenges/{challengeId}/applications", {
                  params: {
                    path: { challengeId: target.value },
                    query: { limit: 100, ...(cursor ? { cursor } : {}) },
                  },
                }),
              ),
            )
          )
            .filter((a) => a.status !== "draft")
            .map((a) => ({
              value: a.id,
              label: `${a.organisationNames?.[a.leadOrganisationId] ?? a.leadOrganisationId} · ${t(`ovAppStatus_${a.status}` as WordKey)}`,
              isLeaf: true,
            }));
    target.children = children.length > 0 ? children : [{ value: "", label: t("ovNothing"), isLeaf: true }];
    setOptions((now) => [...now]);
  };
  return (
    <Cascader<Pick>
      aria-label={t("ovApplication")}
      data-testid="overlap-application"
      loading={loaded.state === "loading"}
      options={options}
      loadData={loadData}
      changeOnSelect={false}
      placeholder={t("ovPickApplication")}
      onChange={(path) => onChange(path && path.length === 3 && path[2] ? String(path[2]) : undefined)}
      style={{ width: 520 }}
    />
  );
}

function RunCheck({ done }: { done: () => void }) {
  const { t } = useWords();
  const [id, setId] = useState<string | undefined>();
  const { run, running, error } = useAction();
  return (
    <Card title={t("ovRun")} style={{ marginBottom: 16 }}>
      <Space wrap>
        <ApplicationPicker onChange={setId} />
        <Button
          loading={running}
          disabled={!id}
          data-testid="overlap-run"
          onClick={async () => {
            if (!id) return;
            const outcome = await run(() =>
              body(
                client.POST("/v1/applications/{applicationId}/overlap-check", {
                  params: { path: { applicationId: id } },
                  body: { stage: "award" },
                }),
              ),
            );
            if (outcome.ok) done();
          }}
        >
          {t("ovRunButton")}
        </Button>
      </Space>
      <ActionError error={error} />
    </Card>
  );
}

interface GrantValues {
  uscc: string;
  organisationName: string;
  title: string;
  keywords?: string;
  amount: string;
  policy: string;
  startDate: string;
  endDate: string;
}

function ExternalGrants() {
  const { t } = useWords();
  const loaded = useLoad(async () => (await body(client.GET("/v1/overlap/external-grants"))).items, []);
  const required = { required: true, message: t("buRequired") };
  return (
    <Card title={t("ovExternal")} style={{ marginTop: 16 }}>
      <Show loaded={loaded}>
        {(items) => (
          <DataTable<Grant>
            testid="external-grants"
            size="small"
            rowKey={(g) => g.id}
            dataSource={[...items]}
            pagination={false}
            locale={{ emptyText: t("ovNoExternal") }}
            columns={[
              { title: t("ovCodes"), key: "uscc", render: (_, g) => g.uscc },
              { title: t("ovOrgName"), key: "org", render: (_, g) => g.organisationName },
              { title: t("ovProjectTitle"), key: "title", render: (_, g) => g.title },
              { title: t("ovPolicyName"), key: "policy", render: (_, g) => g.policy },
              { title: t("ovAmount"), key: "amount", render: (_, g) => yuan(g.amountFen) },
              {
                title: t("ovStart"),
                key: "period",
                render: (_, g) => `${day(g.startDate)} – ${day(g.endDate)}`,
              },
            ]}
          />
        )}
      </Show>
      <ActionForm<GrantValues, unknown>
        testId="external-grant-form"
        submitLabel={t("ovDeclare")}
        submit={(v) =>
          body(
            client.POST("/v1/overlap/external-grants", {
              body: {
                uscc: v.uscc.trim(),
                organisationName: v.organisationName.trim(),
                title: v.title.trim(),
                keywords: (v.keywords ?? "")
                  .split(/[、,，;；]/)
                  .map((k) => k.trim())
                  .filter(Boolean),
                amountFen: toFen(v.amount) ?? 0,
                policy: v.policy.trim(),
                startDate: v.startDate,
                endDate: v.endDate,
              },
            }),
          )
        }
        done={() => loaded.state === "ready" && loaded.reload()}
      >
        <Space wrap size="large">
          <Form.Item name="uscc" label={t("ovCodes")} rules={[required]}>
            <Input maxLength={40} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="organisationName" label={t("ovOrgName")} rules={[required]}>
            <Input maxLength={200} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="policy" label={t("ovPolicyName")} rules={[required]}>
            <Input maxLength={300} style={{ width: 240 }} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t("ovProjectTitle")} rules={[required]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="keywords" label={t("ovKeywords")}>
          <Input maxLength={1000} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            name="amount"
            label={t("ovAmount")}
            rules={[
              required,
              { validator: (_, v) => (isYuan(v) ? Promise.resolve() : Promise.reject(t("buNotYuan"))) },
            ]}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="startDate" label={t("ovStart")} rules={[required]}>
            <DateField />
          </Form.Item>
          <Form.Item name="endDate" label={t("ovEnd")} rules={[required]}>
            <DateField />
          </Form.Item>
        </Space>
      </ActionForm>
    </Card>
  );
}

export default function OverlapPage() {
  const { t } = useWords();
  const loaded = useLoad(async () => (await body(client.GET("/v1/overlap/checks"))).items, []);
  const reload = () => loaded.state === "ready" && loaded.reload();
  // Every check with findings open, a new one too (the table stays mounted while the list reloads), unless collapsed.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("ovTitle")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("ovPolicy")}</Typography.Paragraph>
      <RunCheck done={reload} />
      <Card title={t("ovChecks")}>
        <Show loaded={loaded}>
          {(items) => (
            <DataTable<Check>
              testid="overlap-checks"
              size="small"
              rowKey={(c) => c.id}
              dataSource={[...items]}
              pagination={false}
              locale={{ emptyText: t("ovNoChecks") }}
              expandable={{
                expandedRowKeys: items
                  .filter((c) => c.findings.length > 0 && !collapsed.has(c.id))
                  .map((c) => c.id),
                onExpand: (open, c) =>
                  setCollapsed((now) => {
                    const next = new Set(now);
                    if (open) next.delete(c.id);
                    else next.add(c.id);
                    return next;
                  }),
                rowExpandable: (c) => c.findings.length > 0,
                expandedRowRender: (c) => <Findings check={c} done={reload} />,
              }}
              columns={[
                {
                  title: t("ovApplication"),
                  key: "app",
                  render: (_, c) => (
                    <>
                      {c.applicantName ?? c.applicationId}
                      {c.applicantName ? (
                        <div className="muted" data-secondary>
                          {c.applicationId}
                        </div>
                      ) : null}
                    </>
                  ),
                },
                { title: t("ovProjectTitle"), key: "title", render: (_, c) => c.title },
                { title: t("ovCodes"), key: "codes", render: (_, c) => c.codes.join("、") },
                { title: t("ovStage"), key: "stage", render: (_, c) => t(`ovStage_${c.stage}` as WordKey) },
                { title: t("ovFindings"), key: "n", render: (_, c) => c.findings.length },
                {
                  title: t("ovCap"),
                  key: "cap",
                  render: (_, c) => (c.grantCapFen === undefined ? "—" : yuan(c.grantCapFen)),
                },
                {
                  title: t("ovStatus"),
                  key: "status",
                  render: (_, c) => (
                    <Tag color={c.status === "open" ? "red" : undefined}>
                      {t(`ovStatus_${c.status}` as WordKey)}
                    </Tag>
                  ),
                },
              ]}
            />
          )}
        </Show>
      </Card>
      <ExternalGrants />
    </section>
  );
}
