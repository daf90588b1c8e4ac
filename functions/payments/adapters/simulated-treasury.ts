// Adapter (embedded runtime only): a simulated treasury (国库集中支付). On a submitted instruction it confirms with a
// reference number, or fails, or holds the instruction (no answer: the state machine's timeout), as a test tells it.
// The same instruction id is disbursed at most once: a resubmission is answered with the first reference. Like a
// real treasury it remembers its disbursements across restarts: one JSON line each in JIEBANG_TREASURY_STATE (the
// embedded runtime sets it under its data directory), written before it answers.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { type MachineCredentials, signedHeaders } from "../../platform/http/sigv4.ts";
import type { PaymentInstruction, Treasury } from "../treasury.ts";

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

interface Disbursement {
  readonly reference: string;
  readonly amountFen: number;
  readonly payeeOrganisationId: string;
}

let counter = 0;
let loadedFrom: string | undefined;
const stateFile = () => process.env.JIEBANG_TREASURY_STATE;

/** The disbursements in the state file, one JSON line each: what the simulator paid before a restart. */
export function persistedDisbursements(file: string): (Disbursement & { instructionId: string })[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Disbursement & { instructionId: string });
}

function load(sim: TreasurySimulator): void {
  const file = stateFile();
  if (!file || loadedFrom === file) return;
  loadedFrom = file;
  for (const d of persistedDisbursements(file)) {
    sim.disbursed.set(d.instructionId, {
      reference: d.reference,
      amountFen: d.amountFen,
      payeeOrganisationId: d.payeeOrganisationId,
    });
    counter = Math.max(counter, Number(d.reference.slice("GKZF-".length)) || 0);
  }
}

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
    const file = stateFile();
    if (file && existsSync(file)) writeFileSync(file, "");
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
      load(sim);
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
        const file = stateFile();
        if (file)
          appendFileSync(file, `${JSON.stringify({ instructionId: instruction.instructionId, ...done })}\n`);
      }
      await answer({
        instructionId: instruction.instructionId,
        outcome: "confirmed",
        reference: done.reference,
      });
    },
  };
}

/**
 * How the simulator answers in the embedded runtime: as the real treasury system does in AWS, a POST to the IAM route
 * /v1/treasury/confirmations signed (SigV4) with the treasury's machine credentials; a refusal fails the task.
 */
export function answerThroughApi(url: string, credentials: MachineCredentials, region: string): Answer {
  return async (answer) => {
    const body = JSON.stringify(answer);
    const headers = { "content-type": "application/json" };
    const response = await fetch(url, {
      method: "POST",
      headers: {
        ...headers,
        ...(await signedHeaders(credentials, region, { method: "POST", url, body, headers })),
      },
      body,
    });
    const text = await response.text();
    if (response.status >= 300)
      throw new Error(`treasury confirmation refused: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
}

/** AWS: the instruction is on the payment record; the treasury's machine caller answers through the API. */
export const externalTreasury: Treasury = { async submit() {} };
