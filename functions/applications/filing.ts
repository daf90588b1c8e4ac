// Use cases of filing an application (揭榜): apply alone or as a consortium, amend, withdraw; each checked against the
// challenge, the policy, credit records and the lead's one live application, in the write's own transaction.

import type { Actor } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { conflictError, parseOrThrow } from "../kernel/errors.ts";
import { created, type RecordStore, type RecordWrite, updated } from "../platform/ports/records.ts";
import {
  type ApplicationDeps,
  assertApplicationAcceptable,
  assertLeadSolver,
  assertVersion,
  contentOf,
  LeadClaimTaken,
  leadClaimKey,
  loadApplication,
  loadApplicationForWrite,
  loadChallenge,
  loadChallengeForWrite,
  loadPolicy,
  newApplicationId,
  next,
  optimistically,
  party,
  type RegisteredParties,
  recentApplications,
  registeredParties,
  stateConflict,
} from "./common.ts";
import {
  type ApplicationContent,
  type ApplicationRecord,
  applicationContentFields,
  applicationKind,
  applicationPartyId,
  applicationPartyKind,
} from "./model.ts";
import { assertWindowOpen } from "./rules/window.ts";

/**
 * The content with the registry's word on its parties: registered names over the names the application declares
 * (what the public notice shows), and the parties' unified social credit codes.
 */
function withRegisteredNames(
  content: ApplicationContent,
  registered: RegisteredParties,
): ApplicationContent & Pick<ApplicationRecord, "organisationCodes"> {
  const names = { ...content.organisationNames, ...registered.names };
  return {
    ...content,
    ...(Object.keys(names).length > 0 ? { organisationNames: names } : {}),
    ...(Object.keys(registered.codes).length > 0 ? { organisationCodes: registered.codes } : {}),
  };
}

// ---- apply ------------------------------------------------------------------------------------------------------
/**
 * A solver organisation applies (揭榜) to an open challenge as lead, alone or with consortium members: a draft. One
 * live application per lead and challenge: the write claims a marker (challenge, lead) that only a withdrawal frees, so
 * two racing requests cannot both succeed.
 */
export function applyToChallenge(
  deps: ApplicationDeps,
  actor: Actor,
  challengeId: string,
  content: ApplicationContent,
): Promise<ApplicationRecord> {
  return optimistically(async (fresh) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const challenge = await loadChallengeForWrite(deps.records, challengeId, fresh);
    assertWindowOpen(challenge, now);
    const policy = await loadPolicy(deps.records, challenge);
    const guards = await assertApplicationAcceptable(
      deps.records,
      challenge,
      policy,
      actor.organisationId,
      content,
      shanghaiDate(now.getTime()),
      fresh,
    );
    const registered = await registeredParties(
      deps,
      actor.organisationId,
      content.memberOrganisationIds,
      now.getTime(),
      fresh,
    );
    const application: ApplicationRecord = {
      id: (deps.newId ?? newApplicationId)(),
      version: 1,
      challengeId: challenge.id,
      programmeId: challenge.programmeId,
      leadOrganisationId: actor.organisationId,
      ...withRegisteredNames(content, registered),
      agreement: {},
      status: "draft",
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    };
    const audit = { actor: actor.userId, role: "solver" };
    const claim = leadClaimKey(challenge.id, actor.organisationId);
    try {
      await deps.records.write(
        [
          created(applicationKind, application, {
            ...audit,
            action: "application.drafted",
            detail: {
              challengeId: challenge.id,
              leadOrganisationId: application.leadOrganisationId,
              memberOrganisationIds: application.memberOrganisationIds,
              requestedFen: application.requestedFen,
            },
          }),
          ...application.memberOrganisationIds.map((org) =>
            created(applicationPartyKind, party(application, org, "member", at), {
              ...audit,
              action: "application-party.added",
            }),
          ),
        ],
        at,
        [
          {
            op: "put-marker",
            key: claim,
            fields: { applicationId: application.id },
            failure: () => new LeadClaimTaken(),
          },
          ...guards,
          ...registered.guards,
        ],
      );
    } catch (error) {
      if (!(error instanceof LeadClaimTaken)) throw error;
      const existing = (await deps.records.getMarker(claim))?.["applicationId"] ?? "";
      throw conflictError(
        "APPLICATION_EXISTS",
        `Organisation ${actor.organisationId} already leads application ${existing} to this challenge; amend it instead`,
        `单位 ${actor.organisationId} 已牵头提交该榜单的揭榜申请 ${existing}，请修改原申请`,
      );
    }
    recentApplications.remember(deps.records, application.id, application);
    return application;
  });
}

// ---- amend, withdraw ----------------------------------------------------------------------------------------------
/**
 * The lead amends its application until the window closes (If-Match version). Any amendment of a signed application
 * voids both signatures, and a submitted one goes back to draft: it must be signed and submitted again.
 */
