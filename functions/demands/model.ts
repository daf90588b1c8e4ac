// Use-case model: the demand (需求) record of the intake workflow and the zod schemas of what an enterprise writes.
// Elements required by 《太原市实施“双百攻关行动”工作方案》四（一）: background, content, key technologies with their metrics, time limit,
// total investment, solver requirements. A demand belongs to a programme (批次) and ends in a challenge (榜单).

import * as z from "zod/mini";
import { type ChallengeTerms, challengeTerms } from "../challenges/model.ts";
import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import { demandTodos, refinementTodos } from "./rules/todos.ts";

// The schemas are built on first use (z.lazy): a function that imports this module for its records builds none.
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const targetMetric = z.lazy(() =>
  z.strictObject({
    name: text(200), // 指标名称
    target: text(200), // 目标值
    unit: z.optional(z.string().check(z.trim(), z.maxLength(50))),
  }),
);

export const keyTechnology = z.lazy(() =>
  z.strictObject({
    name: text(200), // 关键技术
    targetMetrics: z.array(targetMetric).check(z.minLength(1), z.maxLength(30)),
  }),
);

/** Everything an enterprise states in a complete demand (需求要素). */
const content = () =>
  z.strictObject({
    title: text(200),
    field: text(100), // 领域, one of the programme's fields
    background: text(5000), // 需求背景
    content: text(10000), // 需求内容
    keyTechnologies: z.array(keyTechnology).check(z.minLength(1), z.maxLength(20)),
    timeLimitMonths: z.number().check(z.int(), z.gte(1), z.lte(60)), // 时限
    totalInvestmentFen: z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER)), // 总投资 (fen)
    solverRequirements: text(5000), // 对揭榜方的要求
  });
export const demandContent = z.lazy(content);

/** A draft may be incomplete; only the title is needed to start one. */
const draft = () => z.required(z.partial(content()), { title: true });
export const demandDraft = z.lazy(draft);

/** What an enterprise may change on a draft (PATCH): any of the draft's fields. */
export const demandPatch = z.lazy(() => z.partial(draft()));

/** What an enterprise sends to start a demand: the programme (批次) it answers and a draft. */
export const newDemand = z.lazy(() =>
  z.extend(draft(), {
    programmeId: z.string().check(z.regex(/^prg-[0-9a-f-]{36}$/, "not a programme id")),
  }),
);

export type DemandContent = z.infer<typeof demandContent>;
export type DemandDraft = z.infer<typeof demandDraft>;

/**
 * accepted = turned into a draft challenge (榜单凝练 done); merged = folded into another demand of the programme
 * (需求交叉融合), which carries it on; returned = sent back for changes; lapsed = never resubmitted.
 */
export const demandStatuses = ["draft", "submitted", "accepted", "merged", "returned", "lapsed"] as const;
export type DemandStatus = (typeof demandStatuses)[number];

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
  /**
   * The sealed copy (`sealed/<key>`, sealing.ts), written once when the attachment is verified at submission; it is
   * the copy the demand's reviewers and its challenge rely on, whatever is PUT to `key` afterwards.
   */
  readonly sealedKey?: string;
}

/** The bureau's refinement decision (榜单凝练), as the HTTP body states it. */
export const decisionInput = z.lazy(() =>
  z.discriminatedUnion("decision", [
    z.strictObject({
      decision: z.literal("return"),
      comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(5000))),
    }),
    z.strictObject({
      decision: z.literal("merge"),
      /** The submitted demand of the same programme that carries this one on. */
      mergeInto: z.string().check(z.regex(/^dmd-[0-9a-f-]{36}$/, "not a demand id")),
      comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(5000))),
    }),
    z.strictObject({
      decision: z.literal("draft-challenge"),
      challenge: challengeTerms,
      comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(5000))),
    }),
  ]),
);
export type DecisionInput = z.infer<typeof decisionInput>;

