// Workbench: the approver's payment opinions (资金拨付意见) on a project's page — for a milestone that passed its review
// and for the final acceptance: the tranche and its amount (yuan to the fen), confirmed after a confirmation dialog
// (the tranche becomes payable: irreversible), POST …/milestones/{n}/payment-opinion or …/acceptance/payment-opinion.
// Nothing for anybody else, or when no opinion waits.
import { Alert, Card, Descriptions, Space } from "antd";
import { useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

interface Due {
  readonly key: string;
  readonly milestone?: number;
  readonly trancheIndex?: number | undefined;
  readonly amountFen: number;
  readonly since?: string | undefined;
}

function OpinionCard({ projectId, due, reload }: { projectId: string; due: Due; reload: () => void }) {
  const { t, tf } = useWords();
  const { milestone: focused } = useParams();
  const amount = yuan(due.amountFen);
  const tranche = due.trancheIndex ?? "—";
  const call = () =>
    due.milestone === undefined
      ? body(
          client.POST("/v1/projects/{projectId}/acceptance/payment-opinion", {
            params: { path: { projectId } },
            body: { decision: "confirm" },
          }),
        )
      : body(
          client.POST("/v1/projects/{projectId}/milestones/{milestone}/payment-opinion", {
            params: { path: { projectId, milestone: due.milestone } },
            body: { decision: "confirm" },
          }),
        );
  return (
    <Card
      title={`${t("paymentOpinion")} · ${
        due.milestone === undefined
          ? tf("acceptancePaymentOpinion", { t: tranche })
          : tf("milestonePaymentOpinion", { n: due.milestone, t: tranche })
      }`}
      data-testid={`payment-opinion-${due.key}`}
      style={{ marginBottom: 16, ...(focused === String(due.milestone) ? { borderColor: "#1d4ed8" } : {}) }}
    >
      <Descriptions column={2} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("amountToPay")}>
          <span className="money" data-testid="opinion-amount">
            {amount}
          </span>
        </Descriptions.Item>
        {due.since ? <Descriptions.Item label={t("taskSince")}>{when(due.since)}</Descriptions.Item> : null}
      </Descriptions>
      <ActionForm
        testId={`payment-opinion-form-${due.key}`}
        submitLabel={t("confirmPaymentOpinion")}
        confirm={tf("paymentOpinionConfirm", { amount })}
        once
        result={() => tf("paymentOpinionDone", { amount })}
        done={reload}
        submit={call}
      >
        {null}
      </ActionForm>
    </Card>
  );
}

export function ApproverPaymentOpinions({ projectId, view, reload }: ProjectActionProps) {
  const { t, tf } = useWords();
  if (!hasRole(who(), "approver")) return null;
  const track = view.track;
  if (!track) return null;
  const due: Due[] = (track.milestones ?? []).flatMap((m) =>
    m.status === "awaiting-payment-opinion" && m.paymentOpinion && !m.paymentOpinion.confirmedAt
      ? [
          {
            key: `m${m.index}`,
            milestone: m.index,
            trancheIndex: m.paymentOpinion.trancheIndex,
            amountFen: m.paymentOpinion.amountFen,
            since: m.paymentOpinion.draftedAt,
          },
        ]
      : [],
  );
  const a = track.acceptance;
  if (a?.status === "awaiting-payment-opinion" && a.paymentOpinion && !a.paymentOpinion.confirmedAt) {
    due.push({
      key: "acceptance",
      trancheIndex: a.paymentOpinion.trancheIndex,
      amountFen: a.paymentOpinion.amountFen,
    });
  }
  const confirmed = (track.milestones ?? []).flatMap((m) =>
    m.paymentOpinion?.confirmedAt ? [{ index: m.index, opinion: m.paymentOpinion }] : [],
  );
  if (due.length === 0 && confirmed.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="approver-payment-opinions">
      {due.map((d) => (
        <OpinionCard key={d.key} projectId={projectId} due={d} reload={reload} />
      ))}
      {confirmed.map(({ index, opinion }) => (
        <Alert
          key={index}
          type="success"
          showIcon
          data-testid={`payment-opinion-confirmed-${index}`}
          title={`${tf("milestonePaymentOpinion", { n: index, t: opinion.trancheIndex ?? "—" })} · ${tf(
            "paymentOpinionDone",
            { amount: yuan(opinion.amountFen) },
          )}`}
          description={`${t("time")} ${when(opinion.confirmedAt)}`}
        />
      ))}
    </Space>
  );
}
