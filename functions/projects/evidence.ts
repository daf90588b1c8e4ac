// Use case support (印证资料, 《太原市实施“双百攻关行动”工作方案》四（七）1; never overwritten): verifying and sealing milestone evidence with
// the shared write-once sealing of sealing.ts, run by the project-tasks function. Reads and audit reports then use
// the sealed copy, so a later PUT to the same URL changes nothing that is recorded. Used by the validation task
// (project-workflow.ts) and for extension evidence before its audit report (project-audit-reports.ts).

import { nowIso } from "../platform/ports/clock.ts";
import { bump, retryOnConflict } from "../platform/ports/record-helpers.ts";
import { updated, workflowAudit } from "../platform/ports/records.ts";
import { type SealOutcome, sealUpload } from "../platform/ports/sealing.ts";
import { loadTrack, type ProjectDeps } from "./common.ts";
import { type EvidenceFile, sealedEvidenceKey, trackKind } from "./model.ts";

/**
 * Seals one evidence file under its milestone's sealed key (sealing.ts: the sealed copy is verified against the
 * declared size and SHA-256; a file that changed before the copy stays unusable: reserve a new file).
 */
export function sealEvidence(
  deps: Pick<ProjectDeps, "documents">,
  projectId: string,
  milestone: number,
  f: EvidenceFile,
): Promise<SealOutcome> {
  return sealUpload(deps.documents, f, f.sealedKey ?? sealedEvidenceKey(projectId, milestone, f.fileId));
}

/**
 * Seals the evidence files named by extension requests that no milestone report has sealed yet, and records each one
 * that matches (verifiedAt, sealedKey); the extension's audit report then lists the sealed copies.
 */
export async function sealExtensionEvidence(deps: ProjectDeps, projectId: string): Promise<number> {
  const track = await loadTrack(deps, projectId);
  const named = new Set((track.extensions ?? []).flatMap((e) => e.evidenceFileIds));
  const sealed = new Map<string, string>();
  for (const m of track.milestones) {
    for (const f of m.files) {
      if (!named.has(f.fileId) || f.sealedKey) continue;
      const outcome = await sealEvidence(deps, projectId, m.index, f);
      if (outcome.ok) sealed.set(f.fileId, outcome.sealedKey);
    }
  }
  if (sealed.size === 0) return 0;
  await retryOnConflict(async () => {
    const current = await loadTrack(deps, projectId);
    const at = nowIso(deps);
    const milestones = current.milestones.map((m) => ({
      ...m,
      files: m.files.map((f) => {
        const sealedKey = sealed.get(f.fileId);
        return sealedKey && !f.sealedKey ? { ...f, verifiedAt: f.verifiedAt ?? at, sealedKey } : f;
      }),
    }));
    await deps.records.write(
      [
        updated(
          trackKind,
          current,
          bump(current, at, { milestones }),
          workflowAudit("evidence.sealed", { fileIds: [...sealed.keys()] }),
        ),
      ],
      at,
    );
  });
  return sealed.size;
}
