// Adapters: composition of the ports of the review → award use cases (section R): the record store and Step
// Functions; the clock is taken per request or task so the embedded runtime's advances are seen.

import { clientsFor } from "../../platform/clients-for.ts";
import { currentClock } from "../../platform/clock.ts";
import { recordStore } from "../../platform/deps.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";
import type { AwardDeps } from "../../review/common.ts";

let ports: Omit<AwardDeps, "clock"> | undefined;

export function awardDeps(clock: Clock = currentClock()): AwardDeps {
  if (!ports) {
    const { workflows, config } = clientsFor();
    ports = { records: recordStore(), workflows: stepFunctionsEngine(workflows(), config.stateMachineArn) };
  }
  return { ...ports, clock };
}
