// Workbench: a value made readable for the executions inspector — strings that hold JSON parsed into the JSON they
// are (shown formatted, not escaped), and anything token-like (a key named …token…, a JWT) masked: the API withholds
// task tokens, this makes sure nothing of the kind reaches the screen.
const jwtLike = /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/;
export const masked = "••••••";

export function readable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    const text = value.trim();
    if (depth < 4 && (text.startsWith("{") || text.startsWith("["))) {
      try {
        return readable(JSON.parse(text), depth + 1);
      } catch {
        return value;
      }
    }
    return jwtLike.test(text) ? masked : value;
  }
  if (Array.isArray(value)) return value.map((v) => readable(v, depth));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, /token/i.test(k) ? masked : readable(v, depth)]),
    );
  }
  return value;
}
