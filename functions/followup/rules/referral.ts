// Pure rules of the judicial referral (《太原市…行动方案》四（七）4 “情节严重者移交司法机关处理”): only a fraud finding is
// referred, on or after the day it was found; an outcome is recorded on or after the referral and in date order.
import { businessRuleError, conflictError } from "../../kernel/errors.ts";

const field = (path: string, message: string, messageZh: string) => [{ path, message, messageZh }];

export function assertReferable(
  termination: { kind: string; decidedOn: string } | undefined,
  referredOn: string,
): void {
  if (termination?.kind !== "fraud") {
    throw conflictError(
      "NOT_A_FRAUD_FINDING",
      "Only a project closed for fraud (弄虚作假) is referred to a judicial organ",
      "仅经查实弄虚作假的项目可移交司法机关",
    );
  }
  if (referredOn < termination.decidedOn) {
    throw businessRuleError(
      "REFERRAL_BEFORE_FINDING",
      `The referral cannot precede the fraud finding of ${termination.decidedOn}`,
      `移交日期不得早于查实弄虚作假的日期（${termination.decidedOn}）`,
      field("body.referredOn", "before the finding", "早于查实日期"),
    );
  }
}

export function assertOutcomeDate(referredOn: string, previous: string | undefined, decidedOn: string): void {
  const floor = previous && previous > referredOn ? previous : referredOn;
  if (decidedOn < floor) {
    throw businessRuleError(
      "OUTCOME_OUT_OF_ORDER",
      `An outcome is dated on or after ${floor} (the referral or the last outcome)`,
      `处理结果日期不得早于 ${floor}（移交或上一次结果）`,
      field("body.decidedOn", "too early", "日期过早"),
    );
  }
}
