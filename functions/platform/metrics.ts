// Shared: business metrics as CloudWatch Embedded Metric Format (EMF) — one JSON line per event on stdout, which
// Lambda's log agent turns into metrics in the `Jiebang` namespace (no SDK call, no extra dependency). Written with
// process.stdout.write, not console.log, which Lambda's JSON log format would wrap. In the embedded runtime the same
// lines go to the process output unless LOG_LEVEL is warn, error or silent (tests); in AWS LOG_LEVEL is unset, and
// the function's application log level does not switch metrics off.

import { currentCorrelationId } from "./context.ts";
import type { BusinessEvent, BusinessMetrics } from "./ports/metrics.ts";

export const metricsNamespace = "Jiebang";
/** The one platform-wide dimension every metric has (alarms use it), and the per-programme breakdown. */
export const serviceDimension = { Service: "jiebang" } as const;
export const dimensionSets = [["Service"], ["Service", "ProgrammeId"]] as const;

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

/** One EMF document: the metrics, their dimensions and the properties (searchable in Logs Insights, not metrics). */
export function emfDocument(
  metrics: readonly MetricValue[],
  dimensions: Readonly<Record<string, string>>,
  properties: Readonly<Record<string, unknown>>,
  timestampMs: number,
): Record<string, unknown> {
  const names = Object.keys(dimensions);
  // Each set keeps the dimensions present; a set left equal to another (no ProgrammeId) is written once.
  const sets = [
    ...new Map(
      dimensionSets
        .map((set) => set.filter((d) => names.includes(d)))
        .filter((s) => s.length > 0)
        .map((s) => [s.join(","), s]),
    ).values(),
  ];
  return {
    ...properties,
    ...dimensions,
    ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: metricsNamespace,
          Dimensions: sets,
          Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
  };
}

/** The metrics, dimensions and properties of one business event. */
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

/** Metrics are written unless LOG_LEVEL (the embedded runtime's and the tests' switch) is above info. */
export function metricsEnabled(): boolean {
  const level = process.env["LOG_LEVEL"]?.toLowerCase();
  return level === undefined || level === "" || level === "debug" || level === "info";
}

/** The EMF adapter of the BusinessMetrics port; `write` defaults to stdout (tests pass their own). */
export function emfMetrics(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): BusinessMetrics {
  return {
    record(event) {
      try {
        if (!metricsEnabled()) return;
        const { metrics, properties } = describeEvent(event);
        const correlationId = currentCorrelationId();
        const document = emfDocument(
          metrics,
          // Platform-wide events (the stuck-execution sweep) have no programme: the `Service` set only.
          { ...serviceDimension, ...("programmeId" in event ? { ProgrammeId: event.programmeId } : {}) },
          {
            event: event.kind,
            function: process.env["POWERTOOLS_SERVICE_NAME"] ?? "jiebang",
            ...(correlationId ? { correlationId } : {}),
            ...properties,
          },
          now(),
        );
        write(JSON.stringify(document));
      } catch {
        // A metric is never worth failing the business change for.
      }
    },
  };
}

/** The process's writer, for the adapters' dependency wiring. */
export const businessMetrics: BusinessMetrics = emfMetrics();
