// Adapters: composition of the ports from the AWS clients and configuration, built once per container.

import type { DemandDeps } from "../demands/common.ts";
import type { AwardDeps } from "../review/common.ts";
import { clientsFor } from "./clients-for.ts";
import { currentClock } from "./clock.ts";
import { configuredCursorKey } from "./cursors.ts";
import { dynamoRecordStore } from "./dynamodb/record-store.ts";
import type { Clock } from "./ports/clock.ts";
import type { RecordStore } from "./ports/records.ts";
import { s3DocumentStore } from "./s3/document-store.ts";
import { stepFunctionsEngine } from "./sfn/workflow-engine.ts";

let demandDeps: Omit<DemandDeps, "clock" | "records"> | undefined;

/** Ports of the demand use cases (the record store comes from recordStore()); the clock is taken per request so the embedded runtime's advances are seen. */
export function demandPorts(): Omit<DemandDeps, "clock" | "records"> {
  if (!demandDeps) {
    const { storage, workflows, config, clock } = clientsFor();
    demandDeps = {
      documents: s3DocumentStore(storage(), config.evidenceBucket(), clock()),
      workflows: stepFunctionsEngine(workflows(), config.stateMachineArn),
    };
  }
  return demandDeps;
}

let records: RecordStore | undefined;

/** The record store of every versioned aggregate. */
export function recordStore(): RecordStore {
  if (!records) {
    const { dynamo, config } = clientsFor();
    records = dynamoRecordStore(dynamo(), config.tableName(), configuredCursorKey());
  }
  return records;
}

let awardPorts: Omit<AwardDeps, "clock"> | undefined;

/** Ports of the review → award use cases (专家评审 → 遴选): the record store and Step Functions; the clock per request or task. */
export function awardDeps(clock: Clock = currentClock()): AwardDeps {
  if (!awardPorts) {
    const { workflows, config } = clientsFor();
    awardPorts = {
      records: recordStore(),
      workflows: stepFunctionsEngine(workflows(), config.stateMachineArn),
    };
  }
  return { ...awardPorts, clock };
}
