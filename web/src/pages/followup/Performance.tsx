// Workbench (on a project's page and at /projects/{id}/performance, the experts' and the bureau's to-do link): a running
// project's performance evaluation (绩效评价, 泰安《实施意见》第24条; 《太原市…行动方案》五（二）) — the bureau opens one
// (period, experts), each named expert scores the task book's indicators, the bureau decides continue, exit or
// replacement (递补, with a link to the new project; the chain after an upheld objection: ReplacementChain.tsx) — and
// the dynamic adjustment of targets signed by the three parties.
import { Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { toFen } from "../bureau/money.ts";
import { ExpertPicker, loadExperts, YuanField } from "../bureau/parts.tsx";
import { followupReaders } from "./Budget.tsx";
import { orNone } from "./parts.ts";
import { ReplacementChain } from "./ReplacementChain.tsx";

type Performance = NonNullable<Answer<"/v1/projects/{projectId}/performance">>;
type Evaluation = Performance["evaluations"][number];

/** The project's lead solver and running state, when the page has the project (experts read only the evaluation). */
export interface PerformanceContext {
  readonly running: boolean;
  readonly leadSolverId?: string | undefined;
  readonly milestones: readonly { index: number; indicators: readonly { name: string; target: string }[] }[];
  /**
   * The project's title (its challenge's, 项目名称 = 榜单名称): a replacement (递补) carries on the same challenge, so the
   * projects it links are shown by it, their ids as secondary text.
   */
  readonly title?: string | undefined;
}

/** A project this one replaced or was replaced by: by the challenge's title when known, the id as secondary text. */
function RelatedProject({ id, title, testId }: { id: string; title?: string | undefined; testId?: string }) {
  return (
    <span>
      <Link to={`/projects/${encodeURIComponent(id)}`} data-testid={testId}>
        {title ?? id}
      </Link>
      {title ? (
        <>
          {" "}
          <span className="muted" data-secondary>
            {id}
          </span>
        </>
      ) : null}
    </span>
  );
}

export function PerformanceCard({
  projectId,
  context,
  changed,
}: {
  projectId: string;
  context: PerformanceContext;
  /** The page's own reload: an exit or replacement changes the project's status and tranches it shows. */
  changed?: (() => void) | undefined;
}) {
  const { t, role } = useWords();
  const user = who();
  const loaded = useLoad(
    () =>
      orNone(body(client.GET("/v1/projects/{projectId}/performance", { params: { path: { projectId } } }))),
    [projectId],
  );
  const bureau = hasRole(user, "bureau");
  const reload = () => {
    if (loaded.state === "ready") loaded.reload();
    changed?.();
  };
  return (
    <Show loaded={loaded}>
      {(perf) => {
        // An exit or a replacement (递补) ended the project, even when the page's project view was read before it.
        const running =
          context.running &&
          !(perf?.evaluations ?? []).some((e) => e.decision && e.decision.decision !== "continue");
        if (!perf && !(bureau && running)) return null;
        const open = perf?.evaluations.some((e) => e.status !== "decided") ?? false;
        const pending = perf?.adjustments.find((a) => a.status === "awaiting-signatures");
        return (
          <Card title={t("pfTitle")} style={{ marginTop: 16 }} data-testid="performance">
            <Typography.Paragraph type="secondary">{t("pfHint")}</Typography.Paragraph>
            {perf ? <ReplacementChain perf={perf} /> : null}
            {(perf?.evaluations ?? []).map((e) => (
              <EvaluationView
                key={e.seq}
                projectId={projectId}
                evaluation={e}
                names={perf?.names ?? {}}
                experts={perf?.expertNames ?? {}}
                title={context.title}
                reload={reload}
              />
            ))}
            {bureau && running && !open ? <OpenForm projectId={projectId} done={reload} /> : null}
            {(perf?.adjustments ?? []).map((a) => (
              <Descriptions
                key={a.seq}
                size="small"
                column={1}
                bordered
                style={{ marginTop: 12 }}
                title={`${t("pfAdjustment")} ${a.seq}`}
                data-testid={`adjustment-${a.seq}`}
              >
                <Descriptions.Item label={t("status")}>
                  <Tag data-testid={`adjustment-${a.seq}-status`}>
                    {a.status === "signed"
                      ? t("pfSigned")
                      : a.status === "void"
                        ? t("pfVoid")
                        : t("pfAwaitingSignatures")}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t("reason")}>{a.reason}</Descriptions.Item>
                {a.changes.map((c) => (
                  <Descriptions.Item
                    key={`${c.milestone}-${c.indicator}`}
                    label={`${t("pfMilestone")} ${c.milestone} · ${c.indicator}`}
                  >
                    {c.from} → {c.to}
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label={t("pfSignedBy")}>
                  {a.signatures.map((s) => role(s.party)).join("、") || "—"}
                </Descriptions.Item>
              </Descriptions>
            ))}
            {pending &&
            running &&
            isSignatory(user, context) &&
            !pending.signatures.some((s) => s.party === partyOf(user)) ? (
              <ActionForm<object, unknown>
                testId="adjustment-sign"
                submitLabel={t("pfSign")}
                once
                submit={() =>
                  body(
                    client.POST("/v1/projects/{projectId}/adjustments/{seq}/signatures", {
                      params: { path: { projectId, seq: pending.seq } },
                    }),
                  )
                }
                done={reload}
                result={() => t("pfDone")}
              >
                {null}
              </ActionForm>
            ) : null}
            {bureau && running && !pending ? (
              <AdjustForm projectId={projectId} milestones={context.milestones} done={reload} />
            ) : null}
          </Card>
        );
      }}
    </Show>
  );
}

type User = ReturnType<typeof who>;
const partyOf = (user: User) =>
  hasRole(user, "bureau") ? "bureau" : hasRole(user, "enterprise") ? "enterprise" : "solver";
const isSignatory = (user: User, context: PerformanceContext) =>
  hasRole(user, "bureau") ||
  hasRole(user, "enterprise") ||
  (hasRole(user, "solver") && user?.org === context.leadSolverId);

function EvaluationView(props: {
  projectId: string;
  evaluation: Evaluation;
  names: Record<string, string>;
  /** The experts' names by id (the read's expertNames). */
  experts: Readonly<Record<string, string>>;
  /** The project's title (a replacement's too: the same challenge). */
  title?: string | undefined;
  reload: () => void;
}) {
  const { t, tf } = useWords();
  const user = who();
  const e = props.evaluation;
  const scoring = e.status === "scoring" && hasRole(user, "expert") && user !== undefined;
  const mine = e.scores.some((s) => s.expertId === user?.user);
  const replacement = e.decision?.replacement;
  return (
    <div data-testid={`evaluation-${e.seq}`} style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={1} bordered title={`${t("pfEvaluation")} ${e.seq}`}>
        <Descriptions.Item label={t("pfPeriod")}>
          {day(e.periodFrom)} – {day(e.periodTo)}
        </Descriptions.Item>
        <Descriptions.Item label={t("pfExperts")}>
          <span data-testid={`evaluation-${e.seq}-experts`}>
            {e.expertIds.map((id, i) => (
              <span key={id}>
                {i > 0 ? "、" : null}
                {props.experts[id] ?? (
                  <span className="muted" data-secondary>
                    {id}
                  </span>
                )}
              </span>
            ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("status")}>
          <Tag data-testid={`evaluation-${e.seq}-status`}>
            {e.status === "scoring" ? t("pfScoring") : e.status === "scored" ? t("pfScored") : t("pfDecided")}
          </Tag>
        </Descriptions.Item>
        {e.result ? (
          <Descriptions.Item label={t("pfMean")}>
            <span data-testid={`evaluation-${e.seq}-mean`}>
              {e.result.meanScore} · {e.result.passed ? t("pfPassed") : t("pfFailed")}
            </span>
          </Descriptions.Item>
        ) : null}
        {e.decision ? (
          <Descriptions.Item label={t("pfDecide")}>
            <span data-testid={`evaluation-${e.seq}-decision`}>
              {e.decision.decision === "continue"
                ? t("pfContinue")
                : e.decision.decision === "exit"
                  ? t("pfExit")
                  : t("pfReplace")}
              ：{e.decision.reason}
            </span>
          </Descriptions.Item>
        ) : null}
        {e.decision?.settlement ? (
          <Descriptions.Item label={t("pfSettlement")}>
            <span data-testid={`evaluation-${e.seq}-settlement`}>
              {tf("pfSettlementText", {
                paid: yuan(e.decision.settlement.paidFen),
                spent: yuan(e.decision.verifiedSpendingFen ?? 0),
                recover: yuan(e.decision.settlement.recoverFen),
                cancelled: yuan(e.decision.settlement.cancelledFen),
              })}
            </span>
          </Descriptions.Item>
        ) : null}
        {replacement ? (
          <Descriptions.Item label={t("pfReplacedBy")}>
            <Space>
              <RelatedProject id={replacement.projectId} title={props.title} testId="replacement-link" />
              {props.names[replacement.projectId] ? <> （{props.names[replacement.projectId]}）</> : null}
              <span>
                {t("pfNewGrant")} <span className="money">{yuan(replacement.grantFen)}</span>
              </span>
            </Space>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {scoring && !mine ? <ScoreForm {...props} /> : null}
      {hasRole(user, "bureau") && e.status === "scored" && e.result ? <DecisionForm {...props} /> : null}
    </div>
  );
}

function ScoreForm({
  projectId,
  evaluation,
  reload,
}: {
  projectId: string;
  evaluation: Evaluation;
  reload: () => void;
}) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  return (
    <ActionForm<{ scores?: (number | null)[]; comment?: string }, unknown>
      testId="performance-score"
      submitLabel={t("pfScore")}
      once
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/performance-evaluations/{seq}/scores", {
            params: { path: { projectId, seq: evaluation.seq } },
            body: {
              scores: evaluation.indicators.map((i, k) => ({
                milestone: i.milestone,
                indicator: i.name,
                score: v.scores?.[k] ?? 0,
              })),
              comment: (v.comment ?? "").trim(),
            },
          }),
        )
      }
      done={reload}
      result={() => t("pfDone")}
    >
      {evaluation.indicators.map((i, k) => (
        <Form.Item
          key={`${i.milestone}-${i.name}`}
          name={["scores", k]}
          label={`${t("pfMilestone")} ${i.milestone} · ${i.name}（${i.target}）${t("pfScoreOf")}`}
          rules={[required]}
        >
          <InputNumber min={0} max={100} precision={0} data-testid={`score-${k}`} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t("buComment")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionForm>
  );
}

interface DecisionValues {
  decision?: "continue" | "exit" | "replace";
  reason?: string;
  spent?: string;
}

function DecisionForm({
  projectId,
  evaluation,
  reload,
}: {
  projectId: string;
  evaluation: Evaluation;
  reload: () => void;
}) {
  const { t } = useWords();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch("decision", form);
  const required = { required: true, message: t("buRequired") };
  const passed = evaluation.result?.passed ?? false;
  return (
    <ActionForm<DecisionValues, unknown>
      form={form}
      testId="performance-decision"
      submitLabel={t("pfDecide")}
      once
      danger={decision === "exit" || decision === "replace"}
      {...(decision === "exit" || decision === "replace" ? { confirm: t("pfConfirmEnd") } : {})}
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/performance-evaluations/{seq}/decision", {
            params: { path: { projectId, seq: evaluation.seq } },
            body: {
              decision: v.decision ?? "continue",
              reason: (v.reason ?? "").trim(),
              ...(v.decision !== "continue" ? { verifiedSpendingFen: toFen(v.spent) ?? 0 } : {}),
            },
          }),
        )
      }
      done={reload}
      result={() => t("pfDone")}
    >
      <Form.Item name="decision" label={t("buDecision")} rules={[required]}>
        <Radio.Group
          data-testid="performance-decision-kind"
          options={[
            { value: "continue", label: t("pfContinue") },
            ...(passed
              ? []
              : [
                  { value: "exit", label: t("pfExit") },
                  { value: "replace", label: t("pfReplace") },
                ]),
          ]}
        />
      </Form.Item>
      {decision === "exit" || decision === "replace" ? (
        <YuanField name="spent" label={t("pfVerifiedSpending")} required testId="performance-spent" />
      ) : null}
      <Form.Item name="reason" label={t("reason")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionForm>
  );
}

function OpenForm({ projectId, done }: { projectId: string; done: () => void }) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  const experts = useLoad(loadExperts, []);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("pfOpenTitle")}
      </Typography.Title>
      <ActionForm<{ periodFrom?: string; periodTo?: string; expertIds?: string[] }, unknown>
        testId="performance-open"
        submitLabel={t("pfOpen")}
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/performance-evaluations", {
              params: { path: { projectId } },
              body: {
                periodFrom: v.periodFrom ?? "",
                periodTo: v.periodTo ?? "",
                expertIds: v.expertIds ?? [],
              },
            }),
          )
        }
        done={done}
        result={() => t("pfDone")}
      >
        <Form.Item name="periodFrom" label={t("pfFrom")} rules={[required]}>
          <DateField data-testid="performance-from" />
        </Form.Item>
        <Form.Item name="periodTo" label={t("pfTo")} rules={[required]}>
          <DateField data-testid="performance-to" />
        </Form.Item>
        <Form.Item name="expertIds" label={t("pfExperts")} extra={t("pfExpertsHint")} rules={[required]}>
          <ExpertPicker
            experts={experts.state === "ready" ? experts.data : []}
            testId="performance-experts"
          />
        </Form.Item>
      </ActionForm>
    </>
  );
}

