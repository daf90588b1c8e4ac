// Unit: the embedded gateway's AWS_IAM check (local/sigv4.ts) against requests signed as a machine caller signs them
// (functions/platform/http/sigv4.ts): a good signature passes; an unsigned request, another key, a wrong secret, another
// body, query, path or region, and an old signature are refused.
import { describe, expect, it } from "vitest";
import { signedHeaders } from "../../../functions/platform/http/sigv4.ts";
import { localRegion } from "../../../local/functions.ts";
import { localMachineCredentials, verifySigV4 } from "../../../local/sigv4.ts";

const url = "http://127.0.0.1:4567/v1/treasury/confirmations?x=1";
const body = JSON.stringify({ instructionId: "pmt-1", outcome: "confirmed", reference: "GKZF-1" });
const now = Date.parse("2026-01-05T08:00:00Z");

async function request(
  overrides: {
    body?: string;
    path?: string;
    query?: string;
    signBody?: string;
    secret?: string;
    key?: string;
    at?: number;
  } = {},
) {
  const credentials = {
    accessKeyId: overrides.key ?? localMachineCredentials.treasury.accessKeyId,
    secretAccessKey: overrides.secret ?? localMachineCredentials.treasury.secretAccessKey,
  };
  const headers = await signedHeaders(
    credentials,
    localRegion,
    {
      method: "POST",
      url,
      body: overrides.signBody ?? body,
      headers: { "content-type": "application/json" },
    },
    new Date(overrides.at ?? now),
  );
  return {
    method: "POST",
    path: overrides.path ?? "/v1/treasury/confirmations",
    query: new URLSearchParams(overrides.query ?? "x=1"),
    headers: { ...headers, "content-type": "application/json" } as Record<string, string>,
    body: Buffer.from(overrides.body ?? body),
  };
}

describe("SigV4 verification of IAM routes", () => {
  it("lets a correctly signed request through with the caller's identity", async () => {
    const result = await verifySigV4(await request(), "treasury", localRegion, now);
    expect(result).toEqual({
      ok: true,
      caller: "treasury",
      accessKeyId: localMachineCredentials.treasury.accessKeyId,
      userArn: localMachineCredentials.treasury.userArn,
    });
  });

  it("refuses unsigned, wrongly signed, altered and stale requests", async () => {
    const unsigned = await request();
    const { authorization: _, ...withoutAuthorization } = unsigned.headers;
    const cases: [string, Parameters<typeof verifySigV4>[0], string][] = [
      ["unsigned", { ...unsigned, headers: withoutAuthorization }, "SIGNATURE_REQUIRED"],
      [
        "bearer",
        { ...unsigned, headers: { ...unsigned.headers, authorization: "Bearer x.y.z" } },
        "SIGNATURE_REQUIRED",
      ],
      ["wrong secret", await request({ secret: "guess" }), "SIGNATURE_INVALID"],
      ["unknown key", await request({ key: "AKIAUNKNOWN" }), "SIGNATURE_INVALID"],
      ["other body", await request({ body: body.replace("GKZF-1", "GKZF-2") }), "SIGNATURE_INVALID"],
      ["other body, its hash", await request({ body: "{}", signBody: body }), "SIGNATURE_INVALID"],
      ["other path", await request({ path: "/v1/payments" }), "SIGNATURE_INVALID"],
      ["other query", await request({ query: "x=2" }), "SIGNATURE_INVALID"],
      ["16 minutes old", await request({ at: now - 16 * 60_000 }), "SIGNATURE_EXPIRED"],
    ];
    for (const [what, req, code] of cases) {
      const result = await verifySigV4(req, "treasury", localRegion, now);
      expect(result.ok, what).toBe(false);
      expect(result.ok ? undefined : result.code, what).toBe(code);
    }
    expect((await verifySigV4(await request(), "treasury", "eu-west-1", now)).ok).toBe(false);
  });
});
