// Use case support (issue 5 item 2, "objects never overwritten"): verifying and sealing milestone evidence. The browser
// uploads to a staging key through a presigned PUT URL that stays valid for a while; once the upload matches its
// declared size and SHA-256 the project-tasks function copies it (server side, write-once) to `sealed/…`, a key no
// presigned URL is ever issued for, and hashes the sealed copy. From then on reads and audit reports use the sealed
// copy, so a later PUT to the same URL changes nothing that is recorded. Used by the validation task
// (project-workflow.ts) and for extension evidence before its audit report (project-audit-reports.ts).
import { updated } from "../ports/records.ts";
import { loadTrack, nowIso, type ProjectDeps, workflowAudit } from "./project-common.ts";
import { type EvidenceFile, sealedEvidenceKey, trackKind } from "./project-model.ts";
import { bump, retryOnConflict } from "./review.ts";

export type SealOutcome =
  | { readonly ok: true; readonly sealedKey: string }
  | { readonly ok: false; readonly problem: "missing" | "mismatch" };

/**
 * Seals one evidence file and verifies the sealed copy against the declared size and SHA-256. An upload that does not
 * match is not sealed (the enterprise may upload it again while its URL lasts); one that matched but changed before
 * the copy is caught on the sealed copy (and that file id stays unusable: reserve a new file).
 */
export async function sealEvidence(
  deps: Pick<ProjectDeps, "documents">,
  projectId: string,
  milestone: number,
  f: EvidenceFile,
): Promise<SealOutcome> {
  const sealedKey = f.sealedKey ?? sealedEvidenceKey(projectId, milestone, f.fileId);
  const matches = (o: { sizeBytes: number; sha256: string }) =>
    o.sizeBytes === f.sizeBytes && o.sha256 === f.sha256;
  const staged = f.sealedKey ? undefined : await deps.documents.inspect(f.key);
  const stored =
    f.sealedKey || (staged && matches(staged)) ? await deps.documents.seal(f.key, sealedKey) : staged;
  if (!stored) return { ok: false, problem: "missing" };
  if (!matches(stored)) return { ok: false, problem: "mismatch" };
  return { ok: true, sealedKey };
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
