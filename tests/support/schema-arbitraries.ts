// Test support: fast-check arbitraries from the JSON Schemas of the OpenAPI document (themselves generated from the
// routes' zod schemas), and mutations of valid inputs: for the per-route fuzz tests.
import fc from "fast-check";

export type JsonSchema = Record<string, unknown>;

/** Values that satisfy `schema` (as far as the schema says: types, bounds, enums, patterns, required keys). */
export function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return fc.jsonValue({ maxDepth: 2 });
  if (Array.isArray(schema["enum"])) return fc.constantFrom(...(schema["enum"] as unknown[]));
  if ("const" in schema) return fc.constant(schema["const"]);
  for (const key of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(schema[key]))
      return fc.oneof(...(schema[key] as JsonSchema[]).map((s) => arbitraryFor(s, depth)));
  }
  if (Array.isArray(schema["allOf"])) return arbitraryFor((schema["allOf"] as JsonSchema[])[0], depth);
  switch (schema["type"]) {
    case "string": {
      const minLength = Number(schema["minLength"] ?? 0);
      if (typeof schema["pattern"] === "string") {
        // The pattern decides the length; only the schema's own bounds filter (never a default one).
        const maxLength = Number(schema["maxLength"] ?? Number.POSITIVE_INFINITY);
        return fc
          .stringMatching(new RegExp(schema["pattern"]))
          .filter((s) => s.length >= minLength && s.length <= maxLength);
      }
      const maxLength = Math.min(Number(schema["maxLength"] ?? 40), 200);
      if (schema["format"] === "date-time")
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema["format"] === "date")
        return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc
        .string({ minLength, maxLength: Math.max(minLength, maxLength), unit: "grapheme" })
        .filter((s) => s.trim().length >= minLength);
    }
    case "integer": {
      const min =
        schema["exclusiveMinimum"] !== undefined
          ? Number(schema["exclusiveMinimum"]) + 1
          : Number(schema["minimum"] ?? -1e9);
      const max =
        schema["exclusiveMaximum"] !== undefined
          ? Number(schema["exclusiveMaximum"]) - 1
          : Number(schema["maximum"] ?? 1e12);
      return fc.integer({
        min: Math.max(min, Number.MIN_SAFE_INTEGER),
        max: Math.min(max, Number.MAX_SAFE_INTEGER),
      });
    }
    case "number":
      return fc.double({
        min: Number(schema["minimum"] ?? -1e9),
        max: Number(schema["maximum"] ?? 1e12),
        noNaN: true,
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      if (depth > 4) return fc.constant([]);
      const items = arbitraryFor(schema["items"] as JsonSchema | undefined, depth + 1);
      const minLength = Number(schema["minItems"] ?? 0);
      return fc.array(items, {
        minLength,
        maxLength: Math.max(minLength, Math.min(Number(schema["maxItems"] ?? 3), 3)),
      });
    }
    case "object": {
      const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema["required"] ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = arbitraryFor(property, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Ways a client can get a body wrong: each takes a valid body and breaks it. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<{ mutation: string; body: unknown }> {
  const hostile = fc.oneof(
    fc.constant(null),
    fc.constant(""),
    fc.constant(-1),
    fc.constant(1.5),
    fc.constant(Number.MAX_SAFE_INTEGER + 2),
    fc.constant("x".repeat(20_000)),
    fc.constant({ $where: "1" }),
    fc.constant(["a"]),
    fc.constant("<script>alert(1)</script>"),
    fc.constant("' OR 1=1 --"),
  );
  type Mutation = { mutation: string; body: unknown };
  return fc.oneof(
    valid.chain(
      (body): fc.Arbitrary<Mutation> =>
        typeof body === "object" && body !== null && !Array.isArray(body) && Object.keys(body).length > 0
          ? fc.constantFrom(...Object.keys(body)).chain((key) =>
              fc.oneof(
                fc.constant({
                  mutation: `drop ${key}`,
                  body: Object.fromEntries(Object.entries(body).filter(([k]) => k !== key)),
                }),
                hostile.map((value) => ({
                  mutation: `${key} := ${JSON.stringify(value).slice(0, 40)}`,
                  body: { ...body, [key]: value },
                })),
              ),
            )
          : fc.constant<Mutation>({ mutation: "as is", body }),
    ),
    valid.map((body) => ({
      mutation: "server-owned fields",
      body: { ...(body as object), status: "accepted", version: 99, id: "x" },
    })),
    hostile.map((body): Mutation => ({ mutation: `whole body ${JSON.stringify(body).slice(0, 40)}`, body })),
  );
}
