// `npm run -s openapi [outfile]`: writes the OpenAPI 3.1 document as JSON — to stdout, or to the file given — built
// from the route catalog and the HTTP modules' schemas without starting any service (the web build runs
// openapi-typescript on it).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { generateOpenApi } from "./cli/openapi.ts";

const document = await generateOpenApi();
const outfile = process.argv[2];
if (outfile) writeFileSync(resolve(outfile), document);
else process.stdout.write(document);
