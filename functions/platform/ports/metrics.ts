// Port: business metrics (what the bureau and finance watch: applications, payments, money). Use cases record an
// event after the write that makes it true; the adapter (functions/platform/metrics.ts) emits CloudWatch embedded metrics.

export type BusinessEvent =
  | { readonly kind: "application-submitted"; readonly programmeId: string; readonly challengeId: string }
  | {
      readonly kind: "payment-disbursed";
      readonly programmeId: string;
      readonly paymentId: string;
      readonly amountFen: number;
    }
  | {
      readonly kind: "payment-failed";
      readonly programmeId: string;
      readonly paymentId: string;
      readonly amountFen: number;
      readonly reason: string;
    }
  | {
      readonly kind: "payment-rejected";
      readonly programmeId: string;
      readonly paymentId: string;
      readonly amountFen: number;
    }
  | {
      /** The second officer's approval did not come within the callback's timeout: the payment waits again. */
      readonly kind: "payment-approval-overdue";
      readonly programmeId: string;
      readonly paymentId: string;
      readonly waitingSince: string;
    }
  | {
      /**
       * A stuck-execution sweep (operations/stuck-executions.ts) ran: how many RUNNING executions it checked and how
       * many were stuck (0 included, so the alarm sees the all-clear). Platform-wide: no programme.
       */
      readonly kind: "stuck-executions-swept";
      readonly stuck: number;
      readonly running: number;
      /** The stuck executions' ARNs (a property, not a dimension). */
      readonly stuckExecutionArns: readonly string[];
    }
  | {
      readonly kind: "recovery-received";
      readonly programmeId: string;
      readonly recoveryId: string;
      readonly amountFen: number;
    };

export interface BusinessMetrics {
  /** Never throws: a metric that cannot be written must not undo or fail the business change. */
  record(event: BusinessEvent): void;
}
