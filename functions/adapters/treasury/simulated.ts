// Adapter (embedded runtime only): a simulated treasury (国库集中支付). On a submitted instruction it confirms with a
// reference number, or fails, or holds the instruction (no answer: the state machine's timeout), as a test tells it.
// The same instruction id is disbursed at most once: a resubmission is answered with the first reference.
import type { PaymentInstruction, Treasury } from "../../ports/treasury.ts";

export interface TreasurySimulator {
  /** Fail the next n instructions (a treasury-side error; the state machine retries with backoff). */
  failNext: number;
  /** Hold instructions without answering (a delay: the callback's timeout fires). */
  hold: boolean;
  /** Every submission, in order. */
  readonly submissions: PaymentInstruction[];
  /** Money actually disbursed, by instruction id: one entry per disbursement. */
  readonly disbursed: Map<string, { reference: string; amountFen: number; payeeOrganisationId: string }>;
  reset(): void;
}

let counter = 0;
export const treasurySimulator: TreasurySimulator = {
  failNext: 0,
  hold: false,
  submissions: [],
  disbursed: new Map(),
  reset() {
    this.failNext = 0;
    this.hold = false;
    this.submissions.length = 0;
    this.disbursed.clear();
  },
};

type Answer = (answer: {
  instructionId: string;
  outcome: "confirmed" | "failed";
  reference?: string;
  reason?: string;
}) => Promise<unknown>;

export function simulatedTreasury(answer: Answer): Treasury {
  return {
    async submit(instruction) {
      const sim = treasurySimulator;
      sim.submissions.push(instruction);
      if (sim.hold) return;
      if (sim.failNext > 0) {
        sim.failNext -= 1;
        await answer({
          instructionId: instruction.instructionId,
          outcome: "failed",
          reason: "treasury unavailable (simulated)",
        });
        return;
      }
      let done = sim.disbursed.get(instruction.instructionId);
      if (!done) {
        counter += 1;
        done = {
          reference: `GKZF-${String(counter).padStart(8, "0")}`,
          amountFen: instruction.amountFen,
          payeeOrganisationId: instruction.payeeOrganisationId,
        };
        sim.disbursed.set(instruction.instructionId, done);
      }
      await answer({
        instructionId: instruction.instructionId,
        outcome: "confirmed",
        reference: done.reference,
      });
    },
  };
}

/** AWS: the instruction is on the payment record; the treasury's machine caller answers through the API. */
export const externalTreasury: Treasury = { async submit() {} };
