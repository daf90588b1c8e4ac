// Use cases of the judicial referral (《太原市…行动方案》四（七）4 “情节严重者移交司法机关处理”): the bureau refers a project
// closed for fraud to a judicial organ (organ, date, reference, reasoning, documents) and later records the organ's
// outcomes; programme staff — finance and auditors included — read it beside the recovery.
import { type Actor, actorName } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { conflictError, notFoundError } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { bump, listAll, recordsById, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { created, updated } from "../platform/ports/records.ts";
import { projectKind } from "../projects/model.ts";
import { type RecoveryRecord, recoveryId, recoveryKind } from "../recoveries/model.ts";
import { type FollowupDeps, projectFor } from "./common.ts";
import {
  allJudicialReferrals,
  type JudicialReferralRecord,
  judicialReferralId,
  judicialReferralKind,
  type ReferralDocument,
  type ReferralOutcome,
} from "./model.ts";
import { writeReferralReports } from "./referral-reports.ts";
import { assertOutcomeDate, assertReferable } from "./rules/referral.ts";

export interface ReferralInput {
  readonly organ: string;
  readonly referredOn: string;
  readonly reference: string;
  readonly reasoning: string;
  readonly documents: readonly ReferralDocument[];
}

const notReferred = (projectId: string) =>
  notFoundError(
    "REFERRAL_NOT_FOUND",
    `Project ${projectId} has not been referred`,
    `项目 ${projectId} 未移交司法机关`,
  );

/** The bureau refers a fraud finding to a judicial organ: once per project, on or after the finding. */
export async function referToJudiciary(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: ReferralInput,
): Promise<JudicialReferralRecord> {
  const { project, track, at } = await projectFor(deps, actor, projectId, "decide");
  const termination = track.termination;
  assertReferable(
    termination
      ? { kind: termination.kind, decidedOn: shanghaiDate(Date.parse(termination.decidedAt)) }
      : undefined,
    input.referredOn,
  );
  if (await deps.records.get(judicialReferralKind, judicialReferralId(projectId))) {
    throw conflictError("ALREADY_REFERRED", "The project has already been referred", "该项目已移交司法机关");
  }
  const recovery = await deps.records.get(recoveryKind, recoveryId(projectId));
  const referral: JudicialReferralRecord = {
    id: judicialReferralId(projectId),
    version: 1,
    projectId,
    programmeId: project.programmeId,
    organ: input.organ,
    referredOn: input.referredOn,
    reference: input.reference,
    reasoning: input.reasoning,
    documents: input.documents,
    ...(recovery ? { recoveryId: recovery.id } : {}),
    recoverFen: recovery?.amountFen ?? 0,
    paidFen: recovery?.paidFen ?? 0,
    fraudDecidedAt: termination!.decidedAt,
    referredBy: actor.userId,
    referredByName: actorName(actor),
    outcomes: [],
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(judicialReferralKind, referral, {
        actor: actor.userId,
        role: "bureau",
        action: "judicial-referral.referred",
        detail: { organ: input.organ, referredOn: input.referredOn, reference: input.reference },
      }),
    ],
    at,
  );
  await writeReferralReports(deps, projectId);
  return (await deps.records.get(judicialReferralKind, judicialReferralId(projectId))) ?? referral;
}

/** The bureau records an answer of the organ (立案, 起诉, 判决 …), in date order. */
export async function recordReferralOutcome(
  deps: FollowupDeps,
  actor: Actor,
  projectId: string,
  input: { outcome: ReferralOutcome; decidedOn: string; reference?: string | undefined; summary: string },
): Promise<JudicialReferralRecord> {
  const after = await retryOnConflict(async () => {
    const { at } = await projectFor(deps, actor, projectId, "decide");
    const referral = await deps.records.get(judicialReferralKind, judicialReferralId(projectId));
    if (!referral) throw notReferred(projectId);
    assertOutcomeDate(referral.referredOn, referral.outcomes.at(-1)?.decidedOn, input.decidedOn);
    const after = bump(referral, at, {
      outcomes: [
        ...referral.outcomes,
        {
          seq: referral.outcomes.length + 1,
          outcome: input.outcome,
          decidedOn: input.decidedOn,
          ...(input.reference ? { reference: input.reference } : {}),
          summary: input.summary,
          recordedBy: actor.userId,
          recordedByName: actorName(actor),
          at,
        },
      ],
    });
    await deps.records.write(
      [
        updated(judicialReferralKind, referral, after, {
          actor: actor.userId,
          role: "bureau",
          action: "judicial-referral.outcome",
          detail: { outcome: input.outcome, decidedOn: input.decidedOn },
        }),
      ],
      at,
    );
    return after;
  });
  await writeReferralReports(deps, projectId);
  return (await deps.records.get(judicialReferralKind, judicialReferralId(projectId))) ?? after;
}

/** One project's referral (programme staff); null when the project has not been referred. */
export async function readReferral(deps: FollowupDeps, actor: Actor, projectId: string) {
  await projectFor(deps, actor, projectId, "referral-read");
  return (await deps.records.get(judicialReferralKind, judicialReferralId(projectId))) ?? null;
}

/**
 * Every referral with its project's title and the recovery's state (amount, received, status): the finance and audit
 * view of frauds referred, newest first.
 */
export async function listReferrals(deps: FollowupDeps, actor: Actor) {
  authorizeRecord(actor, "followup", "referral-read");
  const referrals = (await listAll(deps.records, allJudicialReferrals())).reverse();
  const projects = await recordsById(
    deps.records,
    projectKind,
    referrals.map((r) => r.projectId),
  );
  const recoveries = await recordsById<RecoveryRecord>(
    deps.records,
    recoveryKind,
    referrals.flatMap((r) => (r.recoveryId ? [r.recoveryId] : [])),
  );
  return {
    items: referrals.map((r) => {
      const recovery = r.recoveryId ? recoveries.get(r.recoveryId) : undefined;
      const title = projects.get(r.projectId)?.title;
      return {
        ...r,
        ...(title ? { projectTitle: title } : {}),
        ...(recovery
          ? {
              recovery: {
                id: recovery.id,
                amountFen: recovery.amountFen,
                receivedFen: recovery.receivedFen ?? 0,
                status: recovery.status,
              },
            }
          : {}),
      };
    }),
  };
}
