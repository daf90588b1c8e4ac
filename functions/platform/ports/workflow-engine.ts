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
  /** The status of the execution `name` of the state machine (DescribeExecution); undefined when there is none. */
  status(stateMachine: string, name: string): Promise<ExecutionStatus | undefined>;
}

/** An execution's status as Step Functions reports it. */
export type ExecutionStatus =
  | "RUNNING"
  | "SUCCEEDED"
  | "FAILED"
  | "TIMED_OUT"
  | "ABORTED"
  | "PENDING_REDRIVE";

/** Why an execution could not be redriven (AWS: ExecutionNotRedrivable) or stopped, or that there is none. */
export type ExecutionControlOutcome =
  | { readonly ok: true; readonly at: string }
  | { readonly ok: false; readonly reason: "not-found" | "not-redrivable"; readonly message: string };

/** The operators' hand on executions: stop one, redrive a failed one (same ARN, from the state that failed). */
export interface ExecutionControl {
  stop(executionArn: string, error: string, cause: string): Promise<ExecutionControlOutcome>;
  /** One client token is one redrive: the same token again answers the same redrive. */
  redrive(executionArn: string, clientToken: string): Promise<ExecutionControlOutcome>;
}
