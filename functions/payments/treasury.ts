// Port: the treasury (国库集中支付). A payment instruction is submitted; the answer comes back asynchronously through
// confirmDisbursement (payments/common.ts) — from the in-process simulator locally, from the treasury's machine
// caller in AWS (POST /v1/treasury/confirmations). The instruction id is the payment id: resubmitting it never pays twice.

export interface PaymentInstruction {
  readonly instructionId: string;
  readonly amountFen: number;
  readonly payeeOrganisationId: string;
}

export interface Treasury {
  submit(instruction: PaymentInstruction): Promise<void>;
}
