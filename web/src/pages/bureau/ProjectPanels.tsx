// Workbench (bureau, on a project's page): the bureau's steps while a project runs — a milestone's review panel from
// the expert pool, the acceptance plan (结题验收) and its experts, the decision on an extension (延期), and its side of
// a horse race's decision at the key milestone (赛马: which projects continue, the others settled).
import { Card, Form, Input, Radio, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { CheckboxChoices } from "../../components/CheckboxChoices.tsx";
import { useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { toFen } from "./money.ts";
import { type Expert, ExpertPicker, loadExperts, YuanField } from "./parts.tsx";

type View = ProjectActionProps["view"];
const panelStatuses = ["validating", "under-review", "rectifying", "returned"];

export function ProjectPanelsAction({ projectId, view, reload }: ProjectActionProps) {
  const bureau = hasRole(who(), "bureau");
  const track = view.track;
  const milestones = (track?.milestones ?? []).filter((m) => panelStatuses.includes(m.status));
  const planning = track?.acceptance?.status === "planning";
  const extension = track?.extensions?.find((e) => e.status === "requested");
  const needsExperts = bureau && (milestones.length > 0 || planning);
  const experts = useLoad(async () => (needsExperts ? loadExperts() : []), [needsExperts]);
  if (!bureau || !track) return null;
  const pool: Expert[] = experts.state === "ready" ? [...experts.data] : [];
  // The experts already named, by name: the project view's (read with the page), the pool's once loaded.
  const named = new Map([...Object.entries(view.names.experts), ...pool.map((e) => [e.id, e.name] as const)]);
  return (
    <>
      {milestones.map((m) => (
        <MilestonePanel
          key={m.index}
          projectId={projectId}
          index={m.index}
          panel={m.panel}
          experts={pool}
          names={named}
          reload={reload}
        />
      ))}
      {planning && track.acceptance ? (
        <AcceptancePlan
          projectId={projectId}
          acceptance={track.acceptance}
          experts={pool}
          names={named}
          reload={reload}
        />
      ) : null}
      {extension ? <ExtensionDecision projectId={projectId} extension={extension} reload={reload} /> : null}
      <HorseRace view={view} reload={reload} />
    </>
  );
}

function MilestonePanel(props: {
  projectId: string;
  index: number;
  panel: readonly string[];
  experts: readonly Expert[];
  names: ReadonlyMap<string, string>;
  reload: () => void;
}) {
  const { t, tf } = useWords();
  const names = props.names;
  return (
    <Card
      title={tf("buMilestonePanel", { n: props.index })}
      style={{ marginTop: 16 }}
      data-testid="milestone-panel"
    >
      <Typography.Paragraph data-testid={`panel-now-${props.index}`}>
        {t("buPanelNow")}：
        {props.panel.length ? props.panel.map((id) => names.get(id) ?? id).join("、") : "—"}
      </Typography.Paragraph>
      <ActionForm<{ expertIds: string[] }, unknown>
        testId={`panel-${props.index}`}
        submitLabel={t("buAssignPanel")}
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/milestones/{milestone}/experts", {
              params: { path: { projectId: props.projectId, milestone: props.index } },
              body: { expertIds: v.expertIds },
            }),
          )
        }
        done={props.reload}
      >
        <Form.Item
          name="expertIds"
          label={t("buExperts")}
          rules={[{ required: true, message: t("buRequired") }]}
          extra={t("buConflictHint")}
        >
          <ExpertPicker experts={props.experts} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

type Acceptance = NonNullable<NonNullable<View["track"]>["acceptance"]>;

/**
 * The bureau's side of the acceptance plan: the form until the bureau has fixed it (filled in with the enterprise's
 * plan when that came first), then what it fixed and when, while the enterprise's side is awaited.
 */
