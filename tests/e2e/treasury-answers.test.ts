// End-to-end: the treasury's answers on the embedded runtime over HTTP, signed as the treasury's system — the first
// answer to a submission decides it (replays, another reference and a failure afterwards write nothing), the
// treasury's identity is the actor of its audit events, every recorded failure is one the workflow counted, and a
// treasury failing every submission ends the payment in DisbursementFailed with the PaymentFailures metric.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { stateMachineArnEnvVar, unqualifiedStateMachineArn } from "../../functions/catalog.ts";
import { treasurySimulator } from "../../functions/payments/adapters/simulated-treasury.ts";
import { type PaymentRecord, paymentKind } from "../../functions/payments/model.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { trancheKind } from "../../functions/projects/model.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";
import { localMachineCredentials } from "../../local/sigv4.ts";
import { paymentsOn } from "../support/payments.ts";

let runtime: Runtime;
let dataDir: string;
let sfn: SFNClient;
const p = paymentsOn(() => runtime);

/** Holds the next RecordPayment task: the payment stays `disbursing` after the treasury's answer until released. */
let gate: { reached: () => void; released: Promise<void> } | undefined;
let releaseGate: () => void = () => {};
function holdRecordPayment() {
  let reached: () => void = () => {};
  let release: () => void = () => {};
  const hit = new Promise<void>((r) => {
    reached = r;
  });
  gate = {
    reached,
    released: new Promise<void>((r) => {
      release = r;
    }),
  };
  releaseGate = () => {
    gate = undefined;
    release();
  };
  return { hit, release: () => releaseGate() };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-treasury-answers-"));
  runtime = await startRuntime({
    dataDir,
    clockStart: "2025-06-02T02:00:00.000Z",
    beforeInvoke: (name, event) => {
      if (!gate || name !== "payment-tasks" || (event as { task?: string }).task !== "recordPayment") return;
      gate.reached();
      return gate.released;
    },
  });
  sfn = new SFNClient({
    endpoint: runtime.info.stepFunctionsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "l", secretAccessKey: "l" },
  });
});
afterAll(async () => {
  sfn?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => treasurySimulator.reset());
afterEach(() => releaseGate()); // a failed assertion must not leave a task held

const stored = async (id: string) => ({
  payment: (await recordStore().get(paymentKind, id)) as PaymentRecord,
  trail: await recordStore().auditTrail(paymentKind, id),
});

function executionArnOf(payment: PaymentRecord): string {
  const smArn = unqualifiedStateMachineArn(process.env[stateMachineArnEnvVar("payment")] as string);
  return `${smArn.replace(":stateMachine:", ":execution:")}:${payment.executionName}`;
}

/** The payment execution's history events of the given types. */
async function eventsOf(payment: PaymentRecord, ...types: string[]) {
  const history = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: executionArnOf(payment), maxResults: 1000 }),
  );
  return (history.events ?? []).filter((e) => types.includes(e.type ?? ""));
}

/** A payment approved and parked on the treasury (the simulator holds the instruction: the test answers). */
async function disbursing(key: string): Promise<string> {
  const project = await p.signedProject();
  const id = await p.reserveFirstTranche(project, key);
  treasurySimulator.hold = true;
  await p.approve(id);
  await p.settle();
  expect((await p.payment(id)).status).toBe("disbursing");
  return id;
}

