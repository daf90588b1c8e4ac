// Workbench: what the expert's pages share — an organisation by name (its id as secondary text), the words of an
// assignment's status and an expert's expertise, and the rubric's weights as percentages.
import type { WordKey } from "../../words.ts";

/** An organisation's name as the application gave it, else its id. */
export const orgName = (names: Readonly<Record<string, string>> | undefined, id: string): string =>
  names?.[id] ?? id;

export function OrgName({ names, id }: { names?: Readonly<Record<string, string>> | undefined; id: string }) {
  const name = orgName(names, id);
  return (
    <>
      {name}
      {name !== id ? <span className="muted"> （{id}）</span> : null}
    </>
  );
}

export const statusWord = (status: string) => `assignment-${status}` as WordKey;
export const expertiseWord = (expertise: string) => `expertise-${expertise}` as WordKey;

/** 4000 basis points → "40%". */
export const percent = (bp: number): string => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

/** A weighted score in basis points of 100 points → "90.00". */
export const points = (bp: number): string => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;
