// Adapter (HTTP): GET /v1/openapi.json — serves the OpenAPI 3.1 description generated from the route catalog and the
// routes' zod schemas (`npm run -s cli -- openapi write`; a test keeps the file in step with the code). The function
// bundles it compressed (openapi-document.ts, ≈ 24 KB instead of ≈ 210 KB of object literal, which every cold start
// would parse and build before the handler exists — bench/bundles.ts measures the import) and expands it on the first
// request.
import { httpHandler, route } from "../../platform/http/frame.ts";
import { openApiDocumentSchema } from "../views.ts";
import { decompressOpenApiDocument } from "./openapi-compression.ts";
import { compressedOpenApiDocument } from "./openapi-document.ts";

/** What the document's schema (openApiDocumentSchema) holds it to; the rest passes through. */
type OpenApiDocument = {
  readonly [key: string]: unknown;
  readonly openapi: string;
  readonly info: { readonly [key: string]: unknown; readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, unknown>>;
};

let document: OpenApiDocument | undefined;

/** The committed document, expanded once, on first use. */
const openApiDocument = () => {
  document ??= JSON.parse(decompressOpenApiDocument(compressedOpenApiDocument)) as OpenApiDocument;
  return document;
};

export const handler = httpHandler("openapi", {
  "GET /v1/openapi.json": route({ response: { 200: openApiDocumentSchema } }, async () => ({
    status: 200,
    body: openApiDocument(),
  })),
});
