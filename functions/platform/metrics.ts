// Shared: business metrics as CloudWatch Embedded Metric Format (EMF) with Powertools for AWS Lambda Metrics — one JSON
// line per event on stdout, which Lambda's log agent turns into metrics in the `Jiebang` namespace (no SDK call).
// Powertools builds and checks the document (namespace, dimension sets, units, timestamp); each event is written at
// once (not at the end of the invocation) with its own properties: the event, the function, the correlation id and the
// record's ids, searchable in Logs Insights. In the embedded runtime the same lines go to the process output unless
// LOG_LEVEL is warn, error or silent (tests); in AWS LOG_LEVEL is unset and the application log level does not switch
// metrics off. POWERTOOLS_METRICS_DISABLED=true switches them off everywhere.
import { Metrics, MetricUnit as PowertoolsUnit } from "@aws-lambda-powertools/metrics";
import { currentCorrelationId } from "./context.ts";
import { createLogger } from "./logger.ts";
import type { BusinessEvent, BusinessMetrics } from "./ports/metrics.ts";

export const metricsNamespace = "Jiebang";
/** The one platform-wide dimension every metric has (alarms use it); events of a programme add ProgrammeId too. */
export const serviceDimension = { Service: "jiebang" } as const;

/** CloudWatch units used here; money is integer fen with unit None (CloudWatch has no currency unit). */
export type MetricUnit = "Count" | "None";

/** Metric names: alarms (infra/constructs/monitoring.ts) and the tests refer to these. */
export const metricNames = {
  applicationsSubmitted: "ApplicationsSubmitted",
  paymentsDisbursed: "PaymentsDisbursed",
  disbursedFen: "DisbursedFen",
  paymentFailures: "PaymentFailures",
  paymentRejections: "PaymentRejections",
  paymentApprovalsOverdue: "PaymentApprovalsOverdue",
  recoveriesReceived: "RecoveriesReceived",
  recoveredFen: "RecoveredFen",
  stuckExecutions: "StuckExecutions",
} as const;

export interface MetricValue {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly value: number;
}

/** The metrics and properties of one business event. */
export function describeEvent(event: BusinessEvent): {
  metrics: MetricValue[];
  properties: Record<string, unknown>;
} {
  const count = (name: string): MetricValue => ({ name, unit: "Count", value: 1 });
  const fen = (name: string, value: number): MetricValue => ({ name, unit: "None", value });
  switch (event.kind) {
    case "application-submitted":
      return {
        metrics: [count(metricNames.applicationsSubmitted)],
        properties: { challengeId: event.challengeId },
      };
    case "payment-disbursed":
      return {
        metrics: [count(metricNames.paymentsDisbursed), fen(metricNames.disbursedFen, event.amountFen)],
        properties: { paymentId: event.paymentId },
      };
    case "payment-failed":
      return {
        metrics: [count(metricNames.paymentFailures)],
        properties: { paymentId: event.paymentId, amountFen: event.amountFen, reason: event.reason },
      };
    case "payment-rejected":
      return {
        metrics: [count(metricNames.paymentRejections)],
        properties: { paymentId: event.paymentId, amountFen: event.amountFen },
      };
    case "payment-approval-overdue":
      return {
        metrics: [count(metricNames.paymentApprovalsOverdue)],
        properties: { paymentId: event.paymentId, waitingSince: event.waitingSince },
      };
    case "stuck-executions-swept":
      return {
        metrics: [{ name: metricNames.stuckExecutions, unit: "Count", value: event.stuck }],
        properties: {
          running: event.running,
          stuckExecutionArns: event.stuckExecutionArns.slice(0, 50),
        },
      };
    case "recovery-received":
      return {
        metrics: [count(metricNames.recoveriesReceived), fen(metricNames.recoveredFen, event.amountFen)],
        properties: { recoveryId: event.recoveryId },
      };
  }
}

/**
 * Metrics are written unless LOG_LEVEL (the embedded runtime's and the tests' switch) is above info, or
 * POWERTOOLS_METRICS_DISABLED is true.
 */
export function metricsEnabled(): boolean {
  if (process.env["POWERTOOLS_METRICS_DISABLED"]?.toLowerCase() === "true") return false;
  const level = process.env["LOG_LEVEL"]?.toLowerCase();
  return level === undefined || level === "" || level === "debug" || level === "info";
}

const units: Record<MetricUnit, (typeof PowertoolsUnit)[keyof typeof PowertoolsUnit]> = {
  Count: PowertoolsUnit.Count,
  None: PowertoolsUnit.NoUnit,
};

/** Powertools' own warnings (an invalid dimension, a timestamp out of CloudWatch's range) as log lines. */
const warnings = createLogger({ component: "metrics" });

/**
 * The EMF adapter of the BusinessMetrics port, one Powertools Metrics per adapter. `write` defaults to stdout, as
 * Powertools writes (tests pass their own); `now` gives each document's timestamp.
 */
export function emfMetrics(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): BusinessMetrics {
  // Made on the first event, not at import (the process's writer below is made when the module loads).
  let made: Metrics | undefined;
  const powertools = (): Metrics => {
    if (made) return made;
    made = new Metrics({ namespace: metricsNamespace, logger: warnings });
    // Powertools' default dimension is `service` (the function); the alarms read the platform-wide `Service` instead.
    made.clearDefaultDimensions();
    made.setDefaultDimensions({ ...serviceDimension });
    return made;
  };
  return {
    record(event) {
      if (!metricsEnabled()) return;
      let metrics: Metrics | undefined;
      try {
        metrics = powertools();
        const { metrics: values, properties } = describeEvent(event);
        const correlationId = currentCorrelationId();
        // Platform-wide events (the stuck-execution sweep) have no programme: the default `Service` set only. With a
        // programme, two sets: the default one alone (an empty set adds nothing to it), and with ProgrammeId.
        if ("programmeId" in event)
          metrics.addDimensions({}).addDimensions({ ProgrammeId: event.programmeId });
        for (const { name, unit, value } of values) metrics.addMetric(name, units[unit], value);
        metrics.setTimestamp(now());
        // The properties are plain keys beside Powertools' document (its metadata takes strings only).
        const document = {
          event: event.kind,
          function: process.env["POWERTOOLS_SERVICE_NAME"] ?? "jiebang",
          ...(correlationId ? { correlationId } : {}),
          ...properties,
          ...metrics.serializeMetrics(),
        };
        write(JSON.stringify(document));
      } catch {
        // A metric is never worth failing the business change for.
      } finally {
        metrics?.clearMetrics();
        metrics?.clearDimensions();
        metrics?.clearMetadata();
      }
    },
  };
}

/** The process's writer, for the adapters' dependency wiring. */
export const businessMetrics: BusinessMetrics = emfMetrics();
