// CDK construct (infra/constructs): the EventBridge rules that run the catalog's scheduled task functions (a
// `schedule` in functions/catalog.ts) — a rate (the stuck-execution sweep every 15 minutes) or once a day at a UTC time
// (open data's daily file at 16:00 UTC, 00:00 Asia/Shanghai). Each rule invokes one function;
// its only permission is the function's resource policy for this rule (events.amazonaws.com, SourceArn the rule).
import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import type { FunctionDefinition } from "../../functions/catalog.ts";

export interface SchedulesProps {
  readonly functions: readonly FunctionDefinition[];
  /** Catalog function name -> deployed function. */
  readonly deployed: ReadonlyMap<string, IFunction>;
}

export class Schedules extends Construct {
  /** Catalog function name -> its rule (tests assert them). */
  readonly rules = new Map<string, Rule>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const definition of props.functions) {
      const schedule = definition.schedule;
      if (!schedule) continue;
      if (definition.kind !== "task")
        throw new Error(`${definition.name}: only task functions run on a schedule`);
      const fn = props.deployed.get(definition.name);
      if (!fn) throw new Error(`${definition.name}: scheduled but not deployed`);
      const daily = schedule.dailyAtUtc;
      if ((daily === undefined) === (schedule.everyMinutes === undefined))
        throw new Error(`${definition.name}: a schedule has everyMinutes or dailyAtUtc, one of them`);
      const periodMinutes = daily ? 24 * 60 : (schedule.everyMinutes as number);
      const rule = new Rule(this, `Every-${definition.name}`, {
        description: schedule.description,
        schedule: daily
          ? Schedule.cron({ minute: String(daily.minute), hour: String(daily.hour) })
          : Schedule.rate(Duration.minutes(periodMinutes)),
      });
      rule.addTarget(
        new LambdaFunction(fn, {
          // A run is only worth making while it is current: a late one is replaced by the next.
          // (EventBridge keeps an event at most 24 hours.)
          maxEventAge: Duration.minutes(Math.min(24 * 60, Math.max(1, periodMinutes - 1))),
          retryAttempts: 2,
          // The whole scheduled event is the input: its `id` becomes the run's correlation id.
        }),
      );
      this.rules.set(definition.name, rule);
    }
  }
}
