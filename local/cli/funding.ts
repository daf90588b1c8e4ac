// CLI group `funding` (local/cli/): simulate a grant and its tranches, or a recovery, under a programme's policy — no server needed.
import { readFileSync } from "node:fs";
import { isDomainError } from "../../functions/kernel/errors.ts";
import { formatYuan, parseFen, parseYuan } from "../../functions/kernel/money.ts";
import { planGrant } from "../../functions/programmes/rules/grant.ts";
import {
  type FundingPolicy,
  getPolicyPreset,
  parseFundingPolicy,
  presetIds,
} from "../../functions/programmes/rules/policy.ts";
import {
  computeRecovery,
  recoveryReasons,
  unpaidTranchesAfter,
} from "../../functions/recoveries/rules/recovery.ts";
import { type CommandGroup, flags, noPositionals, subcommands, UsageError } from "./args.ts";

const usage = `usage:
  funding simulate --programme ID|--policy FILE --rd-investment YUAN [--requested YUAN] [--json]
  funding recover  --programme ID|--policy FILE --paid-fen FEN --spent-fen FEN --reason termination|fraud [--on YYYY-MM-DD]
                   [--rd-investment YUAN [--requested YUAN]] [--json]
  funding policies
programmes: ${presetIds.join(", ")}; amounts in yuan with at most 2 decimals (e.g. 10000000.00)`;

/** Domain validation errors become usage errors (exit 2) with the reason in both languages. */
function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isDomainError(error) && (error.kind === "validation" || error.kind === "not-found")) {
      throw new UsageError(`${error.message} (${error.messageZh})`);
    }
    throw error;
  }
}

function policyFrom(values: { programme?: string; policy?: string }): FundingPolicy {
  if (values.programme && values.policy) throw new UsageError("give --programme or --policy, not both");
  if (values.policy) {
    const file = values.policy;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(`--policy ${file}: ${(error as Error).message}`);
    }
    return asUsage(() => parseFundingPolicy(json));
  }
  if (!values.programme) throw new UsageError(`--programme is required (one of: ${presetIds.join(", ")})`);
  const id = values.programme;
  return asUsage(() => getPolicyPreset(id));
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name} is required\n${usage}`);
  return value;
}

async function simulate(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    programme: { type: "string" },
    policy: { type: "string" },
    "rd-investment": { type: "string" },
    requested: { type: "string" },
    json: { type: "boolean" },
  });
  noPositionals(positionals);
  const policy = policyFrom(values);
  const rdInvestmentFen = asUsage(() =>
    parseYuan(required(values["rd-investment"], "rd-investment"), "--rd-investment"),
  );
  const requestedFen =
    values.requested === undefined
      ? undefined
      : asUsage(() => parseYuan(values.requested as string, "--requested"));
  const plan = asUsage(() =>
    planGrant(policy, { rdInvestmentFen, ...(requestedFen === undefined ? {} : { requestedFen }) }),
  );
  const explanation = plan.explanation.map((line) => `${line.message} / ${line.messageZh}`);
  if (values.json) {
    console.log(
      JSON.stringify({
        grantFen: plan.grantFen,
        tranches: plan.tranches.map((t) => ({
          index: t.index,
          condition: t.conditionToken,
          amountFen: t.amountFen,
        })),
        explanation,
      }),
    );
    return 0;
  }
  console.log(`programme: ${policy.id} (${policy.nameZh})`);
  console.log(`grant: ${formatYuan(plan.grantFen)} CNY (${plan.grantFen} fen)`);
  console.log("tranches:");
  for (const t of plan.tranches) {
    console.log(`  ${t.index}  ${t.conditionToken.padEnd(20)} ${formatYuan(t.amountFen).padStart(16)} CNY`);
  }
  console.log("explanation:");
  for (const line of explanation) console.log(`  - ${line}`);
  return 0;
}

async function recover(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, {
    programme: { type: "string" },
    policy: { type: "string" },
    "paid-fen": { type: "string" },
    "spent-fen": { type: "string" },
    reason: { type: "string" },
    on: { type: "string" },
    "rd-investment": { type: "string" },
    requested: { type: "string" },
    json: { type: "boolean" },
  });
  noPositionals(positionals);
  const policy = policyFrom(values);
  const reason = required(values.reason, "reason");
  if (!(recoveryReasons as readonly string[]).includes(reason)) {
    throw new UsageError(`--reason must be one of ${recoveryReasons.join(", ")}, got "${reason}"`);
  }
  const paidFen = asUsage(() => parseFen(required(values["paid-fen"], "paid-fen"), "--paid-fen"));
  const spent = values["spent-fen"];
  if (spent === undefined && reason === "termination")
    throw new UsageError(`--spent-fen is required\n${usage}`);
  const verifiedSpendingFen = spent === undefined ? 0 : asUsage(() => parseFen(spent, "--spent-fen"));
  // With the project's investment, the tranche plan tells which tranches are cancelled.
  const rd = values["rd-investment"];
  const unpaidTranches =
    rd === undefined
      ? []
      : asUsage(() => {
          const requested =
            values.requested === undefined ? undefined : parseYuan(values.requested, "--requested");
          const plan = planGrant(policy, {
            rdInvestmentFen: parseYuan(rd, "--rd-investment"),
            ...(requested === undefined ? {} : { requestedFen: requested }),
          });
          return unpaidTranchesAfter(plan.tranches, paidFen);
        });
  const result = asUsage(() =>
    computeRecovery(policy, {
      unpaidTranches,
      reason: reason as (typeof recoveryReasons)[number],
      paidFen,
      verifiedSpendingFen,
      ...(values.on === undefined ? {} : { decidedOn: values.on }),
    }),
  );
  if (values.json) {
    console.log(
      JSON.stringify({
        recoverFen: result.recoverFen,
        creditRecord: result.creditRecord !== null,
        cancelledTranches: result.cancelledTranches,
        cancelledFen: result.cancelledFen,
        ...(result.creditRecord
          ? {
              blockMonths: result.creditRecord.blockMonths,
              ...(result.creditRecord.blockedUntil ? { blockedUntil: result.creditRecord.blockedUntil } : {}),
            }
          : {}),
        explanation: result.explanation.map((line) => `${line.message} / ${line.messageZh}`),
      }),
    );
    return 0;
  }
  console.log(`recover: ${formatYuan(result.recoverFen)} CNY (${result.recoverFen} fen)`);
  console.log(
    `credit record: ${result.creditRecord ? `yes, ${result.creditRecord.blockMonths} months${result.creditRecord.blockedUntil ? ` (until ${result.creditRecord.blockedUntil})` : ""}` : "no"}`,
  );
  for (const line of result.explanation) console.log(`  - ${line.message} / ${line.messageZh}`);
  return 0;
}

async function policies(argv: string[]): Promise<number> {
  const { positionals } = flags(argv, {});
  noPositionals(positionals);
  for (const id of presetIds) {
    const p = getPolicyPreset(id);
    console.log(`${id.padEnd(14)} ${p.nameZh}  [${p.source}]`);
  }
  return 0;
}

export const fundingCommands: CommandGroup = subcommands(
  "funding",
  "simulate grants and tranches, recoveries (funding simulate|recover|policies)",
  usage,
  { simulate: simulate, recover: recover, policies: policies },
);
