// Workbench: a payment run (拨付) from the queue — the selected tranches paid after a confirmation that states their
// total in yuan; one Idempotency-Key per confirmation, so a double click (or a retry) pays once; the run's result per
// tranche with a link to each payment, where a second finance officer approves it.
import { Alert, Button, List, Modal, Space } from "antd";
import { useRef, useState } from "react";
import { Link } from "react-router";
import { body, client } from "../../api/client.ts";
import { yuan } from "../../format.ts";
import { ActionError, idempotencyKey, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import type { QueueItem } from "./PaymentQueue.tsx";

type RunAnswer = Awaited<ReturnType<typeof startRun>>;
export interface FinishedRun {
  readonly answer: RunAnswer;
  readonly items: readonly QueueItem[];
}

const startRun = (key: string, trancheIds: string[]) =>
  body(client.POST("/v1/payments", { body: { trancheIds }, headers: { "Idempotency-Key": key } }));

const sumFen = (items: readonly QueueItem[]) => items.reduce((s, i) => s + i.amountFen, 0);

/** The payee as a person reads it: the organisation's name (registered, else as the award recorded it), else its id. */
export const payeeOf = (i: QueueItem) => i.payeeName ?? i.payeeOrganisationId;

/** The pay button under the queue and its confirmation; `onPaid` gets the run's answer. */
export function PaymentRun({
  chosen,
  onPaid,
}: {
  chosen: readonly QueueItem[];
  onPaid: (run: FinishedRun) => void;
}) {
  const { t, tf } = useWords();
  const { run, running, error } = useAction();
  // The confirmation open now, with the one key of this payment (made when 拨付 was clicked).
  const [confirming, setConfirming] = useState<{ key: string; items: readonly QueueItem[] } | undefined>();
  const opening = useRef(false);
  const total = sumFen(chosen);

  const open = () => {
    if (opening.current || chosen.length === 0) return;
    opening.current = true;
    setConfirming({ key: idempotencyKey(), items: chosen });
  };
  const close = () => {
    opening.current = false;
    setConfirming(undefined);
  };
  const pay = async () => {
    if (!confirming) return;
    const { key, items } = confirming;
    const outcome = await run(() =>
      startRun(
        key,
        items.map((i) => i.trancheId),
      ),
    );
    // A second click while the first is on its way is ignored by useAction (and would replay the same key).
    if (!outcome.ok && outcome.error instanceof Error && outcome.error.message === "busy") return;
    close();
    if (outcome.ok) onPaid({ answer: outcome.value, items });
  };

  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Button
        type="primary"
        danger
        onClick={open}
        disabled={chosen.length === 0 || running}
        data-testid="pay-selected"
      >
        {tf("paySelected", { n: chosen.length, total: yuan(total) })}
      </Button>
      {chosen.length === 0 ? <span className="muted">{t("payNothingSelected")}</span> : null}
      <ActionError error={error} />
      <Modal
        open={confirming !== undefined}
        title={t("confirmPaymentTitle")}
        okText={t("payAction")}
        cancelText={t("cancel")}
        onOk={pay}
        onCancel={close}
        confirmLoading={running}
        // A double click on 拨付 lands its second click on the mask: it must not close the confirmation.
        mask={{ closable: false }}
        okButtonProps={{ danger: true, "data-testid": "confirm-ok" } as never}
        destroyOnHidden
      >
        {confirming ? (
          <Space orientation="vertical" style={{ width: "100%" }} data-testid="payment-confirm">
            <p data-testid="payment-confirm-text">
              {tf("confirmPayment", {
                n: confirming.items.length,
                total: yuan(sumFen(confirming.items)),
              })}
            </p>
            <List
              size="small"
              dataSource={[...confirming.items]}
              renderItem={(i) => (
                <List.Item
                  data-payee={i.payeeOrganisationId}
                  extra={
                    <span className="money" style={{ marginLeft: 24 }}>
                      {yuan(i.amountFen)}
                    </span>
                  }
                >
                  {tf("payTo", { payee: payeeOf(i) })} · {i.projectTitle ?? i.projectId} ·{" "}
                  {tf("trancheN", { n: i.index })}
                </List.Item>
              )}
            />
          </Space>
        ) : null}
      </Modal>
    </Space>
  );
}

/** What a payment run did, tranche by tranche, each with a link to its payment. */
export function RunResult({ run }: { run: FinishedRun }) {
  const { t, tf } = useWords();
  const item = (id: string) => run.items.find((i) => i.trancheId === id);
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      data-testid="payment-run-result"
      style={{ marginBottom: 16 }}
      title={t("paymentRunDone")}
      description={
        <ul className="plain">
          {run.answer.results.map((r) => {
            const i = item(r.trancheId);
            return (
              <li key={r.trancheId} data-result={r.trancheId} data-outcome={r.outcome}>
                {i
                  ? `${tf("payTo", { payee: payeeOf(i) })} ${yuan(i.amountFen)} · ${i.projectTitle ?? i.projectId} · ${tf("trancheN", { n: i.index })}`
                  : r.trancheId}
                {" — "}
                {t(`run-${r.outcome}` as WordKey)}
                {r.code ? ` (${r.code} ${r.message ?? ""})` : ""}
                {r.paymentId ? (
                  <>
                    {" · "}
                    <Link
                      to={`/payments/${encodeURIComponent(r.paymentId)}`}
                      style={{ textDecoration: "underline" }}
                    >
                      {t("openPayment")}
                    </Link>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
