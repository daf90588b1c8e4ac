// Unit tests of the business metrics writer (functions/platform/metrics.ts): each event becomes one CloudWatch Embedded
// Metric Format line — namespace, dimension sets, metric names, units and values — carrying the correlation id.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withCorrelationId } from "../../../functions/platform/context.ts";
import { emfMetrics, metricNames, metricsNamespace } from "../../../functions/platform/metrics.ts";
import type { BusinessEvent } from "../../../functions/platform/ports/metrics.ts";

const level = process.env["LOG_LEVEL"];
beforeEach(() => {
  process.env["LOG_LEVEL"] = "info";
});
afterEach(() => {
  process.env["LOG_LEVEL"] = level;
});

function emit(event: BusinessEvent): Record<string, unknown>[] {
  const lines: string[] = [];
  const metrics = emfMetrics(
    (line) => lines.push(line),
    () => 1_764_000_000_000,
  );
  withCorrelationId("corr-emf-1", () => metrics.record(event));
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}
const directive = (doc: Record<string, unknown>) =>
  (doc["_aws"] as { Timestamp: number; CloudWatchMetrics: Directive[] }).CloudWatchMetrics[0]!;

describe("EMF business metrics", () => {
  it("a disbursed payment: count and amount in fen, per platform and per programme", () => {
    const [doc, more] = emit({
      kind: "payment-disbursed",
      programmeId: "prg-1",
      paymentId: "pay-1",
      amountFen: 300_000_00,
    });
    expect(more).toBeUndefined();
    expect((doc!["_aws"] as { Timestamp: number }).Timestamp).toBe(1_764_000_000_000);
    expect(directive(doc!)).toEqual({
      Namespace: metricsNamespace,
      Dimensions: [["Service"], ["Service", "ProgrammeId"]],
      Metrics: [
        { Name: metricNames.paymentsDisbursed, Unit: "Count" },
        { Name: metricNames.disbursedFen, Unit: "None" },
      ],
    });
    expect(metricsNamespace).toBe("Jiebang");
    expect(doc).toMatchObject({
      Service: "jiebang",
      ProgrammeId: "prg-1",
      PaymentsDisbursed: 1,
      DisbursedFen: 300_000_00,
      paymentId: "pay-1",
      correlationId: "corr-emf-1",
      event: "payment-disbursed",
    });
    expect(Number.isInteger(doc!["DisbursedFen"])).toBe(true);
  });

  it("every event: each metric named in the directive has a numeric value at the top level", () => {
    const events: BusinessEvent[] = [
      { kind: "application-submitted", programmeId: "p", challengeId: "c" },
      { kind: "payment-failed", programmeId: "p", paymentId: "x", amountFen: 5, reason: "Treasury.Failed" },
      { kind: "payment-rejected", programmeId: "p", paymentId: "x", amountFen: 5 },
      {
        kind: "payment-approval-overdue",
        programmeId: "p",
        paymentId: "x",
        waitingSince: "2026-01-01T00:00:00Z",
      },
      { kind: "recovery-received", programmeId: "p", recoveryId: "r", amountFen: 7 },
    ];
    const expected = [
      ["ApplicationsSubmitted"],
      ["PaymentFailures"],
      ["PaymentRejections"],
      ["PaymentApprovalsOverdue"],
      ["RecoveriesReceived", "RecoveredFen"],
    ];
    events.forEach((event, i) => {
      const [doc] = emit(event);
      const d = directive(doc!);
      expect(d.Metrics.map((m) => m.Name)).toEqual(expected[i]);
      for (const m of d.Metrics) {
        expect(typeof doc![m.Name]).toBe("number");
        expect(m.Unit).toBe(m.Name.endsWith("Fen") ? "None" : "Count");
      }
      for (const set of d.Dimensions) for (const name of set) expect(typeof doc![name]).toBe("string");
    });
    expect(emit(events[4]!)[0]!["RecoveredFen"]).toBe(7);
  });

  it("follows LOG_LEVEL (silent writes nothing) and never throws", () => {
    process.env["LOG_LEVEL"] = "silent";
    expect(emit({ kind: "application-submitted", programmeId: "p", challengeId: "c" })).toEqual([]);
    process.env["LOG_LEVEL"] = "info";
    const failing = emfMetrics(() => {
      throw new Error("stdout closed");
    });
    expect(() =>
      failing.record({ kind: "application-submitted", programmeId: "p", challengeId: "c" }),
    ).not.toThrow();
  });
});
