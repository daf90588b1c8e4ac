// Test support: the part of npm's semver ranges that `engines.node` fields use (`||`, `>=`, `>`, `<=`, `<`, `=`, `^`,
// `~`, partial and x versions, `*`), to check which Node versions a package accepts. Anything else throws, so a range
// it cannot read fails the test that asked rather than passing unread.
type Version = readonly [number, number, number];

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export function parseVersion(text: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  if (!match) throw new Error(`not a version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** "20", "20.19", "20.x", "20.19.0" → the parts given (x and * end the list). */
function partial(text: string): number[] {
  const parts: number[] = [];
  for (const part of text.split(".")) {
    if (part === "x" || part === "X" || part === "*") break;
    if (!/^\d+$/.test(part)) throw new Error(`cannot read version "${text}"`);
    parts.push(Number(part));
  }
  if (parts.length > 3) throw new Error(`cannot read version "${text}"`);
  return parts;
}

const full = (parts: number[]): Version => [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];

/** The next version past everything `parts` names: 20 → 21.0.0, 20.19 → 20.20.0. */
function bump(parts: number[]): Version {
  if (parts.length === 1) return [parts[0]! + 1, 0, 0];
  if (parts.length === 2) return [parts[0]!, parts[1]! + 1, 0];
  throw new Error("nothing to bump");
}

/** One comparator as [lower bound inclusive, upper bound exclusive]. */
function bounds(comparator: string): {
  min?: Version;
  minExclusive?: Version;
  max?: Version;
  maxInclusive?: Version;
} {
  const match = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(comparator)!;
  const op = match[1] ?? "";
  const parts = partial(match[2]!);
  if (parts.length === 0) {
    if (op === "" || op === ">=" || op === "=") return {};
    throw new Error(`cannot read comparator "${comparator}"`);
  }
  const complete = parts.length === 3;
  switch (op) {
    case ">=":
      return { min: full(parts) };
    case ">":
      return complete ? { minExclusive: full(parts) } : { min: bump(parts) };
    case "<":
      return { max: full(parts) };
    case "<=":
      return complete ? { maxInclusive: full(parts) } : { max: bump(parts) };
    case "^":
      if (parts[0] === 0) throw new Error(`cannot read comparator "${comparator}"`);
      return { min: full(parts), max: [parts[0]! + 1, 0, 0] };
    case "~":
      return { min: full(parts), max: parts.length === 1 ? bump(parts) : [parts[0]!, parts[1]! + 1, 0] };
    default:
      return complete
        ? { min: full(parts), maxInclusive: full(parts) }
        : { min: full(parts), max: bump(parts) };
  }
}

function comparators(set: string): string[] {
  const text = set.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1");
  if (/\s-\s/.test(text)) throw new Error(`hyphen ranges are not read: "${set}"`);
  return text === "" ? ["*"] : text.split(/\s+/);
}

/** Whether `version` is in `range`. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split("||").some((set) =>
    comparators(set).every((comparator) => {
      const b = bounds(comparator);
      if (b.min && compare(v, b.min) < 0) return false;
      if (b.minExclusive && compare(v, b.minExclusive) <= 0) return false;
      if (b.max && compare(v, b.max) >= 0) return false;
      if (b.maxInclusive && compare(v, b.maxInclusive) > 0) return false;
      return true;
    }),
  );
}

/** The lowest version of each `||` branch: the versions to try for a range's every lower edge. */
export function lowestVersions(range: string): string[] {
  return range.split("||").map((set) => {
    const lows = comparators(set)
      .map(bounds)
      .map(
        (b) =>
          b.min ??
          (b.minExclusive
            ? ([b.minExclusive[0], b.minExclusive[1], b.minExclusive[2] + 1] as Version)
            : undefined),
      )
      .filter((v): v is Version => v !== undefined)
      .sort(compare);
    const low = lows.at(-1) ?? ([0, 0, 0] as Version);
    return low.join(".");
  });
}
