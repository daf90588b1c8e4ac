// Use cases of 就高不重复 (《太原市…行动方案》六（一）): the bureau's decision on a finding of an overlap check — not the same
// content, or the same content supported once at the higher amount, the lower side withdrawn or reduced — and the
// grant following it through the money paths that exist: a cap on an application not yet awarded, the project's grant
// before its task book, termination without fault (unpaid tranches cancelled, nothing paid recovered) or planned
// tranches cut from the last — never below what is already paid or on its way.
import { overlapDecidedForAward } from "../award/replacement-overlap.ts";
import { replacementOverlapDecided } from "../followup/replacement-objection.ts";
import { type Actor, actorName } from "../kernel/actor.ts";
import { businessRuleError, conflictError, notFoundError } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import { bump, listAll, mustGet, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { type RecordWrite, updated } from "../platform/ports/records.ts";
import { terminateProject } from "../projects/endings.ts";
import {
  type ProjectRecord,
  projectKind,
  trackKind,
  trancheKind,
  tranchesOfProject,
} from "../projects/model.ts";
import type { OverlapDeps } from "./checks.ts";
import {
  type OverlapCheckRecord,
  type OverlapDecision,
  type OverlapFinding,
  type OverlapOutcome,
  overlapCheckId,
  overlapCheckKind,
} from "./model.ts";
import { writeOverlapReports } from "./reports.ts";

export interface OverlapDecisionInput {
  readonly key: string;
  readonly outcome: OverlapOutcome;
  readonly lower?: "subject" | "other" | undefined;
  readonly action?: "withdraw" | "reduce" | undefined;
  readonly reducedToFen?: number | undefined;
  readonly reason: string;
}

type Effect = { effect: string; effectZh: string };

/** A project in a decision's words: its title and lead solver (names, not ids), the id only when it has no title. */
const named = (project: ProjectRecord) =>
  project.title ? `「${project.title}」（${project.solverLead.name}）` : project.id;

const field = (path: string, message: string, messageZh: string) => [{ path, message, messageZh }];

function assertInput(input: OverlapDecisionInput, lowerFen: number, higherFen: number) {
  if (input.outcome === "distinct") return;
  if (!input.lower || !input.action) {
    throw businessRuleError(
      "OVERLAP_LOWER_REQUIRED",
      "Funding at the higher amount names the lower side and whether it is withdrawn or reduced",
      "就高支持须指明较低一方及撤销或核减",
      field(input.lower ? "body.action" : "body.lower", "required for fund-higher", "就高支持时必填"),
    );
  }
  if (lowerFen > higherFen) {
    throw businessRuleError(
      "OVERLAP_LOWER_IS_HIGHER",
      `The side named lower (${formatYuan(lowerFen)} CNY) is supported at more than the other (${formatYuan(higherFen)} CNY): 就高 keeps the higher`,
      `所指较低一方（${formatYuan(lowerFen)} 元）金额高于另一方（${formatYuan(higherFen)} 元）：就高不重复应保留较高者`,
      field("body.lower", "the higher side", "该方金额较高"),
    );
  }
  if (input.action === "reduce") {
    const to = input.reducedToFen;
    if (to === undefined || to >= lowerFen) {
      throw businessRuleError(
        "OVERLAP_REDUCTION_INVALID",
        `A reduction names an amount below the lower side's ${formatYuan(lowerFen)} CNY`,
        `核减须给出低于 ${formatYuan(lowerFen)} 元的金额`,
        field("body.reducedToFen", "below the current amount", "须低于现有金额"),
      );
    }
  }
}

/** Withdraws or reduces a project's grant through the existing paths; returns what the money did. */
async function applyToProject(
  deps: OverlapDeps,
  actor: Actor,
  project: ProjectRecord,
  action: "withdraw" | "reduce",
  toFen: number,
  reason: string,
): Promise<Effect> {
  if (project.status === "terminated") {
    throw conflictError(
      "OVERLAP_PROJECT_ENDED",
      `Project ${project.id} has ended`,
      `项目 ${project.id} 已终止`,
    );
  }
  const track = await deps.records.get(trackKind, project.id);
  const note = (a: string, detail: Record<string, unknown>) => ({
    actor: actor.userId,
    role: "bureau",
    action: a,
    detail: { ...detail, reason },
  });
  if (!track) {
    // Awarded, no task book yet: the project's grant is what its task book will be drafted with.
    const at = deps.clock.now().toISOString();
    const grantFen = action === "withdraw" ? 0 : toFen;
    const after = bump(project, at, {
      grantFen,
      ...(action === "withdraw" ? { status: "terminated" as const } : {}),
    });
    await deps.records.write(
      [
        updated(
          projectKind,
          project,
          after,
          note(action === "withdraw" ? "project.withdrawn-overlap" : "project.grant-reduced", {
            fromFen: project.grantFen,
            toFen: grantFen,
          }),
        ),
      ],
      at,
    );
    return action === "withdraw"
      ? {
          effect: `project ${named(project)} withdrawn before its task book`,
          effectZh: `项目${named(project)}在任务书前撤销`,
        }
      : {
          effect: `project ${named(project)} grant reduced to ${formatYuan(toFen)} CNY before its task book`,
          effectZh: `项目${named(project)}资助额在任务书前核减为 ${formatYuan(toFen)} 元`,
        };
  }
  const tranches = await listAll(deps.records, tranchesOfProject(project.id));
  const committedFen = tranches
    .filter((t) => t.status !== "planned" && t.status !== "cancelled")
    .reduce((s, t) => s + t.amountFen, 0);
  if (action === "withdraw") {
    const paidFen = tranches.filter((t) => t.status === "paid").reduce((s, t) => s + t.amountFen, 0);
    await terminateProject(deps, actor, project.id, {
      reason: `就高不重复：${reason}`,
      fault: false,
      proposedBy: "bureau",
      // Withdrawn, not at fault: what was paid stays paid (no recovery), what was not is cancelled.
      verifiedSpendingFen: paidFen,
    });
    return {
      effect: `project ${named(project)} terminated without fault; unpaid tranches cancelled, ${formatYuan(paidFen)} CNY paid kept`,
      effectZh: `项目${named(project)}无过错终止：未拨付批次取消，已拨付 ${formatYuan(paidFen)} 元不追回`,
    };
  }
  if (track.status === "drafting") {
    throw conflictError(
      "OVERLAP_TASK_BOOK_DRAFTED",
      `Project ${project.id}'s task book is being drafted: withdraw it, or decide the reduction before drafting`,
      `项目 ${project.id} 任务书正在起草：可撤销，或在起草前作出核减`,
    );
  }
  if (toFen < committedFen) {
    throw businessRuleError(
      "OVERLAP_BELOW_PAID",
      `Project ${project.id} has ${formatYuan(committedFen)} CNY paid or due: a grant cannot go below it`,
      `项目 ${project.id} 已拨付或已具备拨付条件 ${formatYuan(committedFen)} 元：资助额不得低于此数`,
      field("body.reducedToFen", `at least ${committedFen}`, `不少于 ${committedFen}`),
    );
  }
  return retryOnConflict(async () => {
    const fresh = await mustGet<ProjectRecord>(deps.records, projectKind, project.id, "Project", "项目");
    const current = await listAll(deps.records, tranchesOfProject(project.id));
    let cut = fresh.grantFen - toFen;
    const at = deps.clock.now().toISOString();
    const writes: RecordWrite[] = [];
    for (const t of [...current].filter((x) => x.status === "planned").sort((a, b) => b.index - a.index)) {
      if (cut <= 0) break;
      const take = Math.min(cut, t.amountFen);
      cut -= take;
      const amountFen = t.amountFen - take;
      writes.push(
        updated(
          trancheKind,
          t,
          bump(t, at, amountFen === 0 ? { amountFen, status: "cancelled" as const } : { amountFen }),
          note(amountFen === 0 ? "tranche.cancelled" : "tranche.reduced", {
            index: t.index,
            fromFen: t.amountFen,
            toFen: amountFen,
          }),
        ),
      );
    }
    writes.push(
      updated(
        projectKind,
        fresh,
        bump(fresh, at, { grantFen: toFen }),
        note("project.grant-reduced", { fromFen: fresh.grantFen, toFen }),
      ),
    );
    await deps.records.write(writes, at);
    return {
      effect: `project ${named(project)} grant reduced to ${formatYuan(toFen)} CNY, planned tranches cut from the last`,
      effectZh: `项目${named(project)}资助额核减为 ${formatYuan(toFen)} 元，自最后一期起核减未拨付批次`,
    };
  });
}

async function effectOf(
  deps: OverlapDeps,
  actor: Actor,
  check: OverlapCheckRecord,
  f: OverlapFinding,
  input: OverlapDecisionInput,
): Promise<Effect & { grantCapFen?: number }> {
  if (input.outcome === "distinct") {
    return { effect: "not the same content: both supported", effectZh: "认定内容不同：均予支持" };
  }
  const action = input.action as "withdraw" | "reduce";
  const toFen = action === "withdraw" ? 0 : (input.reducedToFen as number);
  if (input.lower === "subject") {
    const project = check.projectId
      ? await mustGet<ProjectRecord>(deps.records, projectKind, check.projectId, "Project", "项目")
      : undefined;
    if (project) {
      const done = await applyToProject(deps, actor, project, action, toFen, input.reason);
      return { ...done, grantCapFen: toFen };
    }
    const applicant = check.applicantName ?? check.applicationId;
    return action === "withdraw"
      ? {
          grantCapFen: 0,
          effect: `${applicant}'s application: support withdrawn, not awarded (a place after a notice goes to the next-ranked)`,
          effectZh: `${applicant}的申请：撤销支持，不予立项（公示后的名额由排名其后的申请递补）`,
        }
      : {
          grantCapFen: toFen,
          effect: `${applicant}'s application: grant at most ${formatYuan(toFen)} CNY when awarded`,
          effectZh: `${applicant}的申请：立项时资助额不超过 ${formatYuan(toFen)} 元`,
        };
  }
  if (f.source === "external") {
    return {
      effect: `the external grant (${f.policy ?? ""}) gives way: its administrator withdraws or reduces it`,
      effectZh: `外部支持（${f.policy ?? ""}）为较低一方：由其主管部门撤销或核减`,
    };
  }
  if (!f.projectId) {
    throw businessRuleError(
      "OVERLAP_LOWER_NOT_FUNDED",
      `Application ${f.applicationId} is not awarded yet: decide on it at its own check (its award or task book)`,
      `申请 ${f.applicationId} 尚未立项：请在其自身核查（立项或任务书）时认定`,
      field("body.lower", "not awarded yet", "尚未立项"),
    );
  }
  const project = await mustGet<ProjectRecord>(deps.records, projectKind, f.projectId, "Project", "项目");
  return applyToProject(deps, actor, project, action, toFen, input.reason);
}

/** The bureau decides a finding; the grant follows; audited as overlap.decided on the check. */
export async function decideOverlap(
  deps: OverlapDeps,
  actor: Actor,
  applicationId: string,
  input: OverlapDecisionInput,
): Promise<OverlapCheckRecord> {
  const check = await mustGet<OverlapCheckRecord>(
    deps.records,
    overlapCheckKind,
    overlapCheckId(applicationId),
    "Overlap check of application",
    "重复支持核查",
  );
  const f = check.findings.find((x) => x.key === input.key);
  if (!f) {
    throw notFoundError(
      "OVERLAP_FINDING_NOT_FOUND",
      `The check of ${applicationId} has no finding ${input.key}`,
      `申请 ${applicationId} 的核查中没有 ${input.key}`,
    );
  }
  if (f.decision) {
    throw conflictError("OVERLAP_DECIDED", `${input.key} is decided already`, `${input.key} 已作出认定`);
  }
  const lowerFen = input.lower === "subject" ? check.amountFen : f.amountFen;
  const higherFen = input.lower === "subject" ? f.amountFen : check.amountFen;
  assertInput(input, lowerFen, higherFen);
  const done = await effectOf(deps, actor, check, f, input);
  const decided = await retryOnConflict(async () => {
    const before = await mustGet<OverlapCheckRecord>(
      deps.records,
      overlapCheckKind,
      overlapCheckId(applicationId),
      "Overlap check of application",
      "重复支持核查",
    );
    const at = deps.clock.now().toISOString();
    const decision: OverlapDecision = {
      outcome: input.outcome,
      ...(input.outcome === "fund-higher" ? { lower: input.lower, action: input.action } : {}),
      ...(input.outcome === "fund-higher" && input.action === "reduce"
        ? { reducedToFen: input.reducedToFen }
        : {}),
      effect: done.effect,
      effectZh: done.effectZh,
      reason: input.reason,
      ...(input.outcome === "fund-higher" ? { grantBeforeFen: lowerFen } : {}),
      decidedBy: actor.userId,
      decidedByName: actorName(actor),
      decidedAt: at,
    };
    const findings = before.findings.map((x) => (x.key === input.key ? { ...x, decision } : x));
    const cap =
      done.grantCapFen === undefined
        ? before.grantCapFen
        : Math.min(done.grantCapFen, before.grantCapFen ?? done.grantCapFen);
    const after = bump(before, at, {
      findings,
      ...(cap === undefined ? {} : { grantCapFen: cap }),
      status: findings.every((x) => x.decision) ? ("settled" as const) : ("open" as const),
    });
    await deps.records.write(
      [
        updated(overlapCheckKind, before, after, {
          actor: actor.userId,
          role: "bureau",
          action: "overlap.decided",
          detail: { key: input.key, ...decision },
        }),
      ],
      at,
    );
    return after;
  });
  // A replacement winner's finding held the award machine (AwaitOverlapDecision): the last decision lets it go on.
  await overlapDecidedForAward(deps, applicationId);
  // A replacement's next offer after an upheld objection to its notice (递补) waiting for this decision goes on.
  if (decided.status === "settled") await replacementOverlapDecided(deps, actor, applicationId);
  // The decision in the audit reports of the projects it concerns (reports.ts).
  return (await writeOverlapReports(deps, applicationId))
    ? await mustGet<OverlapCheckRecord>(
        deps.records,
        overlapCheckKind,
        overlapCheckId(applicationId),
        "Overlap check of application",
        "重复支持核查",
      )
    : decided;
}
