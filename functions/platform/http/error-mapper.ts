// Shared (HTTP middleware): the error mapper, middy's http-error-handler for this API — any error thrown on the way
// (a refusal of the frame, a domain rule, a crash) becomes the response of errors.ts's map, { code, message,
// messageZh, fields? } with its status and headers; a refusal is logged at info, anything ≥ 500 at error with the
// error itself (the client sees no detail). Used last, so its onError runs first and the middlewares used before it
// (correlation id, tracing) see the response it made.
import type { Logger } from "../logger.ts";
import { toErrorResponse } from "./errors.ts";
import { jsonResponse } from "./response.ts";
import type { HttpMiddleware } from "./route.ts";

export function errorMapper(logger: Logger): HttpMiddleware {
  return {
    name: "errorMapper",
    onError: (request) => {
      const { error } = request;
      const mapped = toErrorResponse(error);
      const awsRequestId = request.context?.awsRequestId;
      if (mapped.status >= 500) logger.error("request failed", { error, awsRequestId });
      else logger.info("request refused", { status: mapped.status, code: mapped.body.code, awsRequestId });
      request.response = jsonResponse(mapped.status, mapped.body, mapped.headers);
    },
  };
}
