// Adapter (HTTP): payments (拨付) — the payment queue, payment runs with an Idempotency-Key, four-eyes approval,
// a failed disbursement's four-eyes resolution, a payment's state, a programme's ledger with its rebuild check, and
// the treasury's confirmation callback. Thin over payments/.
import * as z from "zod/mini";
import { isIsoDate } from "../../kernel/dates.ts";
import { validationError } from "../../kernel/errors.ts";
import { httpHandler, route } from "../../platform/http/frame.ts";
import { actor } from "../../platform/http/request.ts";
import { leverageDefinition, leverageDefinitionZh } from "../../programmes/rules/leverage.ts";
import {
  financeReport,
  financeReportCsv,
  listRecoveries,
  readRecovery,
  recordReceipt,
  totalFinanceReport,
  totalFinanceReportCsv,
} from "../../recoveries/recoveries.ts";
import { resolutionOutcomes } from "../model.ts";
import { paymentQueue, programmeLedger, readPayment } from "../reads.ts";
import { confirmResolution, proposeResolution } from "../resolution.ts";
import { decideApproval, triggerPayments } from "../runs.ts";
import {
  getFinanceReport200Schema,
  getPaymentsPaymentId200Schema,
  getPaymentsQueue200Schema,
  getProgrammesProgrammeIdFinanceReport200Schema,
  getProgrammesProgrammeIdLedger200Schema,
  getRecoveries200Schema,
  getRecoveriesRecoveryId200Schema,
  paymentRecordSchema,
  paymentRunResultSchema,
  postRecoveriesRecoveryIdReceipts201Schema,
  postTreasuryConfirmations200Schema,
} from "../views.ts";
import { confirmDisbursement } from "../workflow.ts";
import { paymentDeps } from "./deps.ts";

const identifier = z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(200),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:@#-]*$/, "letters, digits and . _ : @ # -"),
    ),
);
/** The Idempotency-Key header, or a 400 with its field path. */
function idempotencyHeader(headers: Readonly<Record<string, string>>): string {
  const parsed = idempotencyKey.safeParse(headers["idempotency-key"] ?? "");
  if (parsed.success) return parsed.data;
  throw validationError(
    "IDEMPOTENCY_KEY_REQUIRED",
    "send an Idempotency-Key header (8-128 characters)",
    "请提供幂等键 Idempotency-Key 请求头（8-128 个字符）",
    [
      {
        path: "headers.idempotency-key",
        message: "required, 8-128 of A-Z a-z 0-9 . _ : -",
        messageZh: "必填",
      },
    ],
  );
}
const idempotencyKey = z.lazy(() =>
  z
    .string()
    .check(z.minLength(8), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/, "letters, digits and . _ : -")),
);

