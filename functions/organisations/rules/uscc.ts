// Rule: the unified social credit code (统一社会信用代码, GB 32100-2015) — 18 characters from a 31-character set (no I,
// O, Z, S, V): registration authority (1), organisation category (1), administrative division (6), organisation code
// (9, GB 11714 with its own check character) and the check character (1), weighted 3^i mod 31. The characters' rule
// is uscc-code.ts (shared with the workbench); here the 400 that names the field.
import { validationError } from "../../kernel/errors.ts";
import { normaliseUscc, usccProblem, usccProblemWords } from "./uscc-code.ts";

export {
  normaliseUscc,
  registrationAuthorities,
  type UsccProblem,
  usccCheckCharacter,
  usccProblem,
} from "./uscc-code.ts";

/** The code, normalised, or a 400 naming the field and what is wrong (English and Chinese). */
export function checkedUscc(input: string, path = "body.uscc"): string {
  const code = normaliseUscc(input);
  const problem = usccProblem(code);
  if (!problem) return code;
  const [message, messageZh] = usccProblemWords[problem];
  throw validationError(
    "USCC_INVALID",
    `The unified social credit code ${message}`,
    `统一社会信用代码${messageZh}`,
    [{ path, message, messageZh }],
  );
}
