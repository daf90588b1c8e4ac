// Pure rules of a horse race's to-dos (待办, 赛马制: 《太原市实施“双百攻关行动”工作方案》四（四）): the race's record —
// not its projects' tracks, which do not know they race — waits, while deciding, for the party that has not chosen
// which projects continue, or whose choice the other party's later one contradicts: the bureau (within the decision
// term) and the challenge's enterprise. Both open the race's page.
import { deadlineAfter, type Todo } from "../../kernel/todos.ts";
import type { HorseRaceParty, HorseRaceRecord } from "../horse-race-model.ts";
import { decisionWaitDays } from "./terms.ts";

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The parties the race waits for: one that has not chosen, or the one whose choice is older when they differ. */
export function partiesAwaited(r: HorseRaceRecord): HorseRaceParty[] {
  if (r.status !== "deciding") return [];
  const bureau = r.decisions.find((d) => d.party === "bureau");
  const enterprise = r.decisions.find((d) => d.party === "enterprise");
  if (!bureau && !enterprise) return ["bureau", "enterprise"];
  if (!bureau) return ["bureau"];
  if (!enterprise) return ["enterprise"];
  if (sameSet(bureau.continuing, enterprise.continuing)) return [];
  return [bureau.at <= enterprise.at ? "bureau" : "enterprise"];
}

export function horseRaceTodos(r: HorseRaceRecord): Todo[] {
  const since = r.decisions.reduce((latest, d) => (d.at > latest ? d.at : latest), r.createdAt);
  const common = {
    action: "horse-race.decide",
    since,
    link: `/challenges/${r.challengeId}/horse-race`,
    titleFrom: { kind: "CHALLENGE", id: r.challengeId },
  };
  const enterprises = r.enterpriseOrganisationIds ?? [];
  return partiesAwaited(r).flatMap((party): Todo[] => {
    if (party === "bureau")
      return [
        {
          ...common,
          key: "bureau",
          deadline: deadlineAfter(since, decisionWaitDays),
          assignees: [{ role: "bureau" }],
        },
      ];
    return enterprises.length > 0
      ? [
          {
            ...common,
            key: "enterprise",
            assignees: enterprises.map((organisationId) => ({ role: "enterprise", organisationId })),
          },
        ]
      : [];
  });
}
