// Pure rules of the investment road-show (投融资路演, 《太原市…行动方案》四（五）): a declared interest names an invited
// institution and comes on or after the session; the project's declared (not committed) social capital is their sum.
import { businessRuleError } from "../../kernel/errors.ts";
import { sumFen } from "../../kernel/money.ts";

const field = (path: string, message: string, messageZh: string) => [{ path, message, messageZh }];

export function assertInterest(
  session: { date: string; institutions: readonly { name: string }[] } | undefined,
  interest: { institution: string; declaredOn: string },
): void {
  if (!session) {
    throw businessRuleError(
      "ROAD_SHOW_NOT_SCHEDULED",
      "No road-show session has been scheduled for this project",
      "该项目尚未安排路演",
    );
  }
  if (!session.institutions.some((i) => i.name === interest.institution)) {
    throw businessRuleError(
      "INSTITUTION_NOT_INVITED",
      `${interest.institution} was not invited to the road-show`,
      `“${interest.institution}”不在路演邀请名单中`,
      field("body.institution", "not invited", "未受邀请"),
    );
  }
  if (interest.declaredOn < session.date) {
    throw businessRuleError(
      "INTEREST_BEFORE_SESSION",
      `Interest is declared at or after the session (${session.date})`,
      `意向须在路演（${session.date}）当日或之后登记`,
      field("body.declaredOn", "before the session", "早于路演日期"),
    );
  }
}

/** Declared interest of a project's road-show: the latest declaration of each institution, summed. */
export function declaredInterestFen(
  interests: readonly { institution: string; amountFen: number }[],
): number {
  const latest = new Map<string, number>();
  for (const i of interests) latest.set(i.institution, i.amountFen);
  return sumFen([...latest.values()], "roadShowInterest");
}