describe("the treasury's answers", () => {
  it("the first answer decides: 5 replays, another reference and a failure while disbursing write nothing", async () => {
    const id = await disbursing("first-answer-run-01");
    const held = holdRecordPayment();
    const first = await p.treasuryPost({
      instructionId: id,
      outcome: "confirmed",
      reference: "GKZF-FIRST-1",
    });
    expect(first).toEqual({ status: 200, body: { accepted: true } });
    await held.hit; // RecordPayment has not run: the payment is still disbursing
    const decided = await stored(id);
    expect(decided.payment.status).toBe("disbursing");
    expect(decided.payment.treasury?.reference).toBe("GKZF-FIRST-1");

    // An exact replay is a no-op: 200, nothing written, nothing sent to the workflow that it has not heard.
    for (let i = 0; i < 5; i++) {
      const replay = await p.treasuryPost({
        instructionId: id,
        outcome: "confirmed",
        reference: "GKZF-FIRST-1",
      });
      expect(replay).toEqual({ status: 200, body: { accepted: false, replay: true } });
    }
    // Anything else after the first answer: 409, with a stable code and an English and a Chinese message.
    for (const other of [
      { instructionId: id, outcome: "confirmed", reference: "GKZF-OTHER-2" },
      { instructionId: id, outcome: "failed", reason: "payee account frozen" },
    ]) {
      const refused = await p.treasuryPost(other);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: "TREASURY_ALREADY_ANSWERED" });
      expect(refused.body["messageZh"]).toMatch(/[\u4e00-\u9fff]/);
    }
    const after = await stored(id);
    expect(after.payment.version).toBe(decided.payment.version);
    expect(after.payment).toEqual(decided.payment);
    expect(after.trail).toEqual(decided.trail);
    // The treasury's answer is the treasury's audit event: its machine identity (SigV4 principal) is the actor.
    const answered = decided.trail.filter((e) => e.action.startsWith("treasury."));
    expect(answered.map((e) => [e.action, e.actor, e.role])).toEqual([
      ["treasury.confirmed", localMachineCredentials.treasury.userArn, "treasury"],
    ]);

    held.release();
    await p.settle();
    const paid = await stored(id);
    expect(paid.payment.status).toBe("paid");
    expect((await recordStore().get(trancheKind, paid.payment.trancheId))?.payment?.treasuryReference).toBe(
      "GKZF-FIRST-1",
    );
    // Once paid, the same replay is still a no-op and another answer is refused; nothing is written.
    expect(
      await p.treasuryPost({ instructionId: id, outcome: "confirmed", reference: "GKZF-FIRST-1" }),
    ).toEqual({ status: 200, body: { accepted: false, replay: true } });
    const late = await p.treasuryPost({ instructionId: id, outcome: "confirmed", reference: "GKZF-OTHER-3" });
    expect(late).toMatchObject({ status: 409, body: { code: "NOT_DISBURSING" } });
    expect(await stored(id)).toEqual(paid);
  });

  it("12 signed failures: each recorded failure is one the workflow counted; after 1 + 4 the payment ends in DisbursementFailed", async () => {
    const id = await disbursing("failing-run-01");
    // The attack: 12 failures at once for one submission.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        p.treasuryPost({ instructionId: id, outcome: "failed", reason: `treasury refused (burst ${i})` }),
      ),
    );
    await p.settle();
    const taken = burst.filter((r) => r.status === 200 && r.body["accepted"] === true).length;
    expect(taken).toBeGreaterThanOrEqual(1);
    for (const r of burst.filter((r) => r.status !== 200)) {
      expect(r).toMatchObject({ status: 409, body: { code: "TREASURY_ALREADY_ANSWERED" } });
    }
    let payment = (await stored(id)).payment;
    expect(payment.treasury?.failures).toHaveLength(taken);
    expect(await eventsOf(payment, "TaskFailed")).toHaveLength(taken);

    // The treasury fails every further submission, one answer each, until the retries are spent.
    const lines: string[] = [];
    const level = process.env["LOG_LEVEL"];
    process.env["LOG_LEVEL"] = "info";
    const write = process.stdout.write.bind(process.stdout);
    const spy = vi.spyOn(process.stdout, "write").mockImplementation(((
      chunk: unknown,
      ...rest: unknown[]
    ) => {
      if (String(chunk).includes('"_aws"')) {
        lines.push(String(chunk));
        return true;
      }
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    try {
      for (let i = 0; i < 12 && payment.status === "disbursing"; i++) {
        const answer = await p.treasuryPost({ instructionId: id, outcome: "failed", reason: `refused ${i}` });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        await p.settle();
        payment = (await stored(id)).payment;
      }
    } finally {
      spy.mockRestore();
      process.env["LOG_LEVEL"] = level;
    }
    expect(payment.status).toBe("disbursement-failed");
    expect(payment.treasury?.submissions).toBe(5); // 1 + MaxAttempts 4 (Treasury.Failed)
    expect(payment.treasury?.failures).toHaveLength(5);
    expect(await eventsOf(payment, "TaskFailed")).toHaveLength(5);
    const ended = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(payment) }));
    expect(ended).toMatchObject({ status: "FAILED", error: "Payment.DisbursementFailed" });
    const emf = lines.flatMap((l) => l.split("\n")).filter((l) => l.includes(id));
    expect(emf.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ event: "payment-failed", PaymentFailures: 1, reason: "Treasury.Failed" }),
    ]);

    // After that, a treasury answer is refused and writes nothing.
    const before = await stored(id);
    const late = await p.treasuryPost({ instructionId: id, outcome: "failed", reason: "again" });
    expect(late).toMatchObject({ status: 409, body: { code: "NOT_DISBURSING" } });
    expect(await stored(id)).toEqual(before);
  });
});
