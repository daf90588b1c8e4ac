// Adapters: composition of the payment use cases' ports: the record store, Step Functions and the treasury —
// the simulator in the embedded runtime (JIEBANG_TREASURY=simulated; it confirms through the signed IAM route), the
// external treasury in AWS (its system calls that route).

import { clientsFor } from "../../platform/clients-for.ts";
import { currentClock } from "../../platform/clock.ts";
import { environmentFaults } from "../../platform/crash-point.ts";
import { recordStore } from "../../platform/deps.ts";
import { businessMetrics } from "../../platform/metrics.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { s3ReportStore } from "../../platform/s3/report-store.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";
import type { PaymentDeps } from "../common.ts";
import { confirmDisbursement } from "../workflow.ts";
import { answerThroughApi, externalTreasury, simulatedTreasury } from "./simulated-treasury.ts";

let ports: Omit<PaymentDeps, "clock" | "treasury"> | undefined;

export function paymentDeps(clock: Clock = currentClock()): PaymentDeps {
  if (!ports) {
    const { workflows, config } = clientsFor();
    ports = {
      records: recordStore(),
      faults: environmentFaults,
      workflows: stepFunctionsEngine(workflows(), config.stateMachineArn),
      metrics: businessMetrics,
    };
  }
  const base = { ...ports, clock };
  const treasury = process.env.JIEBANG_TREASURY === "simulated" ? simulated(base) : externalTreasury;
  return { ...base, treasury };
}

/** The actor of the simulator's answers when it answers in process (no signed route, so no ARN). */
const inProcessTreasuryCaller = "local:treasury-simulator";

/**
 * The simulator answers through the IAM route, signed, when the embedded runtime gives it the route's URL and the
 * treasury's machine credentials; otherwise (a bare use of the ports) in process.
 */
function simulated(base: Omit<PaymentDeps, "treasury">) {
  const url = process.env.JIEBANG_TREASURY_CONFIRMATIONS_URL;
  const accessKeyId = process.env.JIEBANG_TREASURY_ACCESS_KEY_ID;
  const secretAccessKey = process.env.JIEBANG_TREASURY_SECRET_ACCESS_KEY;
  if (url && accessKeyId && secretAccessKey) {
    return simulatedTreasury(
      answerThroughApi(url, { accessKeyId, secretAccessKey }, process.env.AWS_REGION ?? "us-east-1"),
    );
  }
  return simulatedTreasury((answer) =>
    confirmDisbursement(
      { ...base, treasury: externalTreasury },
      { ...answer, caller: inProcessTreasuryCaller },
    ),
  );
}

/** The payment task function's ports: those of paymentDeps plus the audit bucket (only payment-tasks may write it). */
export function paymentTaskDeps(clock: Clock = currentClock()): PaymentDeps {
  const { storage, config } = clientsFor();
  return { ...paymentDeps(clock), reports: s3ReportStore(storage(), config.auditBucket()) };
}
