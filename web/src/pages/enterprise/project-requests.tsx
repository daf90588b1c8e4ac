// Workbench: the enterprise's requests on the project page — final acceptance (结题验收) once every milestone passed,
// its part of the acceptance plan (验收方案: the bureau and the enterprise post the same plan and experts — the
// enterprise confirms the bureau's experts by name, or unticks one it objects to), a
// force-majeure extension (延期, also the lead solver's), and a termination proposal (终止申请, the enterprise or the
// lead solver; confirmed first, the bureau decides).
import { Alert, Card, Form, Input, InputNumber, List, Radio, Tag } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { CheckboxChoices } from "../../components/CheckboxChoices.tsx";
import { day, when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { isProjectEnterprise } from "./milestone-report.tsx";
import { signatoryParty } from "./task-book.tsx";

const running = (view: ProjectActionProps["view"]) =>
  view.track?.status === "in-progress" &&
  (view.project.status === "in-progress" || view.project.status === "extended");

export function AcceptanceRequest({ projectId, view, reload }: ProjectActionProps) {
  const { t } = useWords();
  const milestones = view.track?.milestones ?? [];
  const allPassed = milestones.length > 0 && milestones.every((m) => m.status === "passed");
  if (!isProjectEnterprise(view) || !running(view) || !allPassed || view.track?.acceptance) return null;
  return (
    <Card
      id="acceptance"
      title={t("requestAcceptance")}
      data-testid="acceptance-request"
      style={{ marginTop: 16 }}
    >
      <ActionForm<{ summary: string }, unknown>
        testId="acceptance-request-form"
        submitLabel={t("requestAcceptance")}
        confirm={t("requestAcceptanceConfirm")}
        danger={false}
        once
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/acceptance", {
              params: { path: { projectId } },
              body: { summary: v.summary.trim() },
            }),
          )
        }
        done={() => reload()}
      >
        <Form.Item
          label={t("acceptanceSummary")}
          name="summary"
          rules={[{ required: true, whitespace: true, message: t("required") }, { max: 20000 }]}
        >
          <Input.TextArea name="summary" rows={4} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

/**
 * The enterprise's side of the acceptance plan (验收方案; 《太原市实施“双百攻关行动”工作方案》四（七）3: the bureau and the
 * enterprise fix the plan and the experts together). The enterprise may not list the expert pool (GET /v1/experts is
 * the bureau's, admin's and auditor's: the pool's members, their organisations and declared conflicts are not a
 * party's to browse, nor its own reviewers a party's to pick), so it confirms the experts the bureau proposed — by
 * name, from the project view — and may untick one it objects to (a conflict of interest): the plan then differs and
 * goes back to the bureau. Until the bureau proposed its experts, the card says what it waits for.
 */
