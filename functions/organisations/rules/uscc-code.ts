// Rule: the unified social credit code's characters (统一社会信用代码, GB 32100-2015) — 18 from a 31-character set (no
// I, O, Z, S, V), the 18th the check character of the first 17, weighted 3^i mod 31; what is wrong with a code, in
// English and Chinese. Imports nothing: the workbench (web/) checks a code typed into a form with this same rule.

/** The code's characters in the standard's order: each character's value is its position. */
const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** GB 32100-2015 §5: the weights of positions 1–17 (3^(i-1) mod 31). */
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (position 18) the first 17 characters call for; undefined if one is not in the set. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(first17[i] ?? "");
    if (value < 0) return undefined;
    sum += value * (weights[i] ?? 0);
  }
  return alphabet[(31 - (sum % 31)) % 31];
}

/** Registration authorities (登记管理部门, position 1) and the bodies they register (GB 32100-2015 table 1). */
export const registrationAuthorities: Readonly<Record<string, string>> = {
  "1": "机构编制（机关、事业单位）",
  "5": "民政（社会团体、民办非企业单位、基金会）",
  "9": "工商（企业、个体工商户、农民专业合作社）",
  Y: "其他",
};

export type UsccProblem = "length" | "character" | "check";

/** What is wrong with a code, or undefined when it is a well-formed code (upper case, no spaces). */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return "length";
  if (![...code].every((c) => alphabet.includes(c))) return "character";
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? undefined : "check";
}

/** Upper case without spaces: how people type a code they copy from a licence. */
export const normaliseUscc = (input: string): string => input.replace(/\s+/g, "").toUpperCase();

/** What each problem is, as [English, Chinese], after "The unified social credit code" / "统一社会信用代码". */
export const usccProblemWords: Readonly<Record<UsccProblem, readonly [string, string]>> = {
  length: ["must be 18 characters", "须为 18 位"],
  character: [
    "may hold only digits and capital letters other than I, O, Z, S and V",
    "只能由数字和除 I、O、Z、S、V 以外的大写字母组成",
  ],
  check: [
    "its check character (the 18th) does not match the first 17 (GB 32100-2015)",
    "校验码（第 18 位）与前 17 位不符（GB 32100-2015）",
  ],
};
