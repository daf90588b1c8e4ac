// Use-case model: the demand (需求) record of the intake workflow and the zod schemas of what an enterprise writes.
// Elements required by 002 四.一: background, content, key technologies with target metrics, time limit,
// total investment, requirements on solvers.
import * as z from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);

export const targetMetric = z
  .object({
    name: text(200), // 指标名称
    target: text(200), // 目标值
    unit: z.string().trim().max(50).optional(),
  })
  .strict();

export const keyTechnology = z
  .object({
    name: text(200), // 关键技术
    targetMetrics: z.array(targetMetric).min(1).max(30),
  })
  .strict();

/** Everything an enterprise states in a complete demand (需求要素). */
export const demandContent = z
  .object({
    title: text(200),
    field: text(100), // 领域, one of the programme's fields
    background: text(5000), // 需求背景
    content: text(10000), // 需求内容
    keyTechnologies: z.array(keyTechnology).min(1).max(20),
    timeLimitMonths: z.number().int().min(1).max(60), // 时限
    totalInvestmentFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), // 总投资 (fen)
    solverRequirements: text(5000), // 对揭榜方的要求
  })
  .strict();

/** A draft may be incomplete; only the title is needed to start one. */
export const demandDraft = demandContent.partial().required({ title: true }).strict();

export type DemandContent = z.infer<typeof demandContent>;
export type DemandDraft = z.infer<typeof demandDraft>;

export const demandStatuses = ["draft", "submitted", "accepted", "returned", "lapsed"] as const;
export type DemandStatus = (typeof demandStatuses)[number];

export const attachmentTypes = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "application/zip": "zip",
} as const;
export const maxAttachmentBytes = 50 * 1024 * 1024;
export const maxAttachmentsPerDemand = 20;

export interface Attachment {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 declared by the uploader, checked against the stored bytes before submission. */
  readonly sha256: string;
  readonly key: string;
  readonly status: "reserved" | "verified";
  readonly reservedAt: string;
  readonly verifiedAt?: string;
}

export interface Decision {
  readonly decision: "accept" | "return";
  readonly comment?: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface Demand {
  readonly id: string;
  readonly organisationId: string;
  readonly createdBy: string;
  readonly status: DemandStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly content: DemandDraft;
  readonly attachments: readonly Attachment[];
  readonly submissions: number;
  readonly submittedAt?: string;
  /** The intake execution (one per demand, named after it). */
  readonly workflow?: { readonly executionName: string; readonly executionArn?: string };
  /** The callback the workflow is parked on, with its token (never shown to clients). */
  readonly pendingTask?: {
    readonly kind: "decision" | "resubmission";
    readonly token: string;
    readonly since: string;
  };
  /** A decision sent to the workflow and not yet applied by it. */
  readonly pendingDecision?: Decision;
  readonly decisions: readonly Decision[];
  readonly overdueSince?: string;
}

/** What clients see of a demand: everything but the task token. */
export function publicView(demand: Demand) {
  const { pendingTask, ...rest } = demand;
  return {
    ...rest,
    ...(pendingTask ? { waitingFor: { kind: pendingTask.kind, since: pendingTask.since } } : {}),
  };
}
