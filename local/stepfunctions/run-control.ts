// Embedded runtime, local Step Functions engine: the state of one library run (RunCtl) — the events it gathers, where
// it stops, the task it is in — and the context object ($$) its states see.
import type { CompiledMachine, Json } from "./definitions.ts";
import { type Exec, iso, type Pending, type Resolution } from "./execution.ts";
import { newToken } from "./tokens.ts";

/** State of one step run of the library. */
export class RunCtl {
  events: Pending[] = [];
  done = false;
  parked = false;
  next: string | undefined;
  nextInput: Json = null;
  failure: { error: string; cause: string } | undefined;
  transitions = 0;
  attempt = 0;
  pendingToken: string | undefined;
  retryCount = 0;
  /** The callback task's retries spent per retrier (from the cursor when resumed; see countRetry). */
  retries: number[] | undefined;
  curState: string;
  curEntered: number;
  lastOutObj: unknown = undefined;
  lastOutStr = "";
  abort: () => void = () => {};
  skipEnter: boolean;
  constructor(
    readonly ex: Exec,
    readonly gen: number,
    readonly start: string,
    readonly input: Json,
    readonly resumeToken: string | undefined,
    readonly resumeRes: Resolution | undefined,
    now: number,
    retries?: number[],
  ) {
    this.retries = retries ? [...retries] : undefined;
    this.curState = start;
    this.curEntered = now;
    this.skipEnter = resumeToken !== undefined;
  }
  take(): Pending[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}

/**
 * The context object ($$) of a state: the execution, the machine, the state (as the run moves on, when `ctl` is
 * given) and the task token (issued on first read, the resumed one on a callback's first attempt).
 */
export function stateContext(
  ex: Exec,
  ctl: RunCtl | undefined,
  state: string,
  now: number,
): Record<string, unknown> {
  const sm = ex.sm as CompiledMachine;
  return {
    JiebangExecution: {
      Id: ex.arn,
      Name: ex.name,
      StartTime: iso(ex.startMs),
      get Input() {
        return JSON.parse(ex.input);
      },
      RoleArn: sm.roleArn,
      RedriveCount: ex.redriveCount ?? 0,
    },
    StateMachine: { Id: sm.arn, Name: sm.name },
    State: {
      get Name() {
        return ctl ? ctl.curState : state;
      },
      get EnteredTime() {
        return iso(ctl ? ctl.curEntered : now);
      },
      get RetryCount() {
        return ctl ? ctl.retryCount : 0;
      },
    },
    Task: {
      get Token() {
        if (!ctl || ctl.done) return "";
        ctl.pendingToken ??= ctl.attempt === 0 && ctl.resumeToken ? ctl.resumeToken : newToken(ex);
        return ctl.pendingToken;
      },
    },
  };
}
