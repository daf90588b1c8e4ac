// Embedded runtime, the web app's build step: writes the platform's OpenAPI document (built in-process from the route catalog and the routes'
// zod schemas, local/cli/openapi.ts) to test-artifacts/openapi.json and generates web/src/api/schema.d.ts from it
// with openapi-typescript (web/node_modules, TypeScript 5.9). The generated file is gitignored; typecheck and the
// web build run this first.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateOpenApi } from "./cli/openapi.ts";
import { projectRoot } from "./runtime-paths.ts";

const documentFile = join(projectRoot, "test-artifacts", "openapi.json");
const typesFile = join(projectRoot, "web", "src", "api", "schema.d.ts");

mkdirSync(join(projectRoot, "test-artifacts"), { recursive: true });
writeFileSync(documentFile, await generateOpenApi());
execFileSync(
  join(projectRoot, "web", "node_modules", ".bin", "openapi-typescript"),
  [documentFile, "-o", typesFile, "--silent"],
  { stdio: "inherit" },
);
