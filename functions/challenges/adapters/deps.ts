// Adapters (selection: 张榜发布): the workflow engine for functions that start or resume selection workflows without
// the demand ports (which need the evidence bucket). Built once per container.

import { clientsFor } from "../../platform/clients-for.ts";
import type { WorkflowEngine } from "../../platform/ports/workflow-engine.ts";
import { stepFunctionsEngine } from "../../platform/sfn/workflow-engine.ts";

let engine: WorkflowEngine | undefined;

export function selectionWorkflows(): WorkflowEngine {
  if (!engine) {
    const { workflows, config } = clientsFor();
    engine = stepFunctionsEngine(workflows(), config.stateMachineArn);
  }
  return engine;
}
