// Pure rules of expert review (专家评审): choosing a panel — a finance expert first, then the least-loaded of the
// rest, ties by id, so the choice is fair over time and the same for the same facts.

import type { ExpertRecord } from "../model.ts";

/**
 * The panel: the least-loaded eligible finance expert first, then the least-loaded of the rest (ties by id), so
 * the choice is fair over time and the same for the same facts. Undefined when no finance expert is eligible.
 */
/** Least-loaded first, ties by expert id. */
export function leastLoaded<C extends { expert: ExpertRecord; load: number }>(candidates: readonly C[]): C[] {
  return [...candidates].sort(
    (a, b) => a.load - b.load || (a.expert.id < b.expert.id ? -1 : a.expert.id > b.expert.id ? 1 : 0),
  );
}

export function choosePanel(
  eligible: readonly { expert: ExpertRecord; load: number }[],
  size: number,
): ExpertRecord[] | undefined {
  const sorted = leastLoaded(eligible);
  const finance = sorted.find((c) => c.expert.expertise === "finance");
  if (!finance) return undefined;
  return [finance, ...sorted.filter((c) => c !== finance).slice(0, Math.max(0, size - 1))].map(
    (c) => c.expert,
  );
}

/** Decision: 3 experts per challenge unless the challenge says otherwise (ChallengeRecord.reviewPanelSize). */
export const defaultPanelSize = 3;
