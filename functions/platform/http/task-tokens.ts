// Shared (HTTP): no response carries a workflow task token. A token completes the Step Functions task parked on a
// record, and only the use case of the person concerned may complete it (docs/security.md, trust boundary 6): records
// keep theirs as `pendingTask.token`, and a response shows the pending task (what is awaited, since when) without it.

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Keys that hold a task token wherever they appear. */
const tokenKey = /^taskToken$/i;

/**
 * A copy of a response body without task tokens: every `pendingTask` object loses its `token`, every `taskToken`
 * key is dropped. Arrays and plain objects are walked; anything else (strings, numbers, dates) is kept as it is.
 */
export function withoutTaskTokens(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withoutTaskTokens);
  if (!isPlainObject(body)) return body;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (tokenKey.test(key)) continue;
    if (key === "pendingTask" && isPlainObject(value)) {
      const { token: _withheld, ...rest } = value;
      copy[key] = withoutTaskTokens(rest);
    } else {
      copy[key] = withoutTaskTokens(value);
    }
  }
  return copy;
}
