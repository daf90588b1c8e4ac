// Adapters: composition of the ports of the review → award use cases (section R): the record store and Step
// Functions; the clock is taken per request or task so the embedded runtime's advances are seen.

import type { Clock } from "../ports/clock.ts";
import { currentClock } from "../shared/clock.ts";
import type { AwardDeps } from "../use-cases/review.ts";
import { clientsFor } from "./clients-for.ts";
import { recordStore } from "./deps.ts";
import { stepFunctionsEngine } from "./sfn/workflow-engine.ts";

let ports: Omit<AwardDeps, "clock"> | undefined;

export function awardDeps(clock: Clock = currentClock()): AwardDeps {
  if (!ports) {
    const { workflows, config } = clientsFor();
    ports = { records: recordStore(), workflows: stepFunctionsEngine(workflows(), config.stateMachineArn) };
  }
  return { ...ports, clock };
}
