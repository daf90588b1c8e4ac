// Adapter (Step Functions task): the Task states of workflows/payment.asl.json (拨付), dispatched on `task`,
// including the payment audit report written to the audit bucket after the paying transaction; and the check of
// workflows/recovery-escalation.asl.json (an overdue receivable escalated).
import * as z from "zod/mini";
import { parseOrThrow } from "../../kernel/errors.ts";
import { createLogger } from "../../platform/logger.ts";
import { taskHandler } from "../../platform/task.ts";
import { recoveryId } from "../../recoveries/model.ts";
import { escalateOverdueRecovery, syncRecoveryAssessment } from "../../recoveries/recoveries.ts";
import { writePaymentAuditReport } from "../audit-reports.ts";
import { readPayment } from "../reads.ts";
import {
  applyRejectionTask,
  disbursementFailedTask,
  parkApprovalTask,
  recheckTask,
  recordPaymentTask,
  requestDisbursementTask,
} from "../workflow.ts";
import { paymentTaskDeps } from "./deps.ts";

/** The task payloads, by `task` (built on the first invocation). */
const taskInput = z.lazy(() => {
  const paymentId = z.string().check(z.minLength(1), z.maxLength(200));
  const token = z.string().check(z.minLength(1));
  return z.discriminatedUnion("task", [
    z.object({ task: z.literal("parkApproval"), paymentId, taskToken: token }),
    z.object({ task: z.literal("applyRejection"), paymentId }),
    z.object({ task: z.literal("recheck"), paymentId }),
    z.object({ task: z.literal("requestDisbursement"), paymentId, taskToken: token }),
    z.object({
      task: z.literal("recordPayment"),
      paymentId,
      reference: z.string().check(z.minLength(1), z.maxLength(128)),
    }),
    z.object({
      task: z.literal("disbursementFailed"),
      paymentId,
      error: z.optional(z.string().check(z.maxLength(256))),
    }),
    z.object({ task: z.literal("writeAuditReport"), paymentId }),
    z.object({
      task: z.literal("escalateRecovery"),
      recoveryId: z.string().check(z.minLength(1), z.maxLength(200)),
    }),
  ]);
});

const logger = createLogger({ function: "payment-tasks" });

async function handle(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = paymentTaskDeps();
  logger.info("task", {
    task: input.task,
    ...("paymentId" in input ? { paymentId: input.paymentId } : { recoveryId: input.recoveryId }),
  });
  switch (input.task) {
    case "parkApproval":
      return parkApprovalTask(deps, { paymentId: input.paymentId, token: input.taskToken });
    case "applyRejection":
      return applyRejectionTask(deps, input);
    case "recheck":
      return recheckTask(deps, input);
    case "requestDisbursement":
      return requestDisbursementTask(deps, { paymentId: input.paymentId, token: input.taskToken });
    case "recordPayment": {
      const result = await recordPaymentTask(deps, input);
      // A payment confirmed after its project was terminated reassessed the recovery: post the difference to the
      // ledger's receivable too (idempotent; a no-op when there is no recovery).
      const payment = await readPayment(deps, input.paymentId);
      await syncRecoveryAssessment(deps, recoveryId(payment.projectId));
      return result;
    }
    case "disbursementFailed":
      return disbursementFailedTask(deps, input);
    case "writeAuditReport":
      return writePaymentAuditReport(deps, input);
    case "escalateRecovery":
      return escalateOverdueRecovery(deps, input);
  }
}

/** Runs under the correlation id of the execution (the payload's `correlationId`). */
export const handler = taskHandler(handle);
