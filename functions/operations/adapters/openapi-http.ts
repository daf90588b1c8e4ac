// Adapter (HTTP): GET /v1/openapi.json — serves the OpenAPI 3.1 description generated from the route catalog and the
// routes' zod schemas (`npm run -s cli -- openapi write`; a test keeps the file in step with the code).
import { httpHandler, route } from "../../platform/http/frame.ts";
import { openApiDocumentSchema } from "../views.ts";
import document from "./openapi.json" with { type: "json" };

export const handler = httpHandler("openapi", {
  "GET /v1/openapi.json": route({ response: { 200: openApiDocumentSchema } }, async () => ({
    status: 200,
    body: document,
  })),
});