export function AcceptancePlan({ projectId, view, reload }: ProjectActionProps) {
  const { t, role } = useWords();
  const acceptance = view.track?.acceptance;
  if (!isProjectEnterprise(view) || acceptance?.status !== "planning") return null;
  const mine = acceptance.fixedBy.find((f) => f.party === "enterprise");
  const other = acceptance.fixedBy.find((f) => f.party === "bureau");
  const plan = acceptance.plan;
  const experts = view.names.experts;
  return (
    <Card
      id="acceptance-plan"
      title={t("acceptancePlan")}
      data-testid="acceptance-plan"
      style={{ marginTop: 16 }}
    >
      {acceptance.fixedBy.map((f) => (
        <span key={f.party} className="ok" style={{ marginRight: 12 }}>
          ✓ {role(f.party)} {when(f.at)}
        </span>
      ))}
      {other && !mine ? (
        <Alert type="info" showIcon style={{ margin: "12px 0" }} title={t("acceptancePlanFromBureau")} />
      ) : null}
      {mine || plan ? null : (
        <Alert
          type="info"
          showIcon
          style={{ margin: "12px 0" }}
          data-testid="acceptance-plan-awaiting"
          title={t("acceptancePlanAwaitingBureau")}
        />
      )}
      {mine || !plan ? null : (
        <ActionForm<{ plan: string; expertIds: string[] }, unknown>
          testId="acceptance-plan-form"
          submitLabel={t("fixAcceptancePlan")}
          once
          danger={false}
          initialValues={{ plan: plan.text, expertIds: [...plan.expertIds] }}
          submit={(v) =>
            body(
              client.POST("/v1/projects/{projectId}/acceptance/plan", {
                params: { path: { projectId } },
                body: { plan: v.plan.trim(), expertIds: v.expertIds },
              }),
            )
          }
          done={() => reload()}
        >
          <Form.Item
            label={t("acceptancePlanText")}
            name="plan"
            rules={[{ required: true, whitespace: true, message: t("required") }, { max: 20000 }]}
          >
            <Input.TextArea name="plan" rows={4} />
          </Form.Item>
          <Form.Item
            label={t("acceptanceExperts")}
            name="expertIds"
            extra={t("acceptanceExpertsHint")}
            rules={[{ required: true, type: "array", min: 1, message: t("required") }]}
          >
            <CheckboxChoices
              data-testid="acceptance-experts"
              aria-label={t("acceptanceExperts")}
              options={plan.expertIds.map((id) => ({
                value: id,
                label: experts[id] ?? (
                  <span className="muted" data-secondary>
                    {id}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}

export function ExtensionRequest({ projectId, view, reload }: ProjectActionProps) {
  const { t, tf } = useWords();
  const party = signatoryParty(view);
  if ((party !== "enterprise" && party !== "solver") || !running(view)) return null;
  const extensions = view.track?.extensions ?? [];
  const open = extensions.find((e) => e.status === "requested");
  return (
    <Card
      id="extension"
      title={t("requestExtension")}
      data-testid="extension-request"
      style={{ marginTop: 16 }}
    >
      {extensions.length > 0 ? (
        <List
          size="small"
          dataSource={extensions}
          renderItem={(e) => (
            <List.Item>
              {tf("monthsN", { n: e.months })} · {e.reason} · {day(e.requestedAt)} ·{" "}
              <Tag>{t(`extension_${e.status}` as never)}</Tag>
            </List.Item>
          )}
        />
      ) : null}
      {open ? null : (
        <ActionForm<{ months: number; reason: string }, unknown>
          testId="extension-form"
          submitLabel={t("requestExtension")}
          danger={false}
          once
          submit={(v) =>
            body(
              client.POST("/v1/projects/{projectId}/extension", {
                params: { path: { projectId } },
                body: { months: v.months, reason: v.reason.trim() },
              }),
            )
          }
          done={() => reload()}
        >
          <Form.Item
            label={t("extensionMonths")}
            name="months"
            rules={[{ required: true, message: t("required") }]}
          >
            <InputNumber name="months" min={1} max={24} precision={0} />
          </Form.Item>
          <Form.Item
            label={t("extensionReason")}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t("required") }, { max: 5000 }]}
          >
            <Input.TextArea name="reason" rows={3} />
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}

export function TerminationProposal({ projectId, view, reload }: ProjectActionProps) {
  const { t } = useWords();
  const party = signatoryParty(view);
  if ((party !== "enterprise" && party !== "solver") || !running(view)) return null;
  const pending = (view.track?.terminationProposals ?? []).find((p) => p.status === "proposed");
  return (
    <Card
      id="termination"
      title={t("proposeTermination")}
      data-testid="termination-proposal"
      style={{ marginTop: 16 }}
    >
      {pending ? (
        <Alert
          type="warning"
          showIcon
          title={`${t("terminationPending")} ${when(pending.at)}：${pending.reason}`}
        />
      ) : (
        <ActionForm<{ reason: string; fault: boolean }, unknown>
          testId="termination-form"
          submitLabel={t("proposeTermination")}
          confirm={t("proposeTerminationConfirm")}
          danger
          once
          initialValues={{ fault: false }}
          submit={(v) =>
            body(
              client.POST("/v1/projects/{projectId}/termination/proposal", {
                params: { path: { projectId } },
                body: { reason: v.reason.trim(), fault: v.fault },
              }),
            )
          }
          done={() => reload()}
        >
          <Form.Item
            label={t("terminationReason")}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t("required") }, { max: 5000 }]}
          >
            <Input.TextArea name="reason" rows={3} />
          </Form.Item>
          <Form.Item label={t("terminationFault")} name="fault" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: false, label: t("withoutFault") },
                { value: true, label: t("withFault") },
              ]}
            />
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}
