// Use case helper: the facts a notifying audit event's rule reads — the changed record's own fields and, for the
// decisions, the names around it (the challenge's or project's title, the solvers' and winners' names, the parties'
// organisations), read from the related records so the Chinese texts name things, not ids.
import type { RecordStore, VersionedRecord } from "../platform/ports/records.ts";
import type { RecordFacts } from "./rules/recipients.ts";

type Raw = VersionedRecord & Record<string, unknown>;

const read = async (records: RecordStore, name: string, id: unknown): Promise<Raw | undefined> =>
  typeof id === "string" && id
    ? ((await records.get({ name, indexKeys: () => ({}) }, id)) as Raw | undefined)
    : undefined;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];

interface OrgRef {
  readonly organisationId: string;
  readonly name: string;
}
const ref = (v: unknown): OrgRef | undefined =>
  typeof v === "object" && v !== null && typeof (v as OrgRef).organisationId === "string"
    ? (v as OrgRef)
    : undefined;

/** An application's solvers (its lead and members) and the lead's name. */
function applicationFacts(a: Raw): RecordFacts {
  const lead = String(a["leadOrganisationId"] ?? "");
  const names = (a["organisationNames"] ?? {}) as Record<string, string>;
  return {
    solverOrganisationIds: [lead, ...strings(a["memberOrganisationIds"])].filter(Boolean),
    solverName: names[lead] ?? lead,
  };
}

/** A project's parties and names (the project record, or the track's project). */
function projectFacts(p: Raw): RecordFacts {
  const lead = ref(p["solverLead"]);
  const members = Array.isArray(p["solverMembers"]) ? (p["solverMembers"] as unknown[]).map(ref) : [];
  return {
    title: typeof p["title"] === "string" ? p["title"] : undefined,
    enterpriseOrganisationIds: strings(p["enterpriseOrganisationIds"]),
    solverOrganisationIds: [lead, ...members].flatMap((r) => (r ? [r.organisationId] : [])),
    ...(lead ? { solverName: lead.name } : {}),
    projectId: p.id,
  };
}

/** A project's facts; a project written before titles were stored is named by its challenge's (projects/names.ts). */
async function titledProjectFacts(records: RecordStore, p: Raw): Promise<RecordFacts> {
  const facts = projectFacts(p);
  if (facts.title !== undefined) return facts;
  const challenge = await read(records, "CHALLENGE", p["challengeId"]);
  const title = challenge?.["title"];
  return typeof title === "string" ? { ...facts, title } : facts;
}

const challengeFacts = (c: Raw | undefined): RecordFacts =>
  c
    ? {
        title: typeof c["title"] === "string" ? c["title"] : undefined,
        enterpriseOrganisationIds: strings(c["enterpriseOrganisationIds"]),
      }
    : {};

const defined = (facts: RecordFacts): RecordFacts =>
  Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as RecordFacts;

/**
 * The facts of the record an event is about, with the related names its rule's text uses; undefined when the record
 * is gone. `detail` is the event's (a challenge's award names its winning applications there).
 */
export async function factsOf(
  records: RecordStore,
  kind: string,
  id: string,
  detail: Record<string, unknown>,
): Promise<RecordFacts | undefined> {
  const record = await read(records, kind, id);
  if (!record) return undefined;
  const own = record as unknown as RecordFacts;
  switch (kind) {
    case "APPLICATION": {
      const challenge = await read(records, "CHALLENGE", record["challengeId"]);
      return defined({ ...own, ...challengeFacts(challenge), ...applicationFacts(record) });
    }
    case "CHALLENGE": {
      const winners = await Promise.all(
        strings(detail["winners"]).map((w) => read(records, "APPLICATION", w)),
      );
      return defined({
        ...own,
        ...challengeFacts(record),
        winnerNames: winners.flatMap((w) => (w ? [applicationFacts(w).solverName ?? w.id] : [])),
      });
    }
    case "OBJECTION": {
      const notice = await read(records, "NOTICE", record["noticeId"]);
      const position = Number(record["winnerPosition"]);
      const winner = (
        (notice?.["winners"] ?? []) as {
          position: number;
          applicationId: string;
          organisationNames: string[];
        }[]
      ).find((w) => w.position === position);
      const application = await read(records, "APPLICATION", winner?.applicationId);
      const challenge = await read(records, "CHALLENGE", record["challengeId"]);
      return defined({
        ...own,
        ...challengeFacts(challenge),
        ...(application ? applicationFacts(application) : {}),
        ...(winner?.organisationNames?.[0] ? { solverName: winner.organisationNames[0] } : {}),
      });
    }
    case "NOTICE": {
      const challenge = await read(records, "CHALLENGE", record["challengeId"]);
      // A replacement's notice (递补公示) tells its one winner's organisations.
      const winners = record["replacement"]
        ? ((record["winners"] ?? []) as { organisationIds?: unknown; organisationNames?: unknown }[])
        : [];
      const solvers = winners.flatMap((w) => strings(w.organisationIds));
      return defined({
        ...own,
        ...challengeFacts(challenge),
        ...(solvers.length > 0
          ? { solverOrganisationIds: solvers, solverName: strings(winners[0]?.organisationNames)[0] }
          : {}),
      });
    }
    case "PROJECT":
      return defined({ ...own, ...(await titledProjectFacts(records, record)) });
    case "PROJECT_TRACK":
    case "JUDICIAL_REFERRAL":
    case "RECOVERY": {
      const project = await read(
        records,
        "PROJECT",
        kind === "PROJECT_TRACK" ? record.id : record["projectId"],
      );
      return defined({ ...(project ? await titledProjectFacts(records, project) : {}), ...own });
    }
    default:
      return own;
  }
}
