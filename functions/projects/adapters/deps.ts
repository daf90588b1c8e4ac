// Adapters: composition of the ports of the project lifecycle use cases: the record store, the evidence
// bucket and Step Functions; the clock is taken per request or task so the embedded runtime's advances are seen.

import { clientsFor } from "../../platform/clients-for.ts";
import { currentClock } from "../../platform/clock.ts";
import { environmentFaults } from "../../platform/crash-point.ts";
import { recordStore } from "../../platform/deps.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { s3DocumentStore } from "../../platform/s3/document-store.ts";
import { s3ReportStore } from "../../platform/s3/report-store.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";
import type { ProjectDeps } from "../projects.ts";

let ports: Omit<ProjectDeps, "clock"> | undefined;

export function projectDeps(clock: Clock = currentClock()): ProjectDeps {
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

/** The task function's ports: those of projectDeps plus the audit bucket (only project-tasks has access to it). */
export function projectTaskDeps(clock: Clock = currentClock()): ProjectDeps {
  const { storage, config } = clientsFor();
  return { ...projectDeps(clock), reports: s3ReportStore(storage(), config.auditBucket()) };
}
