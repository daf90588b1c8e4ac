// Adapter (Step Functions task): the Task states of workflows/payment.asl.json (issue 6), dispatched on `task`.
import * as z from "zod";
import { parseOrThrow } from "../../domain/errors.ts";
import { createLogger } from "../../shared/logger.ts";
import {
  applyRejectionTask,
  disbursementFailedTask,
  parkApprovalTask,
  readPayment,
  recheckTask,
  recordPaymentTask,
  requestDisbursementTask,
} from "../../use-cases/payments.ts";
import { recoveryId } from "../../use-cases/project-model.ts";
import { syncRecoveryAssessment } from "../../use-cases/recoveries.ts";
import { paymentDeps } from "../payment-deps.ts";

const paymentId = z.string().min(1).max(200);
const token = z.string().min(1);

const taskInput = z.discriminatedUnion("task", [
  z.object({ task: z.literal("parkApproval"), paymentId, taskToken: token }),
  z.object({ task: z.literal("applyRejection"), paymentId }),
  z.object({ task: z.literal("recheck"), paymentId }),
  z.object({ task: z.literal("requestDisbursement"), paymentId, taskToken: token }),
  z.object({ task: z.literal("recordPayment"), paymentId, reference: z.string().min(1).max(128) }),
  z.object({ task: z.literal("disbursementFailed"), paymentId, error: z.string().max(256).optional() }),
]);

const logger = createLogger({ function: "payment-tasks" });

export async function handler(event: unknown): Promise<unknown> {
  const input = parseOrThrow(taskInput, event, "TASK_INPUT_INVALID");
  const deps = paymentDeps();
  logger.info("task", { task: input.task, paymentId: input.paymentId });
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
  }
}
