// Model (projects): how the project's track (PROJECT_TRACK, model.ts) is stored in parts (ports/records.ts RecordParts)
// so that a change rewrites the part it changed, not the whole 8–10 KB track (docs/project-lifecycle.md, "Write units").
import type { RecordParts } from "../platform/ports/records.ts";
import type { ProjectTrackRecord } from "./model.ts";

/** The fields of the track stored as parts of their own, whole; the milestones are split further. */
const trackPartFields = [
  "taskBook",
  "notices",
  "acceptance",
  "extensions",
  "terminationProposals",
  "auditReports",
] as const;
/** The fields of a milestone stored as parts of their own (`milestones.<i>.<field>`); the rest is `milestones.<i>`. */
const milestonePartFields = ["files", "reports", "auditReports"] as const;
/** Up to this many milestones, each milestone's files, reports and report references are parts of their own. */
const fineMilestones = 20;

/**
 * The track in parts (ports/records.ts RecordParts; docs/project-lifecycle.md, "Write units"): it grows to 8–10 KB
 * (the task book, each milestone's evidence, reports, votes and audit-report references, the acceptance) and most
 * changes touch one milestone or the acceptance. Its core (status, termination, horse race, …: a few hundred bytes)
 * is written by every change; the task book, each milestone's state, files, reports and report references, the
 * notices, the acceptance, the extensions, the termination proposals and the project's report references are parts
 * (named by their path: `taskBook`, `milestones.0`, `milestones.0.files`, …), each written only when it changes.
 */
export const trackParts: RecordParts<ProjectTrackRecord> = {
  split(track) {
    const core: Record<string, unknown> = { ...track };
    const parts = new Map<string, unknown>();
    for (const field of trackPartFields) {
      if (core[field] !== undefined) parts.set(field, core[field]);
      delete core[field];
    }
    delete core["milestones"];
    // A long plan (up to 36 milestones) keeps each milestone in one part, so that a track's parts fit in one
    // transaction with the rest of its first write (else the store writes it whole: record-parts.ts partPlans).
    const fields = track.milestones.length <= fineMilestones ? milestonePartFields : [];
    for (const [i, m] of track.milestones.entries()) {
      const rest: Record<string, unknown> = { ...m };
      for (const field of fields) {
        if (rest[field] !== undefined) parts.set(`milestones.${i}.${field}`, rest[field]);
        delete rest[field];
      }
      parts.set(`milestones.${i}`, rest);
    }
    // No milestones at all: an empty list in the core (no part would make one).
    if (track.milestones.length === 0) core["milestones"] = [];
    return { core, parts };
  },
};
