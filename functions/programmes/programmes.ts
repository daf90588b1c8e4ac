// Use cases of programmes (批次): the bureau creates one from a policy preset or a custom policy, with its
// fields (领域), budget and year; everyone signed in reads them; the public sees a summary.

import { randomUUID } from "node:crypto";
import * as z from "zod/mini";
import type { Actor } from "../kernel/actor.ts";
import { businessRuleError, notFoundError } from "../kernel/errors.ts";
import { formatYuan } from "../kernel/money.ts";
import type { Clock } from "../platform/ports/clock.ts";
import { created, type Page, type RecordStore } from "../platform/ports/records.ts";
import { allProgrammes, type ProgrammeRecord, programmeKind } from "./model.ts";
import { type FundingPolicy, fundingPolicySchema, policyPresets } from "./rules/policy.ts";
import type { PublicProgrammeView } from "./views.ts";

export interface ProgrammeDeps {
  readonly records: RecordStore;
  readonly clock: Clock;
  readonly newId?: () => string;
}

export const programmeIdPattern = /^prg-[0-9a-f-]{36}$/;

/** The bureau's request: exactly one of a preset id or a whole custom policy (validated by fundingPolicySchema). */
export const newProgramme = z.lazy(() =>
  z
    .strictObject({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      nameZh: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      year: z.number().check(z.int(), z.gte(2000), z.lte(2100)),
      fields: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))).check(
        z.minLength(1),
        z.maxLength(30),
        z.refine((f) => new Set(f).size === f.length, {
          message: "fields must be distinct",
          params: { messageZh: "领域不能重复" },
        }),
      ),
      budgetFen: z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER)),
      policyId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      policy: z.optional(fundingPolicySchema),
    })
    .check(
      z.superRefine((p, ctx) => {
        if ((p.policyId === undefined) === (p.policy === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: ["policyId"],
            message: "give either policyId (a preset) or policy (a custom policy), not both",
            params: { messageZh: "请提供 policyId（预置政策）或 policy（自定义政策）之一" },
          });
        }
        if (p.policyId !== undefined && !Object.hasOwn(policyPresets, p.policyId)) {
          ctx.addIssue({
            code: "custom",
            path: ["policyId"],
            message: `unknown preset (known: ${Object.keys(policyPresets).join(", ")})`,
            params: { messageZh: `没有该预置政策（已有：${Object.keys(policyPresets).join("、")}）` },
          });
        }
        if (p.policy && Object.hasOwn(policyPresets, p.policy.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["policy", "id"],
            message: "a custom policy needs an id of its own (this one names a preset)",
            params: { messageZh: "自定义政策的 id 不能与预置政策相同" },
          });
        }
      }),
    ),
);
export type NewProgramme = z.infer<typeof newProgramme>;

const newProgrammeId = () => `prg-${randomUUID()}`;

export async function createProgramme(
  deps: ProgrammeDeps,
  actor: Actor,
  input: NewProgramme,
): Promise<ProgrammeRecord> {
  const policy: FundingPolicy = input.policy ?? policyPresets[input.policyId!]!;
  if (policy.programmeBudgetFen !== null && input.budgetFen > policy.programmeBudgetFen) {
    throw businessRuleError(
      "BUDGET_EXCEEDS_POLICY",
      `The policy fixes the programme's public money at ${formatYuan(policy.programmeBudgetFen)} yuan`,
      `该政策规定的计划总资金为 ${formatYuan(policy.programmeBudgetFen)} 元`,
      [{ path: "body.budgetFen", message: "above the policy's budget", messageZh: "超过政策规定的总资金" }],
    );
  }
  const at = deps.clock.now().toISOString();
  const programme: ProgrammeRecord = {
    id: (deps.newId ?? newProgrammeId)(),
    version: 1,
    name: input.name,
    nameZh: input.nameZh,
    year: input.year,
    fields: input.fields,
    policyId: policy.id,
    policy,
    budgetFen: input.budgetFen,
    status: "open",
    createdBy: actor.userId,
    createdAt: at,
    updatedAt: at,
  };
  await deps.records.write(
    [
      created(programmeKind, programme, {
        actor: actor.userId,
        role: "bureau",
        action: "programme.created",
        detail: { policyId: policy.id, preset: input.policy === undefined, budgetFen: input.budgetFen },
      }),
    ],
    at,
  );
  return programme;
}

export async function loadProgramme(
  deps: Pick<ProgrammeDeps, "records">,
  programmeId: string,
): Promise<ProgrammeRecord> {
  const programme = programmeIdPattern.test(programmeId)
    ? await deps.records.get(programmeKind, programmeId)
    : undefined;
  if (!programme) {
    throw notFoundError(
      "PROGRAMME_NOT_FOUND",
      `Programme ${programmeId} not found`,
      `批次 ${programmeId} 不存在`,
    );
  }
  return programme;
}

export async function listProgrammes(
  deps: Pick<ProgrammeDeps, "records">,
  filter: { limit: number; cursor?: string },
): Promise<Page<ProgrammeRecord>> {
  return deps.records.list(allProgrammes(), {
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    newestFirst: true,
  });
}

/** What anyone may read of a programme: its name, year, fields and the public policy terms (no budget internals). */
export function publicProgrammeView(p: ProgrammeRecord): PublicProgrammeView {
  return {
    id: p.id,
    name: p.name,
    nameZh: p.nameZh,
    year: p.year,
    fields: p.fields,
    policyId: p.policyId,
    policy: {
      nameZh: p.policy.nameZh,
      subsidyRateBp: p.policy.subsidyRateBp,
      capFen: p.policy.capFen,
      maxPeriodMonths: p.policy.maxPeriodMonths,
      youngResearcherMinShareBp: p.policy.youngResearcherMinShareBp,
      horseRaceLimit: p.policy.horseRaceLimit,
      noticeWorkingDays: p.policy.noticeWorkingDays,
    },
    status: p.status,
  };
}
