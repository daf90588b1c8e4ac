// Use cases of the 揭榜 agreement and submission: the enterprise and the lead solver sign, then the lead submits.
import { type Actor, actorName } from "../kernel/actor.ts";
import { shanghaiDate } from "../kernel/dates.ts";
import { businessRuleError, conflictError, type FieldIssue } from "../kernel/errors.ts";
import { authorizeRecord } from "../kernel/record-access.ts";
import { updated } from "../platform/ports/records.ts";
import {
  type ApplicationDeps,
  applicationFacts,
  assertApplicationAcceptable,
  assertLeadSolver,
  assertVersion,
  contentOf,
  loadApplication,
  loadChallenge,
  loadPolicy,
  next,
  recentApplications,
  stateConflict,
} from "./common.ts";
import { type ApplicationRecord, applicationKind } from "./model.ts";
import { assertWindowOpen } from "./rules/window.ts";

// ---- 揭榜 agreement and submission ---------------------------------------------------------------------------------
/**
 * The challenge's enterprise or the lead solver signs the 揭榜 agreement on the version it read (If-Match). A side
 * signs once; signing again is a repeated decision (409). Only a draft can be signed, before close.
 */
export async function signAgreement(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  const challenge = await loadChallenge(deps.records, application.challengeId);
  const grant = authorizeRecord(actor, "application", "sign", applicationFacts(application, challenge));
  const side = grant?.roles.includes("enterprise") ? "enterprise" : "solver";
  const signed =
    side === "enterprise" ? application.agreement.enterpriseSignedAt : application.agreement.solverSignedAt;
  if (signed) {
    throw conflictError(
      "AGREEMENT_ALREADY_SIGNED",
      `The ${side} already signed this application's agreement at ${signed}`,
      `${side === "enterprise" ? "出题企业" : "揭榜方"}已于 ${signed} 签署揭榜协议`,
    );
  }
  assertVersion(application, expectedVersion);
  if (application.status !== "draft") throw stateConflict(application, "sign", "签署");
  const now = deps.clock.now();
  const at = now.toISOString();
  assertWindowOpen(challenge, now);
  const agreement =
    side === "enterprise"
      ? {
          ...application.agreement,
          enterpriseSignedAt: at,
          enterpriseSignedBy: actor.userId,
          enterpriseSignedByName: actorName(actor),
          enterpriseOrganisationId: actor.organisationId,
        }
      : {
          ...application.agreement,
          solverSignedAt: at,
          solverSignedBy: actor.userId,
          solverSignedByName: actorName(actor),
        };
  const after = next(application, at, { agreement });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: side,
        action: "application.agreement-signed",
        detail: { side, organisationId: actor.organisationId, signedVersion: application.version },
      }),
    ],
    at,
  );
  recentApplications.remember(deps.records, after.id, after);
  return after;
}

/**
 * The lead submits a draft that both sides have signed, before close; every rule is checked again on the server's
 * date (a credit record may have arrived, a member may have turned 40). Submitted is what review picks up.
 */
export async function submitApplication(
  deps: ApplicationDeps,
  actor: Actor,
  applicationId: string,
  expectedVersion: number | undefined,
): Promise<ApplicationRecord> {
  const application = await loadApplication(deps.records, applicationId);
  assertLeadSolver(actor, application);
  assertVersion(application, expectedVersion);
  if (application.status !== "draft") throw stateConflict(application, "submit", "提交");
  const now = deps.clock.now();
  const at = now.toISOString();
  const challenge = await loadChallenge(deps.records, application.challengeId);
  assertWindowOpen(challenge, now);
  const missing: FieldIssue[] = [
    ...(application.agreement.enterpriseSignedAt
      ? []
      : [{ path: "agreement.enterpriseSignedAt", message: "not signed", messageZh: "出题企业未签署" }]),
    ...(application.agreement.solverSignedAt
      ? []
      : [{ path: "agreement.solverSignedAt", message: "not signed", messageZh: "揭榜方未签署" }]),
  ];
  if (missing.length > 0) {
    throw businessRuleError(
      "AGREEMENT_NOT_SIGNED",
      `The 揭榜 agreement must be signed by the enterprise and the solver first (missing: ${missing.map((m) => m.path).join(", ")})`,
      `须先由出题企业和揭榜方签署揭榜协议（${missing.map((m) => m.messageZh).join("，")}）`,
      missing,
    );
  }
  const policy = await loadPolicy(deps.records, challenge);
  const guards = await assertApplicationAcceptable(
    deps.records,
    challenge,
    policy,
    application.leadOrganisationId,
    contentOf(application),
    shanghaiDate(now.getTime()),
  );
  const after = next(application, at, { status: "submitted", submittedAt: at });
  await deps.records.write(
    [
      updated(applicationKind, application, after, {
        actor: actor.userId,
        role: "solver",
        action: "application.submitted",
      }),
    ],
    at,
    guards,
  );
  recentApplications.remember(deps.records, after.id, after);
  deps.metrics?.record({
    kind: "application-submitted",
    programmeId: challenge.programmeId,
    challengeId: challenge.id,
  });
  return after;
}
