// Unit tests of the executions inspector's readable values (web/src/pages/executions/readable.ts): JSON held in strings
// shown as JSON, task tokens and JWT-like strings masked wherever they are.
import { describe, expect, it } from "vitest";

// Imported by a computed specifier: web/src is type-checked by its own project (DOM types), not by this one.
const readableModule = "../../../web/src/pages/executions/readable.ts";
const load = () =>
  import(/* @vite-ignore */ readableModule) as Promise<{ readable(v: unknown): unknown; masked: string }>;

describe("readable values in the executions inspector", () => {
  it("parses JSON held in strings, so history details read as JSON and not escaped text", async () => {
    const { readable } = await load();
    expect(readable({ input: '{"challengeId":"chl-1","terms":{"round":1}}' })).toEqual({
      input: { challengeId: "chl-1", terms: { round: 1 } },
    });
    expect(readable("not {json")).toBe("not {json");
  });

  it("masks task tokens and JWT-like strings at any depth", async () => {
    const { readable, masked } = await load();
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2NhbC1hZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const shown = JSON.stringify(
      readable({
        details: JSON.stringify({
          parameters: { TaskToken: "AQB8AAAAKgAAAAMAAAAAAAAAA", payload: { token: "x" } },
        }),
        events: [{ note: jwt }],
      }),
    );
    expect(shown).not.toContain("AQB8AAAAKgAAAAMAAAAAAAAAA");
    expect(shown).not.toContain(jwt);
    expect(shown).toContain(masked);
  });
});
