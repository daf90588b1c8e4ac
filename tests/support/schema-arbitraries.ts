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
    // Keys named like Object.prototype members (a computed "__proto__" is an own key, as JSON.parse makes it).
    fc.tuple(valid, fc.constantFrom(...prototypeNames)).map(([body, name]) => ({
      mutation: `key ${name}`,
      body:
        typeof body === "object" && body !== null && !Array.isArray(body)
          ? { ...body, [name]: { polluted: true } }
          : { [name]: { polluted: true } },
    })),
    hostile.map((body): Mutation => ({ mutation: `whole body ${JSON.stringify(body).slice(0, 40)}`, body })),
  );
}

/** Names of Object.prototype members: as keys they must be just unknown keys, never inherited members. */
export const prototypeNames = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
];

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Query pairs an attacker adds: Object.prototype names as keys, a key twice, an empty one, and on a paged route forged
 * cursors (DynamoDB keys in base64url, `{}`, garbage) or `<replayed cursor>` (the fuzzer puts a real cursor of some
 * other listing or query there). `raw` values go into the query string as they are (malformed percent-encoding).
 */
interface HostileQuery {
  readonly label: string;
  readonly pairs: readonly { readonly name: string; readonly value: string; readonly raw?: boolean }[];
}

export function hostileQueries(paged: boolean): fc.Arbitrary<HostileQuery> {
  const forgedCursors = [
    encoded({ pk: "x", sk: "y" }),
    encoded({}),
    encoded({ pk: "PROGRAMME#x", sk: "PROGRAMME", gsi1pk: "PROGRAMMES", gsi1sk: "2026#x" }),
    encoded([]),
    encoded("x"),
    "not-a-cursor",
    "A".repeat(3000),
  ];
  return fc.oneof<fc.Arbitrary<HostileQuery>[]>(
    fc.constantFrom(...prototypeNames).map((name) => ({ label: `?${name}`, pairs: [{ name, value: "1" }] })),
    fc.constant({
      label: "?limit twice",
      pairs: [
        { name: "limit", value: "1" },
        { name: "limit", value: "2" },
      ],
    }),
    fc.constant({ label: "empty name", pairs: [{ name: "", value: "1" }] }),
    fc.constant({
      label: "malformed percent-encoding",
      pairs: [{ name: "q%ZZ", value: "%E0%A4", raw: true }],
    }),
    fc.constant({ label: "huge value", pairs: [{ name: "limit", value: "9".repeat(5000) }] }),
    ...(paged
      ? [
          fc.constantFrom(...forgedCursors).map((value) => ({
            label: `forged cursor ${value.slice(0, 24)}`,
            pairs: [{ name: "cursor", value }],
          })),
          fc.constant({ label: "replayed cursor", pairs: [{ name: "cursor", value: "<replayed cursor>" }] }),
        ]
      : []),
  );
}

/**
 * Headers an attacker sends: bad If-Match and Idempotency-Key values, other media types, prototype names (Latin-1
 * only: fetch sends no other header bytes).
 */
export function hostileHeaders(): fc.Arbitrary<{ label: string; headers: Record<string, string> }> {
  const values = ["", "-1", "0", "1e400", 'W/"x"', '"1', "x".repeat(5000), "\u00e9\u00ff", "__proto__"];
  return fc.oneof(
    fc
      .constantFrom(...values)
      .map((v) => ({ label: `if-match ${v.slice(0, 20)}`, headers: { "if-match": v } })),
    fc
      .constantFrom(...values)
      .map((v) => ({ label: `idempotency-key ${v.slice(0, 20)}`, headers: { "idempotency-key": v } })),
    fc
      .constantFrom("text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "")
      .map((v) => ({ label: `content-type ${v}`, headers: { "content-type": v } })),
    fc
      .constantFrom("<script>", "a".repeat(500), "../../x", "\u00e9\u00ff")
      .map((v) => ({ label: `correlation id ${v.slice(0, 20)}`, headers: { "x-correlation-id": v } })),
    fc.constantFrom(...prototypeNames).map((name) => ({ label: `header ${name}`, headers: { [name]: "1" } })),
  );
}

/** Path parameters an attacker sends: malformed percent-encoding (raw), traversal, prototype names, very long. */
export function hostilePathSegments(): fc.Arbitrary<{ label: string; value: string; raw?: boolean }> {
  return fc.oneof(
    fc.constantFrom("%ZZ", "%E0", "%C0%AF", "%", "%E0%A4%A", "%FF%FE").map((value) => ({
      label: `raw ${value}`,
      value,
      raw: true,
    })),
    fc
      .constantFrom(...prototypeNames, "..", "../..", "%2e%2e", "a/b", "\u0000", "<script>", "x".repeat(3000))
      .map((value) => ({ label: value.slice(0, 24), value })),
  );
}