function AcceptancePlan(props: {
  projectId: string;
  acceptance: Acceptance;
  experts: readonly Expert[];
  names: ReadonlyMap<string, string>;
  reload: () => void;
}) {
  const { t, tf } = useWords();
  const required = { required: true, message: t("buRequired") };
  const { plan, fixedBy } = props.acceptance;
  const mine = fixedBy.find((f) => f.party === "bureau");
  const names = props.names;
  if (mine) {
    return (
      <Card title={t("buAcceptancePlan")} style={{ marginTop: 16 }} data-testid="acceptance-plan">
        <Typography.Paragraph data-testid="acceptance-plan-fixed">
          {tf("buPlanFixed", { at: when(mine.at) })}
        </Typography.Paragraph>
        {plan ? (
          <Typography.Paragraph>
            {plan.text} · {t("buExperts")}：{plan.expertIds.map((id) => names.get(id) ?? id).join("、")}
          </Typography.Paragraph>
        ) : null}
      </Card>
    );
  }
  return (
    <Card title={t("buAcceptancePlan")} style={{ marginTop: 16 }} data-testid="acceptance-plan">
      <Typography.Paragraph className="muted">{t("buAcceptancePlanHint")}</Typography.Paragraph>
      <ActionForm<{ plan: string; expertIds: string[] }, unknown>
        testId="acceptance-plan-form"
        submitLabel={t("buFixPlan")}
        once
        initialValues={plan ? { plan: plan.text, expertIds: [...plan.expertIds] } : {}}
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/acceptance/plan", {
              params: { path: { projectId: props.projectId } },
              body: { plan: v.plan.trim(), expertIds: v.expertIds },
            }),
          )
        }
        done={props.reload}
      >
        <Form.Item name="plan" label={t("buPlan")} rules={[required]}>
          <Input.TextArea rows={3} maxLength={20000} />
        </Form.Item>
        <Form.Item name="expertIds" label={t("buExperts")} rules={[required]}>
          <ExpertPicker experts={props.experts} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

type Extension = NonNullable<NonNullable<View["track"]>["extensions"]>[number];

function ExtensionDecision(props: { projectId: string; extension: Extension; reload: () => void }) {
  const { t, tf } = useWords();
  const e = props.extension;
  return (
    <Card title={t("buExtensionDecision")} style={{ marginTop: 16 }} data-testid="extension-decision">
      <Typography.Paragraph>{tf("buExtensionAsked", { n: e.months, reason: e.reason })}</Typography.Paragraph>
      <ActionForm<{ decision: "approve" | "reject"; comment?: string }, unknown>
        testId="extension-form"
        submitLabel={t("buSendDecision")}
        once
        initialValues={{ decision: "approve" }}
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/extension/decision", {
              params: { path: { projectId: props.projectId } },
              body: { decision: v.decision, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) },
            }),
          )
        }
        done={props.reload}
      >
        <Form.Item
          name="decision"
          label={t("buDecision")}
          extra={tf("buExtensionApproveHint", { n: e.months })}
        >
          <Radio.Group
            options={[
              { value: "approve", label: t("buApprove") },
              { value: "reject", label: t("buReject") },
            ]}
          />
        </Form.Item>
        <Form.Item name="comment" label={t("buComment")}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

function HorseRace({ view, reload }: { view: View; reload: () => void }) {
  const { t, tf } = useWords();
  const challengeId = view.project.challengeId;
  // Only once the key milestone is reached and no outcome is known: a race's decision can be due.
  const key = view.track?.taskBook?.horseRaceKeyMilestone;
  const reached = (view.track?.milestones ?? []).some(
    (m) => m.index === key && ["passed", "awaiting-payment-opinion", "failed"].includes(m.status),
  );
  const due = reached && !view.track?.horseRace;
  const race = useLoad(
    async () =>
      due
        ? body(client.GET("/v1/challenges/{challengeId}/horse-race", { params: { path: { challengeId } } }))
        : undefined,
    [challengeId, due],
  );
  if (race.state !== "ready" || !race.data?.race || race.data.race.status !== "deciding") return null;
  if (race.data.race.decisions.some((d) => d.party === "bureau")) return null;
  const projects = race.data.projects.filter((p) => p.status !== "terminated");
  return (
    <Card title={t("buHorseRaceDecision")} style={{ marginTop: 16 }} data-testid="horse-race">
      <ActionForm<{ continuing: string[]; spending: Record<string, string> }, unknown>
        testId="horse-race-form"
        submitLabel={t("buSendDecision")}
        once
        confirm={t("buHorseRaceConsequence")}
        submit={(v) =>
          body(
            client.POST("/v1/challenges/{challengeId}/horse-race/decision", {
              params: { path: { challengeId } },
              body: {
                continuing: v.continuing,
                settlements: projects
                  .filter((p) => !v.continuing.includes(p.projectId))
                  .map((p) => ({
                    projectId: p.projectId,
                    verifiedSpendingFen: toFen(v.spending?.[p.projectId] ?? "") ?? 0,
                  })),
              },
            }),
          )
        }
        done={reload}
      >
        <Form.Item
          name="continuing"
          label={t("buContinuing")}
          rules={[{ required: true, message: t("buRequired") }]}
        >
          <CheckboxChoices
            options={projects.map((p) => ({
              value: p.projectId,
              label: `${p.solver.name} · ${tf("milestoneN", { n: p.keyMilestone })} (${p.projectId})`,
            }))}
          />
        </Form.Item>
        {projects.map((p) => (
          <YuanField
            key={p.projectId}
            name={["spending", p.projectId]}
            label={tf("buSettlementSpending", { solver: p.solver.name })}
          />
        ))}
      </ActionForm>
    </Card>
  );
}
