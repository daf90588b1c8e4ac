// Adapters (selection, section P): the workflow engine for functions that start or resume selection workflows without
// the demand ports (which need the evidence bucket). Built once per container.
import type { WorkflowEngine } from "../ports/workflow-engine.ts";
import { clientsFor } from "./clients-for.ts";
import { stepFunctionsEngine } from "./sfn/workflow-engine.ts";

let engine: WorkflowEngine | undefined;

export function selectionWorkflows(): WorkflowEngine {
  if (!engine) {
    const { workflows, config } = clientsFor();
    engine = stepFunctionsEngine(workflows(), config.stateMachineArn);
  }
  return engine;
}
