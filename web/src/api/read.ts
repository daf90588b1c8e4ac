// Workbench: minimal narrowing of API responses the OpenAPI document does not yet describe (their generated type is
// unknown): read a field as a string, number, list or object, with a safe default — no hand-written response types.
export type Json = unknown;

const record = (value: Json): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export const field = (value: Json, key: string): Json => record(value)[key];
export const str = (value: Json, key: string): string => {
  const v = field(value, key);
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
};
export const optStr = (value: Json, key: string): string | undefined => {
  const v = field(value, key);
  return typeof v === "string" ? v : undefined;
};
export const num = (value: Json, key: string): number => {
  const v = field(value, key);
  return typeof v === "number" ? v : 0;
};
export const optNum = (value: Json, key: string): number | undefined => {
  const v = field(value, key);
  return typeof v === "number" ? v : undefined;
};
export const bool = (value: Json, key: string): boolean => field(value, key) === true;
export const list = (value: Json, key?: string): Json[] => {
  const v = key === undefined ? value : field(value, key);
  return Array.isArray(v) ? v : [];
};
export const entries = (value: Json, key: string): [string, Json][] =>
  Object.entries(record(field(value, key)));
/** A path of fields: at(x, "waitingFor", "kind"). */
export const at = (value: Json, ...keys: string[]): Json => keys.reduce((v, k) => field(v, k), value);
