// Test support: a validator of 360Giving Data Standard packages against the standard's published JSON Schema
// (schemas/360giving/, version 1.4.3, CC BY 4.0), with Ajv (draft 2020-12) and its formats.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const schemaDir = join(import.meta.dirname, "../../schemas/360giving");
/** A schema file as published, less its `$schema` (written http://…/2020-12/schema, which Ajv knows as https://…). */
const load = (file: string) => {
  const { $schema: _, ...schema } = JSON.parse(readFileSync(join(schemaDir, file), "utf8")) as Record<
    string,
    unknown
  >;
  return schema;
};

/** The package schema with the grant schema it refers to registered. */
export function packageValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  // The grant schema of tag 1.4.3 keeps its 1.4.2 $id, the address the package schema refers to.
  ajv.addSchema(load("360-giving-schema.json"));
  return ajv.compile(load("360-giving-package-schema.json"));
}
