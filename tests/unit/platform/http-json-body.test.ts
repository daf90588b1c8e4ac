// Unit tests of the JSON body middleware (functions/platform/http/json-body.ts) alone: no body, the route's size
// limit (413), the media type (415), malformed JSON (400), base64 bodies — each with today's codes and messages.
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../../functions/platform/http/json-body.ts";
import { type ResolvedRoute, route } from "../../../functions/platform/http/route.ts";
import { apiEvent, middyRequest, run, thrown } from "../../support/middleware.ts";

const json = { "content-type": "application/json" };
const limited = (maxBodyBytes: number): ResolvedRoute => ({
  definition: { method: "POST", path: "/v1/x", function: "f", auth: { public: true }, summary: "x" },
  implementation: route({ maxBodyBytes }, async () => ({ status: 200 })),
});

async function parsed(event = apiEvent(), route?: ResolvedRoute) {
  const request = middyRequest(event, route ? { route } : {});
  await run(jsonBody(), "before", request);
  return request.context.body;
}

describe("the JSON body middleware", () => {
  it("no body (null or empty) is undefined, whatever the content type", async () => {
    expect(await parsed(apiEvent({ body: null }))).toBeUndefined();
    expect(await parsed(apiEvent({ body: "", headers: { "content-type": "text/plain" } }))).toBeUndefined();
  });

  it("parses application/json, +json types and base64 bodies", async () => {
    expect(await parsed(apiEvent({ body: '{"a":[1,"二"]}', headers: json }))).toEqual({ a: [1, "二"] });
    const merge = { "content-type": "application/merge-patch+json; charset=utf-8" };
    expect(await parsed(apiEvent({ body: '{"b":null}', headers: merge }))).toEqual({ b: null });
    const encoded = Buffer.from('{"c":"中文"}').toString("base64");
    expect(await parsed(apiEvent({ body: encoded, isBase64Encoded: true, headers: json }))).toEqual({
      c: "中文",
    });
  });

  it("413 PAYLOAD_TOO_LARGE past the route's limit in UTF-8 bytes, else past 256 KiB", async () => {
    const chinese = JSON.stringify({ t: "中".repeat(10) }); // 38 bytes, 18 characters
    const error = await thrown(
      jsonBody(),
      "before",
      middyRequest(apiEvent({ body: chinese, headers: json }), {
        route: limited(37),
      }),
    );
    expect(error).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      message: "Body larger than 37 bytes",
      messageZh: "请求体超过 37 字节",
    });
    expect(await parsed(apiEvent({ body: chinese, headers: json }), limited(38))).toEqual({
      t: "中".repeat(10),
    });
    const big = JSON.stringify({ t: "x".repeat(256 * 1024) });
    expect(
      await thrown(jsonBody(), "before", middyRequest(apiEvent({ body: big, headers: json }))),
    ).toMatchObject({
      status: 413,
      message: "Body larger than 262144 bytes",
    });
  });

  it("415 UNSUPPORTED_MEDIA_TYPE for a body that is not declared JSON", async () => {
    for (const headers of [{}, { "content-type": "text/plain" }, { "content-type": "application/jsonx" }]) {
      expect(
        await thrown(jsonBody(), "before", middyRequest(apiEvent({ body: "{}", headers }))),
      ).toMatchObject({
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        messageZh: "请求体必须是 application/json",
      });
    }
  });

  it("400 MALFORMED_JSON for a declared JSON body that does not parse", async () => {
    expect(
      await thrown(jsonBody(), "before", middyRequest(apiEvent({ body: "{", headers: json }))),
    ).toMatchObject({
      status: 400,
      code: "MALFORMED_JSON",
      message: "Body is not valid JSON",
      messageZh: "请求体不是合法的 JSON",
    });
  });
});
