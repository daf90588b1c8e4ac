// Use cases behind the Task states of workflows/project-anniversary.asl.json (安山: 合同签订满一年后拨付) and project-start's
// StartAnniversaries: one execution per anniversary tranche beside the milestones' chain, parked in its own slot on the
// chain's bookkeeping record (lifecycle.anniversaries), woken by an approved extension (the day moves) and by the endings.
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated, workflowAudit } from "../platform/ports/records.ts";
import { loadTrack, type ProjectDeps } from "./common.ts";
import { chainChange, loadChain } from "./inbox.ts";
import {
  type AnniversarySlot,
  anniversaryExecutionName,
  lifecycleMachines,
  type ProjectLifecycleRecord,
  type ProjectTrackRecord,
  trackKind,
  trancheId,
  trancheKind,
} from "./model.ts";
import { type AnniversaryStage, anniversaryAt, anniversaryPlan } from "./rules/anniversary.ts";
import { anniversaryTerms } from "./rules/terms.ts";

/** The anniversary tranches of the task book: their index and years. */
const anniversaryTranches = (track: ProjectTrackRecord) =>
  track.taskBook.tranches.flatMap((t) =>
    t.condition.kind === "anniversary"
      ? [{ index: t.index, years: t.condition.years, token: t.conditionToken }]
      : [],
  );

function trancheOf(track: ProjectTrackRecord, years: number) {
  const t = anniversaryTranches(track).find((x) => x.years === years);
  if (!t) throw new Error(`the task book of ${track.projectId} has no tranche on anniversary ${years}`);
  return t;
}

/**
 * Changes the anniversary slots with one write guarded by the chain's bookkeeping record's version (no audit event:
 * execution plumbing); `change` answers no slots: no write.
 */
async function changeSlots<T>(
  deps: ProjectDeps,
  projectId: string,
  change: (
    slots: readonly AnniversarySlot[],
    chain: ProjectLifecycleRecord | undefined,
  ) => { slots?: AnniversarySlot[]; answer: T },
): Promise<T> {
  return retryOnConflict(async () => {
    const chain = await loadChain(deps, projectId);
    const { slots, answer } = change(chain?.lifecycle.anniversaries ?? [], chain);
    if (!slots || !chain) return answer;
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [chainChange(chain, at, { lifecycle: { ...chain.lifecycle, anniversaries: slots } }).write],
      at,
    );
    return answer;
  });
}

const anniversaryInput = (projectId: string, years: number, round: number, correlationId: string) => ({
  projectId,
  years,
  round,
  correlationId,
  terms: anniversaryTerms(),
});

/**
 * StartAnniversaries (project-start, after the first tranche): a slot and an execution project-<id>-y<years>-r1 for
 * each anniversary tranche still planned; the slot is written first (once: a retry finds it), then StartExecution by
 * the name (idempotent). Only the execution in charge of the chain starts them.
 */
export async function startAnniversariesTask(
  deps: ProjectDeps,
  input: { projectId: string; execution: string; correlationId?: string },
): Promise<{ started: string[] }> {
  const correlationId = input.correlationId ?? `project-${input.projectId}`;
  const due: { years: number; name: string }[] = [];
  const track = await loadTrack(deps, input.projectId);
  for (const t of anniversaryTranches(track)) {
    const tranche = await deps.records.get(trancheKind, trancheId(input.projectId, t.index));
    if (tranche?.status === "planned")
      due.push({ years: t.years, name: anniversaryExecutionName(input.projectId, t.years, 1) });
  }
  if (due.length === 0) return { started: [] };
  const inCharge = await changeSlots(deps, input.projectId, (slots, current) => {
    if (current?.lifecycle.execution !== input.execution) return { answer: false };
    const missing = due.filter((d) => !slots.some((s) => s.years === d.years));
    if (missing.length === 0) return { answer: true };
    return {
      slots: [...slots, ...missing.map((d) => ({ years: d.years, execution: d.name }))],
      answer: true,
    };
  });
  if (!inCharge) return { started: [] };
  const running = (await loadChain(deps, input.projectId))?.lifecycle.anniversaries ?? [];
  const started: string[] = [];
  for (const d of due) {
    // A slot handed over already (r2 …) keeps its own execution.
    if (!running.some((s) => s.execution === d.name)) continue;
    await deps.workflows.start(
      lifecycleMachines.anniversary,
      d.name,
      anniversaryInput(input.projectId, d.years, 1, correlationId),
    );
    started.push(d.name);
  }
  return { started };
}