function AdjustForm(props: {
  projectId: string;
  milestones: PerformanceContext["milestones"];
  done: () => void;
}) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  const options = props.milestones.flatMap((m) =>
    m.indicators.map((i) => ({
      value: `${m.index}#${i.name}`,
      label: `${t("pfMilestone")} ${m.index} · ${i.name}（${i.target}）`,
    })),
  );
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("pfAdjustTitle")}
      </Typography.Title>
      <ActionForm<{ which?: string; target?: string; reason?: string }, unknown>
        testId="adjustment-propose"
        submitLabel={t("pfPropose")}
        submit={(v) => {
          const [milestone = "0", indicator = ""] = (v.which ?? "").split("#");
          return body(
            client.POST("/v1/projects/{projectId}/adjustments", {
              params: { path: { projectId: props.projectId } },
              body: {
                reason: (v.reason ?? "").trim(),
                changes: [{ milestone: Number(milestone), indicator, target: (v.target ?? "").trim() }],
              },
            }),
          );
        }}
        done={props.done}
        result={() => t("pfDone")}
      >
        <Form.Item name="which" label={t("pfIndicator")} rules={[required]}>
          <Select aria-label={t("pfIndicator")} options={options} data-testid="adjustment-indicator" />
        </Form.Item>
        <Form.Item name="target" label={t("pfNewTarget")} rules={[required]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="reason" label={t("reason")} rules={[required]}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </ActionForm>
    </>
  );
}

/** On the project's page: for the parties and staff (never an expert: only a named one may read it). */
export function PerformanceAction({ projectId, view, reload }: ProjectActionProps) {
  const user = who();
  // A replacement (递补) has its record before its task book: the chain shows without a track.
  if (!hasRole(user, ...followupReaders)) return null;
  return (
    <PerformanceCard
      projectId={projectId}
      changed={reload}
      context={{
        running: view.track?.status === "in-progress",
        leadSolverId: view.project.solverLead.organisationId,
        milestones: view.track?.taskBook?.milestones ?? [],
        // (The title stands in by the id for a project whose challenge is not there: then none.)
        title: view.names.title !== projectId ? view.names.title : undefined,
      }}
    />
  );
}
