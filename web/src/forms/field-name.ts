// Workbench: the Ant Design name of the field an API error names — `body.team.0.age` → ["team", 0, "age"].
export function fieldName(path: string): (string | number)[] {
  const parts = path.split(".");
  const rest = parts[0] === "body" || parts[0] === "query" || parts[0] === "params" ? parts.slice(1) : parts;
  return rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
