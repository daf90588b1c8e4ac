// Workbench: /challenges/{id}/sign-off, where 待办 leads both the bureau (审核) and the approver (审定) — the bureau's own
// page (the challenge against the policy's limits, bureau/ChallengeSignOff.tsx) for the bureau, the approver's page
// (SignOff.tsx, which also shows earlier sign-offs) for everyone else.
import { lazy } from "react";
import { hasRole, who } from "../../auth.ts";

const BureauSignOff = lazy(() => import("../bureau/ChallengeSignOff.tsx"));
const ApproverSignOff = lazy(() => import("./SignOff.tsx"));

export default function SignOffRoute() {
  const user = who();
  return hasRole(user, "bureau") && !hasRole(user, "approver") ? <BureauSignOff /> : <ApproverSignOff />;
}
