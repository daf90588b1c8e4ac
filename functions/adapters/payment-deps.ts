// Adapters: composition of the payment use cases' ports (issue 6): the record store, Step Functions and the treasury —
// the in-process simulator in the embedded runtime (JIEBANG_TREASURY=simulated), the external treasury in AWS.
import type { Clock } from "../ports/clock.ts";
import { currentClock } from "../shared/clock.ts";
import { confirmDisbursement, type PaymentDeps } from "../use-cases/payments.ts";
import { clientsFor } from "./clients-for.ts";
import { recordStore } from "./deps.ts";
import { stepFunctionsEngine } from "./sfn/workflow-engine.ts";
import { externalTreasury, simulatedTreasury } from "./treasury/simulated.ts";

let ports: Omit<PaymentDeps, "clock" | "treasury"> | undefined;

export function paymentDeps(clock: Clock = currentClock()): PaymentDeps {
  if (!ports) {
    const { workflows, config } = clientsFor();
    ports = { records: recordStore(), workflows: stepFunctionsEngine(workflows(), config.stateMachineArn) };
  }
  const base = { ...ports, clock };
  const treasury =
    process.env.JIEBANG_TREASURY === "simulated"
      ? simulatedTreasury((answer) => confirmDisbursement({ ...base, treasury: externalTreasury }, answer))
      : externalTreasury;
  return { ...base, treasury };
}
