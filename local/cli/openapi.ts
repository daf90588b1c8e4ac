// CLI group `openapi`: regenerates functions/operations/adapters/openapi.json from the catalog and every HTTP module's zod
// schemas (`write`), or says whether the file is out of date (`check`, exit 1).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { functions } from "../../functions/catalog.ts";
import { declaredRouteSpecs } from "../../functions/platform/http/frame.ts";
import { openApiDocument } from "../../functions/platform/http/openapi.ts";
import { projectRoot } from "../runtime-paths.ts";
import { subcommands } from "./args.ts";

export const openApiFile = join(projectRoot, "functions/operations/adapters/openapi.json");

/** Imports every HTTP function (each registers its routes' schemas) and builds the document. */
export async function generateOpenApi(): Promise<string> {
  for (const f of functions.filter((fn) => fn.kind === "http")) {
    await import(pathToFileURL(join(projectRoot, f.entry)).href);
  }
  return `${JSON.stringify(openApiDocument(declaredRouteSpecs()), null, 2)}\n`;
}

export const openapiCommands = subcommands(
  "openapi",
  "the API description: openapi write | openapi check",
  "usage:\n  openapi write   regenerate functions/operations/adapters/openapi.json\n  openapi check   exit 1 if it is out of date",
  {
    write: async () => {
      writeFileSync(openApiFile, await generateOpenApi());
      console.log(`wrote ${openApiFile}`);
      return 0;
    },
    check: async () => {
      const fresh = await generateOpenApi();
      const current = readFileSync(openApiFile, "utf8");
      if (fresh === current) return 0;
      console.error(
        "functions/operations/adapters/openapi.json is out of date: run npm run -s cli -- openapi write",
      );
      return 1;
    },
  },
);