/** PlanAnniversary: the next wait of project-<id>-y<years> (the day moved by extensions), or due, or ended. */
export async function planAnniversaryTask(
  deps: ProjectDeps,
  input: { projectId: string; years: number; executionStartedAt: string; handOverAfterSeconds: number },
): Promise<{ stage: AnniversaryStage; seconds: number }> {
  const track = await loadTrack(deps, input.projectId);
  const t = trancheOf(track, input.years);
  const tranche = await deps.records.get(trancheKind, trancheId(input.projectId, t.index));
  return anniversaryPlan(track, tranche, input.years, deps.clock.now().getTime(), {
    startedAtMs: Date.parse(input.executionStartedAt),
    handOverAfterSeconds: input.handOverAfterSeconds,
  });
}

/**
 * Every wait of project-anniversary: parks the callback in the execution's slot; an execution without its slot (a
 * hand-over or a migration moved it on) is answered `superseded` at once.
 */
export async function parkAnniversaryTask(
  deps: ProjectDeps,
  input: { projectId: string; years: number; token: string; execution: string },
): Promise<{ parked: boolean }> {
  const parked = await changeSlots(deps, input.projectId, (slots) => {
    const slot = slots.find((s) => s.years === input.years);
    if (slot?.execution !== input.execution) return { answer: false };
    if (slot.parked?.taskToken === input.token) return { answer: true };
    const since = deps.clock.now().toISOString();
    const next = { ...slot, parked: { taskToken: input.token, since } };
    return { slots: slots.map((s) => (s === slot ? next : s)), answer: true };
  });
  if (!parked) await deps.workflows.completeTask(input.token, { kind: "superseded" });
  return { parked };
}

/**
 * AnniversaryTrancheEligible: on the day, on a project in progress, the tranche still planned becomes eligible with a
 * notice to finance (one transaction guarded by both versions); `reached` says whether it is eligible now (otherwise
 * the execution plans again: the day moved, the project is held or ended).
 */
export async function anniversaryTrancheEligibleTask(
  deps: ProjectDeps,
  input: { projectId: string; years: number },
): Promise<{ reached: boolean }> {
  return retryOnConflict(async () => {
    const track = await loadTrack(deps, input.projectId);
    const t = trancheOf(track, input.years);
    const tranche = await deps.records.get(trancheKind, trancheId(input.projectId, t.index));
    if (tranche?.status === "eligible" || tranche?.status === "paid") return { reached: true };
    const day = anniversaryAt(track, input.years);
    const nowMs = deps.clock.now().getTime();
    if (tranche?.status !== "planned" || track.status !== "in-progress" || day === undefined || nowMs < day)
      return { reached: false };
    const at = deps.clock.now().toISOString();
    await deps.records.write(
      [
        updated(
          trancheKind,
          tranche,
          bump(tranche, at, { status: "eligible", eligible: { at, by: "workflow", reason: t.token } }),
          workflowAudit("tranche.eligible", {
            index: t.index,
            amountFen: tranche.amountFen,
            anniversary: input.years,
          }),
        ),
        updated(
          trackKind,
          track,
          bump(track, at, { notices: [...track.notices, { kind: "tranche-eligible", at, to: "finance" }] }),
          workflowAudit("project.anniversary-reached", { years: input.years }),
        ),
      ],
      at,
    );
    return { reached: true };
  });
}

/** HandOverAnniversary: the slot moves to project-<id>-y<years>-r<round+1> (once), which is started by name. */
export async function handOverAnniversaryTask(
  deps: ProjectDeps,
  input: { projectId: string; years: number; round: number; execution: string; correlationId?: string },
): Promise<{ executionName: string }> {
  const to = anniversaryExecutionName(input.projectId, input.years, input.round + 1);
  const inCharge = await changeSlots(deps, input.projectId, (slots) => {
    const slot = slots.find((s) => s.years === input.years);
    if (slot?.execution === to) return { answer: true };
    if (slot?.execution !== input.execution) return { answer: false };
    return { slots: slots.map((s) => (s === slot ? { years: s.years, execution: to } : s)), answer: true };
  });
  if (inCharge) {
    deps.faults?.crashPoint("project.handover.after-write");
    await deps.workflows.start(
      lifecycleMachines.anniversary,
      to,
      anniversaryInput(
        input.projectId,
        input.years,
        input.round + 1,
        input.correlationId ?? `project-${input.projectId}`,
      ),
    );
  }
  return { executionName: to };
}
