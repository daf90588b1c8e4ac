// Model (projects): how the project's track (PROJECT_TRACK, model.ts) is stored in parts (ports/records.ts RecordParts)
// so that a change rewrites the part it changed, not the whole 8–10 KB track (docs/project-lifecycle.md, "Write units").
import type { RecordParts } from "../platform/ports/records.ts";
import type { ProjectTrackRecord } from "./model.ts";

/** The fields of the track stored as parts of their own (trackParts), whole; the milestones are split further. */
const trackPartFields = [
  "taskBook",
  "notices",
  "acceptance",
  "extensions",
  "terminationProposals",
  "auditReports",
] as const;
/** The fields of a milestone stored as parts of their own (`m<index>.<field>`); the rest is the part `m<index>`. */
const milestonePartFields = ["files", "reports", "auditReports"] as const;
const milestonePart = /^m(\d+)$/;
/** Up to this many milestones, each milestone's files, reports and report references are parts of their own. */
const fineMilestones = 20;

/**
 * The track in parts (ports/records.ts RecordParts; docs/project-lifecycle.md, "Write units"): it grows to 8–10 KB
 * (the task book, each milestone's evidence, reports, votes and audit-report references, the acceptance) and most
 * changes touch one milestone or the acceptance. Its core (status, termination, horse race, …: a few hundred bytes)
 * is written by every change; the task book, each milestone's state, files, reports and report references, the
 * notices, the acceptance, the extensions, the termination proposals and the project's report references are parts,
 * each written only when it changes. Milestones not in task-book order (never written so) stay in the core.
 */
export const trackParts: RecordParts<ProjectTrackRecord> = {
  split(track) {
    const core: Record<string, unknown> = { ...track };
    const parts = new Map<string, unknown>();
    for (const field of trackPartFields) {
      if (core[field] !== undefined) parts.set(field, core[field]);
      delete core[field];
    }
    const ms = track.milestones;
    if (ms.every((m, i) => i === 0 || m.index > ms[i - 1]!.index)) {
      delete core["milestones"];
      // A long plan (up to 36 milestones) keeps each milestone in one part, so that a track's parts fit in one
      // transaction with the rest of its first write (else the store writes it whole: records.ts partPlans).
      const fields = ms.length <= fineMilestones ? milestonePartFields : [];
      for (const m of ms) {
        const rest: Record<string, unknown> = { ...m };
        for (const field of fields) {
          if (rest[field] !== undefined) parts.set(`m${m.index}.${field}`, rest[field]);
          delete rest[field];
        }
        parts.set(`m${m.index}`, rest);
      }
    }
    return { core, parts };
  },
  join(core, parts) {
    const record: Record<string, unknown> = { ...core };
    for (const field of trackPartFields) if (parts.has(field)) record[field] = parts.get(field);
    if (record["milestones"] === undefined) {
      const indexes = [...parts.keys()]
        .map((name) => milestonePart.exec(name)?.[1])
        .filter((i): i is string => i !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      record["milestones"] = indexes.map((i) => {
        const m: Record<string, unknown> = { ...(parts.get(`m${i}`) as object) };
        for (const field of milestonePartFields)
          if (parts.has(`m${i}.${field}`)) m[field] = parts.get(`m${i}.${field}`);
        return m;
      });
    }
    return record as unknown as ProjectTrackRecord;
  },
};
