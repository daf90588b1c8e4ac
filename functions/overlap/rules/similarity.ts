// Pure rule of 就高不重复 (《太原市“双百攻关行动”…行动方案》六（一）): when two supported items of the same organisation are "the
// same content" — character-bigram Jaccard similarity of the normalised Chinese title and key technologies, and
// overlapping periods (docs/overlap.md gives the measure, the threshold and why).

/** At or above this similarity (0…1) two items with overlapping periods are shown to the bureau as possibly the same. */
export const similarityThreshold = 0.3;
/** The title's weight when both sides name key technologies (the rest is the key technologies'). */
export const titleWeight = 0.6;

export interface ContentSummary {
  readonly title: string;
  /** 关键技术 (key technologies) or keywords; may be empty. */
  readonly keywords: readonly string[];
  /** Inclusive period as ISO dates; absent when not known (a pending application before its start is fixed). */
  readonly period?: { readonly startDate: string; readonly endDate: string } | undefined;
}

export interface Similarity {
  /** 0…1, rounded to three places. */
  readonly score: number;
  readonly titleScore: number;
  readonly keywordScore?: number;
  /** Days both periods share; undefined when a period is unknown (counted as overlapping: the bureau decides). */
  readonly sharedDays?: number;
  /** score ≥ threshold and the periods overlap (or one is unknown). */
  readonly overlaps: boolean;
}

/**
 * Normalised text: Unicode NFKC (full-width letters and digits to half-width), lower case, and every space,
 * punctuation mark and symbol removed — 「高端·不锈钢（冷轧）」 and "高端不锈钢冷轧" compare equal.
 */
export function normaliseContent(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, "");
}

/** The set of adjacent character pairs (a one-character text is its one character). */
export function bigrams(text: string): Set<string> {
  const chars = [...normaliseContent(text)];
  if (chars.length === 1) return new Set(chars);
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) set.add(`${chars[i]}${chars[i + 1]}`);
  return set;
}

/** |A ∩ B| / |A ∪ B|; two empty sets are 0 (nothing said is not the same content). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

const dayMs = 86_400_000;

/** Days two inclusive periods share (0 when they do not meet). */
export function sharedDays(
  a: { readonly startDate: string; readonly endDate: string },
  b: { readonly startDate: string; readonly endDate: string },
): number {
  const start = Math.max(Date.parse(a.startDate), Date.parse(b.startDate));
  const end = Math.min(Date.parse(a.endDate), Date.parse(b.endDate));
  return end < start ? 0 : Math.round((end - start) / dayMs) + 1;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The similarity of two items: title bigram Jaccard, blended 60/40 with the key technologies' bigram Jaccard when
 * both name key technologies; they overlap when the score reaches the threshold and the periods share a day.
 */
export function contentSimilarity(a: ContentSummary, b: ContentSummary): Similarity {
  const titleScore = jaccard(bigrams(a.title), bigrams(b.title));
  const both = a.keywords.length > 0 && b.keywords.length > 0;
  const keywordScore = both ? jaccard(bigrams(a.keywords.join("")), bigrams(b.keywords.join(""))) : undefined;
  const score = round3(
    keywordScore === undefined ? titleScore : titleWeight * titleScore + (1 - titleWeight) * keywordScore,
  );
  const days = a.period && b.period ? sharedDays(a.period, b.period) : undefined;
  return {
    score,
    titleScore: round3(titleScore),
    ...(keywordScore === undefined ? {} : { keywordScore: round3(keywordScore) }),
    ...(days === undefined ? {} : { sharedDays: days }),
    overlaps: score >= similarityThreshold && (days === undefined || days > 0),
  };
}
