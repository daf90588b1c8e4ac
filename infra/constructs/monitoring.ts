// CDK construct (infra/constructs): alarms of the platform and the encrypted SNS topic they notify —
// executions that end badly (failed, timed out, aborted) per state machine, executions that stop making progress
// (the stuck-execution sweep's StuckExecutions metric, a payment approval overdue, task functions failing again and
// again while Step Functions retries them) and failed
// payments (the business metric of functions/platform/metrics.ts and the payment machine's failed executions).
import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import type { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { metricNames, metricsNamespace, serviceDimension } from "../../functions/platform/metrics.ts";

export interface MonitoringProps {
  /** Catalog state machine name -> deployed machine. */
  readonly stateMachines: ReadonlyMap<string, StateMachine>;
  /** Machine name -> its alarm group (machines of a group share one alarm); a machine not here has its own. */
  readonly alarmGroups?: ReadonlyMap<string, string>;
  /** Catalog task function name -> deployed function (the ones Step Functions invokes and retries). */
  readonly taskFunctions: ReadonlyMap<string, IFunction>;
  /** The catalog name of the payment state machine. */
  readonly paymentStateMachine: string;
  /**
   * Catalog name -> function a daily rule runs (open data's daily file; not in taskFunctions): an alarm each when a run
   * fails — once a day, any error matters, and TaskFunctionsFailing's expression holds at most 10 metrics.
   */
  readonly dailyFunctions?: ReadonlyMap<string, IFunction>;
}

const fiveMinutes = Duration.minutes(5);

/** A business metric of functions/platform/metrics.ts, platform-wide (the `Service` dimension set). */
export function businessMetric(name: string, period: Duration = fiveMinutes): Metric {
  return new Metric({
    namespace: metricsNamespace,
    metricName: name,
    dimensionsMap: { ...serviceDimension },
    statistic: "Sum",
    period,
  });
}

export class Monitoring extends Construct {
  readonly key: Key;
  readonly topic: Topic;
  /** Alarm id -> alarm (tests assert them). */
  readonly alarms = new Map<string, Alarm>();

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // CloudWatch alarms can publish to an encrypted topic only with a customer managed key that lets CloudWatch use it.
    this.key = new Key(this, "AlarmsKey", {
      description: "jiebang: encrypts the alarm notifications topic",
      enableKeyRotation: true,
    });
    this.key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    this.topic = new Topic(this, "AlarmsTopic", {
      displayName: "jiebang 揭榜挂帅 alarms",
      masterKey: this.key,
      enforceSSL: true,
    });
    const notify = new SnsAction(this.topic);

    const add = (
      alarmId: string,
      description: string,
      metric: IMetric,
      options: Partial<AlarmOptions> = {},
    ) => {
      const alarm = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: options.threshold ?? 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.datapointsToAlarm ?? 1,
        // No data means nothing happened: no failure, no overdue approval.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      this.alarms.set(alarmId, alarm);
      return alarm;
    };

    // An execution that ended badly: Step Functions counts them per state machine when they end. Machines of one
    // alarm group (catalog `alarmGroup`) share one alarm summing theirs.
    const period = { period: fiveMinutes, statistic: "Sum" };
    const groups = new Map<string, [string, StateMachine][]>();
    for (const [name, machine] of props.stateMachines) {
      const group = props.alarmGroups?.get(name) ?? name;
      groups.set(group, [...(groups.get(group) ?? []), [name, machine]]);
    }
    for (const [group, machines] of groups) {
      const usingMetrics: Record<string, IMetric> = {};
      const terms: string[] = [];
      machines.forEach(([, machine], i) => {
        const suffix = machines.length === 1 ? "" : String(i);
        usingMetrics[`failed${suffix}`] = machine.metricFailed(period);
        usingMetrics[`timedOut${suffix}`] = machine.metricTimedOut(period);
        usingMetrics[`aborted${suffix}`] = machine.metricAborted(period);
        terms.push(`FILL(failed${suffix}, 0) + FILL(timedOut${suffix}, 0) + FILL(aborted${suffix}, 0)`);
      });
      const names = machines.map(([name]) => name).join(", ");
      add(
        `ExecutionsEndedBadly-${group}`,
        `${names}: an execution failed, timed out or was aborted (状态机执行失败/超时/中止). ` +
          "Open it in the console's executions inspector or in Step Functions to see the failing state.",
        new MathExpression({
          label: `${group} failed + timed out + aborted`,
          expression: terms.join(" + "),
          usingMetrics,
          period: fiveMinutes,
        }),
      );
    }

    const paymentMachine = props.stateMachines.get(props.paymentStateMachine);
    // A failed payment: the treasury never confirmed (business metric), or the payment execution itself failed.
    add(
      "PaymentFailed",
      "A payment failed: the treasury did not confirm after every retry (支付失败), or the payment execution failed. " +
        "Finance resolves it from the payment queue.",
      paymentMachine
        ? new MathExpression({
            label: "payment failures + failed payment executions",
            expression: "FILL(failures, 0) + FILL(executions, 0)",
            usingMetrics: {
              failures: businessMetric(metricNames.paymentFailures),
              executions: paymentMachine.metricFailed({ period: fiveMinutes, statistic: "Sum" }),
            },
            period: fiveMinutes,
          })
        : businessMetric(metricNames.paymentFailures),
    );

    // Stuck without progress, as far as AWS can measure it. Step Functions has no per-execution age or "last
    // transition" metric, and our callback tasks wait on people by design (a timeout loops back to waiting), so a long
    // running execution is not by itself a fault. What is measurable: a payment approval whose callback timed out
    // (7 days without the second officer's decision, emitted when the workflow waits again) ...
    add(
      "PaymentApprovalOverdue",
      "A payment has waited more than 7 days for the second finance officer's approval (审批超时): the execution " +
        "waits again, the money does not move.",
      businessMetric(metricNames.paymentApprovalsOverdue, Duration.hours(1)),
    );
    // ... the stuck-execution sweep (functions/operations/adapters/stuck-executions-task.ts, every 15 minutes): it reads each
    // RUNNING execution's history and counts those waiting on nothing — no person with a deadline ahead, no Wait timer,
    // no retry due — with a task in flight or no event for longer than 15 minutes. It emits 0 too; a sweep that fails
    // shows in TaskFunctionsFailing (it is a task function) ...
    add(
      "StuckExecutions",
      "An execution is stuck (流程停滞): RUNNING but waiting on nothing, with a task in flight or no progress for " +
        "more than 15 minutes, or a callback or timer past due. The sweep's log lines name each one with its " +
        "correlationId; GET /v1/admin/stuck-executions shows them now.",
      new Metric({
        namespace: metricsNamespace,
        metricName: metricNames.stuckExecutions,
        dimensionsMap: { ...serviceDimension },
        statistic: "Maximum",
        period: Duration.minutes(15),
      }),
    );
    // ... and task functions that keep failing: Step Functions retries them with backoff, so the execution stays
    // RUNNING without moving on. Errors in 2 of 3 consecutive 5-minute periods.
    const errors = [...props.taskFunctions].map(([name, fn], i) => [
      `e${i}`,
      fn.metricErrors({ period: fiveMinutes, statistic: "Sum", label: name }),
    ]);
    add(
      "TaskFunctionsFailing",
      "Task functions keep failing while Step Functions retries them: executions are stuck in a task state " +
        "(任务函数持续报错，流程停滞). See the function logs by correlationId.",
      new MathExpression({
        label: "task function errors",
        expression: errors.map(([key]) => `FILL(${key as string}, 0)`).join(" + "),
        usingMetrics: Object.fromEntries(errors) as Record<string, IMetric>,
        period: fiveMinutes,
      }),
      { evaluationPeriods: 3, datapointsToAlarm: 2 },
    );
    for (const [name, fn] of props.dailyFunctions ?? []) {
      add(
        `DailyRunFailed-${name}`,
        `The daily run of ${name} failed (每日任务失败), retries included: its day's output may be missing. ` +
          "See the function's logs; a rerun the same day is safe (idempotent per day).",
        fn.metricErrors({ period: Duration.hours(1), statistic: "Sum" }),
      );
    }
  }
}

interface AlarmOptions {
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}