export function amendApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number,
  patch: Partial<ApplicationContent>,
): Promise<ApplicationRecord> {
  return optimistically(async (fresh) => {
    const application = await loadApplicationForWrite(deps.records, applicationId, fresh);
    assertLeadSolver(actor, application);
    assertVersion(application, expectedVersion);
    if (application.status !== "draft" && application.status !== "submitted") {
      throw stateConflict(application, "amend", "修改");
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const challenge = await loadChallengeForWrite(deps.records, application.challengeId, fresh);
    assertWindowOpen(challenge, now);
    const policy = await loadPolicy(deps.records, challenge);
    const content = parseOrThrow(applicationContentFields, { ...contentOf(application), ...patch });
    const guards = await assertApplicationAcceptable(
      deps.records,
      challenge,
      policy,
      application.leadOrganisationId,
      content,
      shanghaiDate(now.getTime()),
      fresh,
    );
    const registered = await registeredParties(
      deps,
      application.leadOrganisationId,
      content.memberOrganisationIds,
      now.getTime(),
      fresh,
    );
    const voided = [
      ...(application.agreement.enterpriseSignedAt ? ["enterprise"] : []),
      ...(application.agreement.solverSignedAt ? ["solver"] : []),
    ];
    const { submittedAt: _submitted, organisationCodes: _codes, ...rest } = application;
    const after: ApplicationRecord = {
      ...next(rest as ApplicationRecord, at, withRegisteredNames(content, registered)),
      agreement: {},
      status: "draft",
    };
    const partyWrites = await partyChanges(deps.records, application, after, actor.userId, at);
    await deps.records.write(
      [
        updated(applicationKind, application, after, {
          actor: actor.userId,
          role: "solver",
          action: "application.amended",
          detail: {
            fields: Object.keys(patch),
            ...(voided.length > 0
              ? { voidedSignatures: voided, voidedAgreement: application.agreement }
              : {}),
            ...(application.status !== "draft" ? { previousStatus: application.status } : {}),
          },
        }),
        ...partyWrites,
      ],
      at,
      [...guards, ...registered.guards],
    );
    recentApplications.remember(deps.records, after.id, after);
    return after;
  });
}

/** Members added by an amendment become parties (or active again); removed ones stop listing it. */
async function partyChanges(
  records: RecordStore,
  before: ApplicationRecord,
  after: ApplicationRecord,
  userId: string,
  at: string,
): Promise<RecordWrite[]> {
  const audit = { actor: userId, role: "solver" };
  const added = after.memberOrganisationIds.filter((o) => !before.memberOrganisationIds.includes(o));
  const removed = before.memberOrganisationIds.filter((o) => !after.memberOrganisationIds.includes(o));
  const writes: RecordWrite[] = [];
  for (const org of [...added, ...removed]) {
    const active = added.includes(org);
    const stored = await records.get(applicationPartyKind, applicationPartyId(before.id, org));
    if (!stored) {
      if (active) {
        writes.push(
          created(applicationPartyKind, party(after, org, "member", at), {
            ...audit,
            action: "application-party.added",
          }),
        );
      }
    } else if (stored.active !== active) {
      writes.push(
        updated(
          applicationPartyKind,
          stored,
          { ...stored, active, version: stored.version + 1, updatedAt: at },
          { ...audit, action: active ? "application-party.added" : "application-party.removed" },
        ),
      );
    }
  }
  return writes;
}

/** The lead withdraws its application while the window is open; it stays readable as withdrawn. */
export async function withdrawApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number | undefined,
  reason: string | undefined,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  assertLeadSolver(actor, application);
  assertVersion(application, expectedVersion);
  if (application.status !== "draft" && application.status !== "submitted") {
    throw stateConflict(application, "withdraw", "撤回");
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  assertWindowOpen(await loadChallenge(deps.records, application.challengeId), now);
  const after = next(application, at, { status: "withdrawn", withdrawnAt: at });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: "solver",
        action: "application.withdrawn",
        detail: { previousStatus: application.status, ...(reason ? { reason } : {}) },
      }),
    ],
    at,
    [
      // Frees the lead's place for a new application (only this application's claim).
      {
        op: "delete-marker",
        key: leadClaimKey(application.challengeId, application.leadOrganisationId),
        condition: { field: "applicationId", op: "=", value: application.id },
        failure: () =>
          conflictError(
            "VERSION_CONFLICT",
            `The lead's place on challenge ${application.challengeId} is held by another application`,
            `该单位在榜单 ${application.challengeId} 的牵头名额由另一份申请占用`,
          ),
      },
    ],
  );
  recentApplications.remember(deps.records, after.id, after);
  return after;
}
