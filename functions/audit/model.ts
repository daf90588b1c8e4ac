// Audit (model): the digest that anchors the hash-chained audit trail outside the table — the head (version, hash) of
// every record's chain that changed since the previous digest, signed, each digest naming the previous one (AWS
// CloudTrail's digest files are the model), written to the Object-Locked audit bucket. Its terms (how often, how far
// back, the format and algorithm) are in rules/digest.ts.
import type { digestAlgorithm, digestFormat } from "./rules/digest.ts";

/** One record's chain head: the record (`<KIND>#<id>`), its latest event's version and hash. */
export interface AnchoredHead {
  readonly record: string;
  readonly version: number;
  readonly hash: string;
}

/** The previous digest a digest names. */
export interface DigestLink {
  readonly sequence: number;
  readonly key: string;
  /** SHA-256 (hex) of the previous digest file's bytes. */
  readonly sha256: string;
}

/** A digest before it is signed. */
export interface AuditDigest {
  readonly format: typeof digestFormat;
  readonly sequence: number;
  /** The table whose trail it anchors. */
  readonly table: string;
  /** Events from this instant on were looked at (absent for the first digest, which anchors every record). */
  readonly from?: string;
  /** …up to the moment the digest was made. */
  readonly to: string;
  /** Why it was written: the hourly schedule, or someone asked (their user id). */
  readonly trigger: { readonly kind: "schedule" } | { readonly kind: "on-demand"; readonly by: string };
  readonly previous?: DigestLink;
  readonly heads: readonly AnchoredHead[];
  readonly signing: { readonly keyId: string; readonly algorithm: typeof digestAlgorithm };
}

/** A digest as stored: the digest and its signature (base64, DER) over the digest's canonical JSON. */
export interface SignedDigest extends AuditDigest {
  readonly signature: string;
}
