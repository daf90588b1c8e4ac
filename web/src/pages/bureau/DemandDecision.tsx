// Workbench (bureau): a submitted demand and the bureau's decision on it (榜单凝练) — return with reasons, merge into
// another demand, or draft a challenge with the policy's limits next to the amounts; refinement experts assigned from
// the pool and their opinions. The decision goes to the demand-intake workflow; the draft challenge is linked once made.
import {
  Alert,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { Named } from "../common.tsx";
import { toFen } from "./money.ts";
import {
  type Expert,
  ExpertPicker,
  loadExperts,
  loadProgramme,
  PageTitle,
  PolicyLimits,
  type Programme,
  useExpertise,
  useProgrammeName,
  YuanField,
} from "./parts.tsx";

type Demand = Answer<"/v1/demands/{demandId}">;
type Opinion = Answer<"/v1/demands/{demandId}/refinement">["items"][number];

/** A date (yyyy-MM-dd) at the start or the end of that day in Beijing, as the API's instant. */
export const beijingInstant = (date: string, end: boolean) =>
  `${date}T${end ? "23:59:59" : "00:00:00"}+08:00`;

async function loadDecision(demandId: string) {
  const demand = await body(client.GET("/v1/demands/{demandId}", { params: { path: { demandId } } }));
  const [programme, refinement, experts, others] = await Promise.all([
    loadProgramme(demand.programmeId),
    body(client.GET("/v1/demands/{demandId}/refinement", { params: { path: { demandId } } })),
    loadExperts(),
    body(
      client.GET("/v1/demands", {
        params: { query: { status: "submitted", programmeId: demand.programmeId, limit: 100 } },
      }),
    ),
  ]);
  return {
    demand,
    programme,
    opinions: refinement.items,
    experts,
    mergeTargets: others.items.filter((d) => d.id !== demandId),
  };
}

export default function DemandDecisionPage() {
  const { demandId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(() => loadDecision(demandId), [demandId]);
  return (
    <section>
      <Show loaded={loaded}>
        {(data) => (
          <>
            <PageTitle back={t("buDemandQueue")} backTo="/bureau/demands">
              {t("buDecisionOn")} {data.demand.content.title}
            </PageTitle>
            <DemandSummary demand={data.demand} programme={data.programme} />
            <Card title={t("buDecision")} style={{ marginTop: 16 }} data-testid="decision-card">
              {data.demand.waitingFor?.kind === "decision" ? (
                <DecisionForm {...data} />
              ) : (
                <Alert type="info" showIcon title={t("buNoDecisionWaits")} />
              )}
              {data.demand.challengeId ? <ChallengeLink challengeId={data.demand.challengeId} /> : null}
            </Card>
            <Refinement
              demandId={demandId}
              opinions={data.opinions}
              experts={data.experts}
              reload={loaded.state === "ready" ? loaded.reload : () => undefined}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function DemandSummary({ demand, programme }: { demand: Demand; programme: Programme }) {
  const { t, tf } = useWords();
  const name = useProgrammeName();
  const c = demand.content;
  return (
    <Card data-testid="demand-summary">
      <Descriptions
        size="small"
        column={2}
        items={[
          { label: t("programme"), children: name(programme) },
          {
            label: t("enterprise"),
            children: <Named name={demand.organisationName} id={demand.organisationId} />,
          },
          { label: t("buField"), children: c.field ?? "—" },
          { label: t("buSubmittedAt"), children: when(demand.submittedAt) },
          {
            label: t("buTimeLimit"),
            children: c.timeLimitMonths ? tf("buMonths", { n: c.timeLimitMonths }) : "—",
          },
          {
            label: t("buTotalInvestment"),
            children: <span className="money">{yuan(c.totalInvestmentFen)}</span>,
          },
          { label: t("buBackground"), children: c.background ?? "—", span: 2 },
          { label: t("buContent"), children: c.content ?? "—", span: 2 },
          {
            label: t("buKeyTechnologies"),
            span: 2,
            children: (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {(c.keyTechnologies ?? []).map((k) => (
                  <li key={k.name}>
                    {k.name}：{k.targetMetrics.map((m) => `${m.name} ${m.target}${m.unit ?? ""}`).join("；")}
                  </li>
                ))}
              </ul>
            ),
          },
          { label: t("buSolverRequirements"), children: c.solverRequirements ?? "—", span: 2 },
        ]}
      />
    </Card>
  );
}

interface DecisionValues {
  decision: "draft-challenge" | "return" | "merge";
  comment?: string;
  mergeInto?: string;
  challenge?: {
    title?: string;
    description?: string;
    fundingCapFen?: string;
    window?: { opensAt?: string; closesAt?: string };
    horseRace?: { allowed?: boolean; maxWinners?: number };
    periodMonths?: number;
    caseByCaseReason?: string;
  };
}

function DecisionForm({
  demand,
  programme,
  mergeTargets,
}: {
  demand: Demand;
  programme: Programme;
  mergeTargets: readonly Answer<"/v1/demands">["items"][number][];
}) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch("decision", form) ?? "draft-challenge";
  const race = Form.useWatch(["challenge", "horseRace", "allowed"], form) ?? false;
  const policy = programme.policy;
  const [sent, setSent] = useState(false);
  const submit = (v: DecisionValues) => {
    const path = { params: { path: { demandId: demand.id } } };
    const comment = v.comment?.trim() ? { comment: v.comment.trim() } : {};
    if (v.decision === "return") {
      return body(
        client.POST("/v1/demands/{demandId}/decision", { ...path, body: { decision: "return", ...comment } }),
      );
    }
    if (v.decision === "merge") {
      return body(
        client.POST("/v1/demands/{demandId}/decision", {
          ...path,
          body: { decision: "merge", mergeInto: v.mergeInto ?? "", ...comment },
        }),
      );
    }
    const c = v.challenge ?? {};
    return body(
      client.POST("/v1/demands/{demandId}/decision", {
        ...path,
        body: {
          decision: "draft-challenge",
          ...comment,
          challenge: {
            ...(c.title?.trim() ? { title: c.title.trim() } : {}),
            ...(c.description?.trim() ? { description: c.description.trim() } : {}),
            fundingCapFen: toFen(c.fundingCapFen) ?? 0,
            window: {
              opensAt: beijingInstant(c.window?.opensAt ?? "", false),
              closesAt: beijingInstant(c.window?.closesAt ?? "", true),
            },
            horseRace: {
              allowed: Boolean(c.horseRace?.allowed),
              maxWinners: c.horseRace?.allowed ? (c.horseRace.maxWinners ?? 1) : 1,
            },
            periodMonths: c.periodMonths ?? 0,
            ...(c.caseByCaseReason?.trim() ? { caseByCaseReason: c.caseByCaseReason.trim() } : {}),
          },
        },
      }),
    );
  };
  const required = { required: true, message: t("buRequired") };
  return (
    <>
      <PolicyLimits programme={programme} />
      <div style={{ height: 16 }} />
      <ActionForm<DecisionValues, unknown>
        form={form}
        testId="decision-form"
        submitLabel={t("buSendDecision")}
        once
        initialValues={{
          decision: "draft-challenge",
          challenge: {
            title: demand.content.title,
            periodMonths: Math.min(demand.content.timeLimitMonths ?? 24, policy.maxPeriodMonths),
            horseRace: { allowed: false, maxWinners: 1 },
          },
        }}
        submit={submit}
        done={() => setSent(true)}
        result={() => t("buDecisionSent")}
      >
        <Form.Item name="decision" label={t("buDecision")} rules={[required]}>
          <Radio.Group
            data-testid="decision-kind"
            options={(["draft-challenge", "return", "merge"] as const).map((d) => ({
              value: d,
              label: t(`buDecide_${d}` as WordKey),
            }))}
          />
        </Form.Item>
        {decision === "draft-challenge" ? (
          <>
            <Form.Item name={["challenge", "title"]} label={t("buChallengeTitle")}>
              <Input maxLength={200} data-testid="challenge-title" />
            </Form.Item>
            <Form.Item name={["challenge", "description"]} label={t("buDescription")}>
              <Input.TextArea rows={3} maxLength={20000} />
            </Form.Item>
            <YuanField
              name={["challenge", "fundingCapFen"]}
              label={t("fundingCap")}
              required
              testId="funding-cap"
              extra={tf("buCapLimit", {
                cap: yuan(policy.capFen),
                budget: yuan(programme.budgetFen),
                exception: policy.allowsCaseByCaseException ? t("buCaseByCaseYes") : t("buCaseByCaseNo"),
              })}
            />
            {policy.allowsCaseByCaseException ? (
              <Form.Item
                name={["challenge", "caseByCaseReason"]}
                label={t("buCaseByCaseReason")}
                extra={t("buCaseByCaseHint")}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            ) : null}
            <Space wrap size="large">
              <Form.Item name={["challenge", "window", "opensAt"]} label={t("buOpensOn")} rules={[required]}>
                <DateField data-testid="opens-on" />
              </Form.Item>
              <Form.Item
                name={["challenge", "window", "closesAt"]}
                label={t("buClosesOn")}
                rules={[required]}
              >
                <DateField data-testid="closes-on" />
              </Form.Item>
              <Form.Item
                name={["challenge", "periodMonths"]}
                label={t("buPeriodMonths")}
                rules={[required]}
                extra={tf("buMaxMonths", { n: policy.maxPeriodMonths })}
              >
                <InputNumber min={1} max={120} precision={0} />
              </Form.Item>
            </Space>
            <Space wrap size="large">
              <Form.Item
                name={["challenge", "horseRace", "allowed"]}
                label={t("buHorseRace")}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              {race ? (
                <Form.Item
                  name={["challenge", "horseRace", "maxWinners"]}
                  label={t("buMaxWinners")}
                  rules={[required]}
                  extra={tf("buHorseRaceMax", { n: policy.horseRaceLimit })}
                >
                  <InputNumber min={1} max={10} precision={0} />
                </Form.Item>
              ) : null}
            </Space>
          </>
        ) : null}
        {decision === "merge" ? (
          <Form.Item name="mergeInto" label={t("buMergeInto")} rules={[required]}>
            <Select
              data-testid="merge-into"
              aria-label={t("buMergeInto")}
              options={mergeTargets.map((d) => ({ value: d.id, label: `${d.content.title} (${d.id})` }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="comment"
          label={decision === "return" ? t("buReturnReasons") : t("buComment")}
          rules={decision === "return" ? [required] : []}
        >
          <Input.TextArea rows={3} maxLength={5000} data-testid="decision-comment" />
        </Form.Item>
      </ActionForm>
      {sent && decision === "draft-challenge" ? <ChallengeLink demandId={demand.id} /> : null}
    </>
  );
}

/** The draft challenge the decision made: waits (polling the demand) until the workflow applied it, then links it. */
function ChallengeLink(props: { demandId?: string; challengeId?: string }) {
  const { t } = useWords();
  const [found, setFound] = useState<{ id: string; title: string } | undefined>(undefined);
  useEffect(() => {
    let stop = false;
    let tries = 0;
    const look = async () => {
      tries += 1;
      let id = props.challengeId;
      if (!id && props.demandId) {
        const d = await body(
          client.GET("/v1/demands/{demandId}", { params: { path: { demandId: props.demandId } } }),
        );
        id = d.challengeId;
      }
      if (id) {
        const c = await body(
          client.GET("/v1/challenges/{challengeId}", { params: { path: { challengeId: id } } }),
        );
        if (!stop) setFound({ id, title: c.title });
      } else if (!stop && tries < 40) setTimeout(() => void look().catch(() => undefined), 1000);
    };
    void look().catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [props.demandId, props.challengeId]);
  if (!found)
    return props.demandId ? (
      <Typography.Paragraph className="muted">{t("buWaitingForDraft")}</Typography.Paragraph>
    ) : null;
  return (
    <Typography.Paragraph data-testid="challenge-link" style={{ marginTop: 12 }}>
      {t("buDraftChallenge")}：
      <Link to={`/challenges/${found.id}`} style={{ textDecoration: "underline" }}>
        {found.title}
      </Link>{" "}
      <span className="muted">({found.id})</span>
    </Typography.Paragraph>
  );
}

function Refinement({
  demandId,
  opinions,
  experts,
  reload,
}: {
  demandId: string;
  opinions: readonly Opinion[];
  experts: readonly Expert[];
  reload: () => void;
}) {
  const { t } = useWords();
  const expertise = useExpertise();
  const byId = new Map(experts.map((e) => [e.id, e]));
  return (
    <Card title={t("buRefinement")} style={{ marginTop: 16 }} data-testid="refinement">
      <DataTable<Opinion>
        testid="opinions"
        size="small"
        pagination={false}
        rowKey={(o) => o.id}
        dataSource={[...opinions]}
        locale={{ emptyText: t("buNoExpertsYet") }}
        columns={[
          {
            title: t("buExpert"),
            key: "expert",
            render: (_, o) => {
              const e = byId.get(o.expertId);
              return e ? (
                <>
                  {e.name} · {expertise(e.expertise)}{" "}
                  <span className="muted" data-secondary>
                    {o.expertId}
                  </span>
                </>
              ) : (
                <span className="muted" data-secondary>
                  {o.expertId}
                </span>
              );
            },
          },
          { title: t("buAssignedAt"), key: "at", render: (_, o) => day(o.assignedAt) },
          {
            title: t("buRecommendation"),
            key: "rec",
            render: (_, o) =>
              o.opinion ? t(`buDecide_${o.opinion.recommendation}` as WordKey) : t("buOpinionPending"),
          },
          { title: t("buComment"), key: "comment", render: (_, o) => o.opinion?.comment ?? "" },
        ]}
      />
      <div style={{ height: 12 }} />
      <ActionForm<{ experts: string[] }, unknown>
        testId="assign-experts"
        submitLabel={t("buAssignExperts")}
        submit={(v) =>
          body(
            client.POST("/v1/demands/{demandId}/experts", {
              params: { path: { demandId } },
              body: {
                experts: v.experts.map((id) => ({
                  expertId: id,
                  organisationId: byId.get(id)?.organisationId ?? "",
                })),
              },
            }),
          )
        }
        done={reload}
      >
        <Form.Item
          name="experts"
          label={t("buRefinementExperts")}
          rules={[{ required: true, message: t("buRequired") }]}
        >
          <ExpertPicker
            experts={experts}
            exclude={opinions.map((o) => o.expertId)}
            testId="refinement-experts"
          />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}
