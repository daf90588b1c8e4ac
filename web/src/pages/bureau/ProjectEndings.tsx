// Workbench (bureau, on a project's page): ending a project — the decision on a signatory's termination proposal
// (终止申请), the bureau's own termination, and a finding of fraud (弄虚作假) — each with a confirmation that says what
// follows: unpaid tranches cancelled, the paid-but-unspent (or, on fraud, all paid) money recovered by finance, and
// on fraud the solvers' credit record (失信) for the policy's months.
import { Card, Form, Input, Radio, Select, Space, Switch, Tabs, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DateField } from "../../components/DateField.tsx";
import { useLoad } from "../../components/Load.tsx";
import { yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { toFen } from "./money.ts";
import { loadProgramme, YuanField } from "./parts.tsx";
import { endingPreview } from "./project-money.ts";

type View = ProjectActionProps["view"];
const endable = ["in-progress", "extended", "under-acceptance"];

interface Review {
  reviewer?: string;
  conclusion?: string;
  reviewedOn?: string;
}
interface EndValues {
  decision?: "approve" | "reject";
  reason?: string;
  fault?: boolean;
  proposedBy?: "bureau" | "enterprise" | "solver";
  thirdPartyReview?: Review;
  verifiedSpendingFen?: string;
  comment?: string;
}

const review = (r: Review | undefined) =>
  r?.reviewer?.trim()
    ? {
        thirdPartyReview: {
          reviewer: r.reviewer.trim(),
          conclusion: (r.conclusion ?? "").trim(),
          reviewedOn: r.reviewedOn ?? "",
        },
      }
    : {};

/** The consequence of ending the project, in words, for the confirmation and next to the form. */
function useConsequence(view: View) {
  const { tf } = useWords();
  const parties = [view.project.solverLead.name, ...view.project.solverMembers.map((m) => m.name)].join("、");
  return (kind: "termination" | "fraud", spendingText: string | undefined, blockMonths: number) => {
    const p = endingPreview(view.tranches, kind, toFen(spendingText ?? "") ?? 0);
    const cancelled = p.cancelled.length
      ? tf("buCancelledTranches", { list: p.cancelled.join("、"), amount: yuan(p.cancelledFen) })
      : "";
    return kind === "fraud"
      ? tf("buFraudConsequence", { cancelled, paid: yuan(p.paidFen), solvers: parties, months: blockMonths })
      : tf("buTerminationConsequence", {
          cancelled,
          paid: yuan(p.paidFen),
          spent: yuan(toFen(spendingText ?? "") ?? 0),
          recover: yuan(p.recoverFen),
        });
  };
}

export function ProjectEndingsAction({ projectId, view, reload }: ProjectActionProps) {
  const { t } = useWords();
  const bureau = hasRole(who(), "bureau");
  const open = bureau && endable.includes(view.project.status) && view.track?.status === "in-progress";
  const programme = useLoad(
    async () => (open ? loadProgramme(view.project.programmeId) : undefined),
    [open, view.project.programmeId],
  );
  if (!open) return null;
  const blockMonths =
    programme.state === "ready" ? (programme.data?.policy.creditRecordBlockMonths ?? 36) : 36;
  const proposal = view.track?.terminationProposals?.find((p) => p.status === "proposed");
  // One card, a tab per way of ending (the proposal's decision first when there is one): the three forms stacked made
  // the project's page some 4,500 px long, and a bureau officer ends a project one way at a time.
  const tabs = [
    ...(proposal
      ? [
          {
            key: "decision",
            label: t("buTerminationProposal"),
            children: (
              <div data-testid="termination-decision">
                <Typography.Paragraph>
                  {t(`buParty_${proposal.proposedBy}` as WordKey)} · {proposal.reason} ·{" "}
                  {proposal.fault ? t("buWithFault") : t("buWithoutFault")}
                </Typography.Paragraph>
                <EndForm
                  kind="decision"
                  projectId={projectId}
                  view={view}
                  reload={reload}
                  blockMonths={blockMonths}
                  faultDefault={proposal.fault}
                />
              </div>
            ),
          },
        ]
      : []),
    ...(["termination", "fraud"] as const).map((kind) => ({
      key: kind,
      label: t(kind === "fraud" ? "buFraud" : "buTerminate"),
      children: (
        <div data-testid={kind}>
          <EndForm
            kind={kind}
            projectId={projectId}
            view={view}
            reload={reload}
            blockMonths={blockMonths}
            faultDefault={kind === "fraud"}
          />
        </div>
      ),
    })),
  ];
  return (
    <Card title={t("buEndProject")} style={{ marginTop: 16 }} data-testid="project-endings">
      <Tabs items={tabs} defaultActiveKey={tabs[0]?.key} data-testid="project-endings-tabs" />
    </Card>
  );
}

function EndForm(props: {
  kind: "decision" | "termination" | "fraud";
  projectId: string;
  view: View;
  reload: () => void;
  blockMonths: number;
  faultDefault: boolean;
}) {
  const { t } = useWords();
  const [form] = Form.useForm<EndValues>();
  const decision = Form.useWatch("decision", form) ?? "approve";
  const fault = Form.useWatch("fault", form) ?? props.faultDefault;
  const spending = Form.useWatch("verifiedSpendingFen", form);
  const consequence = useConsequence(props.view);
  const path = { params: { path: { projectId: props.projectId } } };
  const ends = props.kind !== "decision" || decision === "approve";
  const text = ends
    ? consequence(props.kind === "fraud" ? "fraud" : "termination", spending, props.blockMonths)
    : undefined;
  const required = { required: true, message: t("buRequired") };
  const submit = (v: EndValues) => {
    const spent = toFen(v.verifiedSpendingFen ?? "") ?? 0;
    if (props.kind === "fraud") {
      return body(
        client.POST("/v1/projects/{projectId}/fraud", {
          ...path,
          body: { reason: (v.reason ?? "").trim(), proposedBy: v.proposedBy ?? "bureau" },
        }),
      );
    }
    if (props.kind === "termination") {
      return body(
        client.POST("/v1/projects/{projectId}/termination", {
          ...path,
          body: {
            reason: (v.reason ?? "").trim(),
            fault: Boolean(v.fault),
            proposedBy: v.proposedBy ?? "bureau",
            verifiedSpendingFen: spent,
            ...(v.fault ? review(v.thirdPartyReview) : {}),
          },
        }),
      );
    }
    return body(
      client.POST("/v1/projects/{projectId}/termination/decision", {
        ...path,
        body:
          v.decision === "reject"
            ? { decision: "reject", ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) }
            : {
                decision: "approve",
                fault: Boolean(v.fault),
                verifiedSpendingFen: spent,
                ...(v.fault ? review(v.thirdPartyReview) : {}),
                ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
              },
      }),
    );
  };
  const label =
    props.kind === "fraud"
      ? t("buFindFraud")
      : props.kind === "termination"
        ? t("buTerminate")
        : t("buSendDecision");
  return (
    <ActionForm<EndValues, unknown>
      form={form}
      testId={`${props.kind}-form`}
      // Field ids unique per form: the tabs keep a visited form in the page, and a label must name its own field.
      name={`project-${props.kind}`}
      submitLabel={label}
      once
      danger={ends}
      confirm={text}
      initialValues={{ decision: "approve", fault: props.faultDefault, proposedBy: "bureau" }}
      submit={submit}
      done={props.reload}
      result={() => t("buProjectEndDone")}
    >
      {props.kind === "decision" ? (
        <Form.Item name="decision" label={t("buDecision")} rules={[required]}>
          <Radio.Group
            data-testid="termination-decision-kind"
            options={[
              { value: "approve", label: t("buApproveTermination") },
              { value: "reject", label: t("buRejectTermination") },
            ]}
          />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="reason" label={t("reason")} rules={[required]}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Form.Item name="proposedBy" label={t("buProposedBy")} rules={[required]}>
            <Select
              aria-label={t("buProposedBy")}
              options={(["bureau", "enterprise", "solver"] as const).map((p) => ({
                value: p,
                label: t(`buParty_${p}` as WordKey),
              }))}
            />
          </Form.Item>
        </>
      )}
      {ends && props.kind !== "fraud" ? (
        <>
          <Form.Item name="fault" label={t("buFault")} valuePropName="checked">
            <Switch />
          </Form.Item>
          {fault ? (
            <Space wrap size="large" align="start">
              <Form.Item name={["thirdPartyReview", "reviewer"]} label={t("buReviewer")} rules={[required]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                name={["thirdPartyReview", "reviewedOn"]}
                label={t("buReviewedOn")}
                rules={[required]}
              >
                <DateField />
              </Form.Item>
              <Form.Item
                name={["thirdPartyReview", "conclusion"]}
                label={t("buConclusion")}
                rules={[required]}
              >
                <Input.TextArea rows={2} maxLength={5000} style={{ minWidth: 320 }} />
              </Form.Item>
            </Space>
          ) : null}
          <YuanField
            name="verifiedSpendingFen"
            label={t("buVerifiedSpending")}
            required
            testId={`${props.kind}-spending`}
            extra={t("buVerifiedSpendingHint")}
          />
        </>
      ) : null}
      {props.kind === "decision" ? (
        <Form.Item name="comment" label={t("buComment")}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      ) : null}
      {text ? (
        <Typography.Paragraph className="bad" data-testid={`${props.kind}-consequence`}>
          {text}
        </Typography.Paragraph>
      ) : null}
    </ActionForm>
  );
}
