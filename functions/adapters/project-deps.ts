// Adapters: composition of the ports of the project lifecycle use cases (issue 5): the record store, the evidence
// bucket and Step Functions; the clock is taken per request or task so the embedded runtime's advances are seen.
import type { Clock } from "../ports/clock.ts";
import { currentClock } from "../shared/clock.ts";
import type { ProjectDeps } from "../use-cases/projects.ts";
import { clientsFor } from "./clients-for.ts";
import { recordStore } from "./deps.ts";
import { s3DocumentStore } from "./s3/document-store.ts";
import { s3ReportStore } from "./s3/report-store.ts";
import { stepFunctionsEngine } from "./sfn/workflow-engine.ts";

let ports: Omit<ProjectDeps, "clock"> | undefined;

export function projectDeps(clock: Clock = currentClock()): ProjectDeps {
  if (!ports) {
    const { storage, workflows, config, clock: systemClock } = clientsFor();
    ports = {
      records: recordStore(),
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
