// Adapters: composition of the ports an exit or a replacement needs (they end the project as a termination does): the
// record store, the evidence bucket the project's ports name (no file is read) and Step Functions; the clock per request.
import { clientsFor } from "../../platform/clients-for.ts";
import { environmentFaults } from "../../platform/crash-point.ts";
import { recordStore } from "../../platform/deps.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { s3DocumentStore } from "../../platform/s3/document-store.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";
import type { ProjectDeps } from "../../projects/projects.ts";

let ports: Omit<ProjectDeps, "clock"> | undefined;

export function endingDeps(clock: Clock): ProjectDeps {
  if (!ports) {
    const { storage, workflows, config, clock: systemClock } = clientsFor();
    ports = {
      records: recordStore(),
      faults: environmentFaults,
      documents: s3DocumentStore(storage(), config.evidenceBucket(), systemClock()),
      workflows: stepFunctionsEngine(workflows(), config.stateMachineArn),
    };
  }
  return { ...ports, clock };
}
