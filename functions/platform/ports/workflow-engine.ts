// Port: the workflow engine (Step Functions). Starting is idempotent by execution name; callbacks complete parked tasks.

export interface StartedExecution {
  readonly executionArn: string;
  readonly startedAt: string;
}

export interface WorkflowEngine {
  /** Starts `name` on the state machine; a repeat with the same name and input returns the first execution. */
  start(stateMachine: string, name: string, input: unknown): Promise<StartedExecution>;
  /** Completes a parked callback task. Resolves false when the token is no longer waiting (already completed or timed out). */
  completeTask(taskToken: string, output: unknown): Promise<boolean>;
  failTask(taskToken: string, error: string, cause: string): Promise<boolean>;
}