export const handler = httpHandler("payments-api", {
  "GET /v1/payments/queue": route(
    () => ({
      query: z.strictObject({
        programmeId: z.optional(identifier),
        enterprise: z.optional(identifier),
        dueSince: z.optional(z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" }))),
      }),
      response: { 200: getPaymentsQueue200Schema },
    }),
    async (request) => ({
      status: 200,
      body: { items: await paymentQueue(paymentDeps(request.clock), request.query) },
    }),
  ),

  "POST /v1/payments": route(
    () => ({
      body: z.strictObject({ trancheIds: z.array(identifier).check(z.minLength(1), z.maxLength(50)) }),
      response: { 202: paymentRunResultSchema },
    }),
    async (request) => {
      return {
        status: 202,
        body: await triggerPayments(paymentDeps(request.clock), actor(request.principal), {
          idempotencyKey: idempotencyHeader(request.headers),
          trancheIds: request.body.trancheIds,
        }),
      };
    },
  ),

  "GET /v1/payments/{paymentId}": route(
    () => ({
      params: z.strictObject({ paymentId: identifier }),
      response: { 200: getPaymentsPaymentId200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await readPayment(paymentDeps(request.clock), request.params.paymentId),
    }),
  ),

  "POST /v1/payments/{paymentId}/approval": route(
    () => ({
      params: z.strictObject({ paymentId: identifier }),
      body: z.strictObject({
        decision: z.enum(["approve", "reject"]),
        reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
      }),
      response: { 200: paymentRecordSchema },
    }),
    async (request) => ({
      status: 200,
      body: await decideApproval(
        paymentDeps(request.clock),
        actor(request.principal),
        request.params.paymentId,
        {
          decision: request.body.decision,
          ...(request.body.reason ? { reason: request.body.reason } : {}),
        },
      ),
    }),
  ),

  "POST /v1/payments/{paymentId}/resolution": route(
    () => ({
      params: z.strictObject({ paymentId: identifier }),
      body: z.strictObject({
        outcome: z.enum(resolutionOutcomes),
        reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
      }),
      response: { 200: paymentRecordSchema },
    }),
    async (request) => ({
      status: 200,
      body: await proposeResolution(
        paymentDeps(request.clock),
        actor(request.principal),
        request.params.paymentId,
        request.body,
      ),
    }),
  ),

  "POST /v1/payments/{paymentId}/resolution/confirmation": route(
    () => ({
      params: z.strictObject({ paymentId: identifier }),
      body: z.strictObject({ outcome: z.enum(resolutionOutcomes) }),
      response: { 200: paymentRecordSchema },
    }),
    async (request) => ({
      status: 200,
      body: await confirmResolution(
        paymentDeps(request.clock),
        actor(request.principal),
        request.params.paymentId,
        request.body,
      ),
    }),
  ),

  "GET /v1/programmes/{programmeId}/ledger": route(
    () => ({
      params: z.strictObject({ programmeId: identifier }),
      response: { 200: getProgrammesProgrammeIdLedger200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await programmeLedger(paymentDeps(request.clock), request.params.programmeId),
    }),
  ),

  // --- recoveries (收回) and reports ---
  "GET /v1/recoveries": route(
    () => ({
      query: z.strictObject({
        status: z.optional(z.enum(["assessed", "recovered", "waived"])),
        // Overdue receivables escalated by their timer (recovery-escalation), or those not escalated.
        escalated: z.optional(z.enum(["true", "false"])),
      }),
      response: { 200: getRecoveries200Schema },
    }),
    async (request) => ({
      status: 200,
      body: {
        items: await listRecoveries(paymentDeps(request.clock), {
          ...(request.query.status ? { status: request.query.status } : {}),
          ...(request.query.escalated ? { escalated: request.query.escalated === "true" } : {}),
        }),
      },
    }),
  ),

  "GET /v1/recoveries/{recoveryId}": route(
    () => ({
      params: z.strictObject({ recoveryId: identifier }),
      response: { 200: getRecoveriesRecoveryId200Schema },
    }),
    async (request) => ({
      status: 200,
      body: await readRecovery(paymentDeps(request.clock), request.params.recoveryId),
    }),
  ),

  "POST /v1/recoveries/{recoveryId}/receipts": route(
    () => ({
      params: z.strictObject({ recoveryId: identifier }),
      body: z.strictObject({
        amountFen: z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
        reference: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
        receivedOn: z.string().check(z.refine(isIsoDate, { message: "not a date YYYY-MM-DD" })),
      }),
      response: { 201: postRecoveriesRecoveryIdReceipts201Schema },
    }),
    async (request) => ({
      status: 201,
      body: await recordReceipt(
        paymentDeps(request.clock),
        actor(request.principal),
        request.params.recoveryId,
        { idempotencyKey: idempotencyHeader(request.headers), ...request.body },
      ),
    }),
  ),

  "GET /v1/programmes/{programmeId}/finance-report": route(
    () => ({
      params: z.strictObject({ programmeId: identifier }),
      query: z.strictObject({ format: z.optional(z.enum(["json", "csv"])) }),
      response: {
        200: {
          description: "the report as JSON, or as CSV with format=csv",
          schema: getProgrammesProgrammeIdFinanceReport200Schema,
          contentType: "text/csv",
        },
      },
      description: `${leverageDefinition} ${leverageDefinitionZh}`,
    }),
    async (request) => {
      const report = await financeReport(paymentDeps(request.clock), request.params.programmeId);
      if (request.query.format !== "csv") return { status: 200, body: report };
      return {
        status: 200,
        body: financeReportCsv(report),
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="finance-report-${request.params.programmeId}.csv"`,
        },
      };
    },
  ),

  "GET /v1/finance-report": route(
    () => ({
      query: z.strictObject({ format: z.optional(z.enum(["json", "csv"])) }),
      response: {
        200: {
          description: "the report as JSON, or as CSV with format=csv",
          schema: getFinanceReport200Schema,
          contentType: "text/csv",
        },
      },
      description: `${leverageDefinition} ${leverageDefinitionZh}`,
    }),
    async (request) => {
      const report = await totalFinanceReport(paymentDeps(request.clock));
      if (request.query.format !== "csv") return { status: 200, body: report };
      return {
        status: 200,
        body: totalFinanceReportCsv(report),
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="finance-report-total.csv"',
        },
      };
    },
  ),

  "POST /v1/treasury/confirmations": route(
    () => ({
      body: z
        .strictObject({
          instructionId: identifier,
          outcome: z.enum(["confirmed", "failed"]),
          reference: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
          reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
        })
        .check(
          z.refine((b) => b.outcome !== "confirmed" || b.reference !== undefined, {
            message: "a confirmation carries the treasury's reference",
            path: ["reference"],
          }),
        ),
      response: { 200: postTreasuryConfirmations200Schema },
    }),
    // IAM route (catalog auth `iam`): the frame lets in only the SigV4-verified treasury system; its ARN is audited.
    async (request) => ({
      status: 200,
      body: await confirmDisbursement(paymentDeps(request.clock), {
        ...request.body,
        caller: actor(request.principal).userId,
      }),
    }),
  ),
});
