// Use case (open data): every award (project) of every programme with its tranches and recovery receipts, read from
// the records and mapped to the 360Giving package (rules/grants.ts); the settings are the city's configuration.
import { challengeKind } from "../challenges/model.ts";
import { organisationKind } from "../organisations/model.ts";
import { listAll, recordsById } from "../platform/ports/record-helpers.ts";
import type { RecordStore } from "../platform/ports/records.ts";
import { allProgrammes } from "../programmes/model.ts";
import { projectsOfProgramme, trackKind, tranchesOfProject } from "../projects/model.ts";
import { recoveryId, recoveryKind } from "../recoveries/model.ts";
import { openDataEnv } from "./model.ts";
import { type OpenDataSettings, type OpenGrantInput, openDataPackage } from "./rules/grants.ts";

/**
 * The publisher's settings from the environment. A city must register its own 360Giving prefix (360G-…) with
 * 360Giving and set its science bureau's 统一社会信用代码 and name; the defaults are the local demo's only.
 */
export function openDataSettings(env: Record<string, string | undefined> = process.env): OpenDataSettings {
  return {
    prefix: env[openDataEnv.prefix] || "360G-jiebang-demo",
    funder: {
      uscc: env[openDataEnv.funderUscc] || "11140100MB1958236C",
      name: env[openDataEnv.funderName] || "市科学技术局（演示）",
    },
    license: env[openDataEnv.license] || "https://creativecommons.org/licenses/by/4.0/",
  };
}

/** The open-data inputs of every award, programme by programme (oldest programme first, then by creation). */
export async function openGrantInputs(records: RecordStore): Promise<OpenGrantInput[]> {
  const out: OpenGrantInput[] = [];
  for (const programme of await listAll(records, allProgrammes())) {
    const projects = await listAll(records, projectsOfProgramme(programme.id));
    if (projects.length === 0) continue;
    const challenges = await recordsById(
      records,
      challengeKind,
      projects.map((p) => p.challengeId),
    );
    const organisations = await recordsById(
      records,
      organisationKind,
      projects.flatMap((p) => [p.enterprise.organisationId, p.solverLead.organisationId]),
    );
    const tracks = await recordsById(
      records,
      trackKind,
      projects.map((p) => p.id),
    );
    const recoveries = await recordsById(
      records,
      recoveryKind,
      projects.map((p) => recoveryId(p.id)),
    );
    const organisation = (ref: { organisationId: string; name: string }) => {
      const registered = organisations.get(ref.organisationId);
      return {
        id: ref.organisationId,
        name: registered?.registeredName ?? ref.name,
        ...(registered ? { uscc: registered.uscc } : {}),
      };
    };
    for (const p of projects) {
      const challenge = challenges.get(p.challengeId);
      const book = tracks.get(p.id)?.taskBook;
      const recovery = recoveries.get(recoveryId(p.id));
      const tranches = await listAll(records, tranchesOfProject(p.id));
      out.push({
        projectId: p.id,
        status: p.status,
        grantFen: p.grantFen,
        awardedAt: p.awardedAt,
        updatedAt: p.updatedAt,
        challenge: { title: challenge?.title ?? p.challengeId, field: challenge?.field ?? "" },
        programme: { id: programme.id, name: programme.name, nameZh: programme.nameZh, year: programme.year },
        recipient: organisation(p.enterprise),
        solverLead: organisation(p.solverLead),
        ...(book
          ? { period: { startDate: book.startDate, endDate: book.endDate, months: book.periodMonths } }
          : {}),
        tranches: tranches.map((t) => ({
          index: t.index,
          amountFen: t.amountFen,
          status: t.status,
          ...(t.payment?.paidAt ? { paidAt: t.payment.paidAt } : {}),
        })),
        ...(recovery
          ? {
              recovery: {
                reason: recovery.reason,
                decidedOn: recovery.decidedOn,
                receipts: (recovery.receipts ?? []).map((r) => ({
                  seq: r.seq,
                  amountFen: r.amountFen,
                  receivedOn: r.receivedOn,
                })),
              },
            }
          : {}),
      });
    }
  }
  return out;
}

/** The 360Giving package as of now. */
export async function openDataNow(deps: { records: RecordStore; now: () => Date }) {
  return openDataPackage(openDataSettings(), await openGrantInputs(deps.records), deps.now().toISOString());
}