export interface Decision {
  readonly decision: "return" | "merge" | "draft-challenge";
  readonly comment?: string;
  /** merge: the demand that carries this one on. */
  readonly mergeInto?: string;
  /** draft-challenge: the challenge's id (chosen when deciding, so applying it twice creates it once) and terms. */
  readonly challengeId?: string;
  readonly challenge?: ChallengeTerms;
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** Set when the workflow could not apply it (e.g. the merge target moved on); the demand waits again. */
  readonly refused?: string;
}

export interface Demand {
  readonly id: string;
  /** The programme (批次) the demand answers; its field must be one of the programme's. */
  readonly programmeId: string;
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
  /** accepted: the draft challenge it became (also set on the demands merged into it). */
  readonly challengeId?: string;
  /** merged: the demand that carries it on. */
  readonly mergedInto?: string;
  /** Demands merged into this one (transitively), carried into its challenge. */
  readonly mergedDemandIds?: readonly string[];
}

/** The demand record: pk "DEMAND#<id>"; listed under its enterprise and under its status. */
export const demandKind: RecordKind<Demand> = {
  name: "DEMAND",
  indexKeys: (d) => ({
    gsi1pk: demandsOfOrganisation(d.organisationId).partition,
    gsi1sk: `${d.createdAt}#${d.id}`,
    gsi2pk: demandsWithStatus(d.status).partition,
    gsi2sk: `${d.updatedAt}#${d.id}`,
  }),
  todos: demandTodos,
};

/** An enterprise's demands, newest first. */
export const demandsOfOrganisation = (organisationId: string) =>
  listing<Demand>("gsi1", `ORG#${organisationId}#DEMAND`);

/** Demands in one status (the bureau's queue reads the submitted ones), most recently changed first. */
export const demandsWithStatus = (status: DemandStatus) => listing<Demand>("gsi2", `DEMAND#STATUS#${status}`);

/** What clients see of a demand: everything but the task token. */
export function publicView(demand: Demand) {
  const { pendingTask, ...rest } = demand;
  return {
    ...rest,
    ...(pendingTask ? { waitingFor: { kind: pendingTask.kind, since: pendingTask.since } } : {}),
  };
}

export interface RefinementOpinion {
  /** What the expert advises the bureau to do. */
  readonly recommendation: "draft-challenge" | "merge" | "return";
  readonly comment: string;
  /** The demand's submission the opinion is about (a resubmitted demand may get a new opinion). */
  readonly submission: number;
  readonly givenAt: string;
}

/** One expert on one demand (凝练专家). Id: `<demandId>~<expertId>`. */
export interface RefinementAssignmentRecord extends VersionedRecord {
  readonly demandId: string;
  readonly programmeId: string;
  readonly expertId: string;
  readonly expertOrganisationId: string;
  readonly assignedBy: string;
  readonly assignedAt: string;
  readonly status: "assigned" | "opinion-given";
  readonly opinion?: RefinementOpinion;
  readonly updatedAt: string;
}

export const refinementAssignmentKind: RecordKind<RefinementAssignmentRecord> = {
  name: "REFINEMENT",
  indexKeys: (a) => ({
    gsi1pk: refinementsOfDemand(a.demandId).partition,
    gsi1sk: `${a.assignedAt}#${a.expertId}`,
    gsi2pk: refinementsOfExpert(a.expertId).partition,
    gsi2sk: `${a.assignedAt}#${a.demandId}`,
  }),
  todos: refinementTodos,
};

/** A demand's refinement assignments (榜单凝练). */
export const refinementsOfDemand = (demandId: string) =>
  listing<RefinementAssignmentRecord>("gsi1", `DEMAND#${demandId}#REFINEMENT`);

/** An expert's refinement assignments. */
export const refinementsOfExpert = (expertId: string) =>
  listing<RefinementAssignmentRecord>("gsi2", `EXPERT#${expertId}#REFINEMENT`);

export const assignmentId = (demandId: string, expertId: string) => `${demandId}~${expertId}`;
