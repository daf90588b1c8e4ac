// Infra tests (tests/infra): the open-data publisher's context (infra/config.ts openDataPublisher) — the city's
// 360Giving prefix and its science bureau's code and name become the open-data functions' environment; all three or
// none, each checked at synth.
import { App, type CfnResource } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { contextKeys, openDataPublisher } from "../../infra/config.ts";
import { logicalId, synthesize } from "./support.ts";

const given = (context: Record<string, string>) => openDataPublisher(new App({ context }));
const complete = {
  [contextKeys.openDataPrefix]: "360G-taiyuanstb",
  [contextKeys.funderUscc]: "11140100MB1958236C",
  [contextKeys.funderName]: "太原市科学技术局",
};

describe("the open-data publisher's context", () => {
  it("all three give the functions' environment; none gives none (the demo's, with a synth warning)", () => {
    expect(given(complete)).toEqual({
      JIEBANG_OPEN_DATA_PREFIX: "360G-taiyuanstb",
      JIEBANG_FUNDER_USCC: "11140100MB1958236C",
      JIEBANG_FUNDER_NAME: "太原市科学技术局",
    });
    expect(given({})).toBeUndefined();
  });

  it("refuses a partial set, a prefix that is not 360G-…, and a code whose check character is wrong", () => {
    expect(() => given({ [contextKeys.openDataPrefix]: "360G-taiyuanstb" })).toThrow(/go together/);
    expect(() => given({ ...complete, [contextKeys.openDataPrefix]: "taiyuan" })).toThrow(/360Giving prefix/);
    expect(() => given({ ...complete, [contextKeys.funderUscc]: "11140100MB1958236D" })).toThrow(
      /统一社会信用代码/,
    );
  });
});

describe("the open-data publisher in the stateless stack", () => {
  it("given, the API's and the daily file's functions carry it, no other; not given, the synth warns", () => {
    const variables = (s: ReturnType<typeof synthesize>, name: string) => {
      const fn = s.built.stateless.functions.get(name)!.function.node.defaultChild as CfnResource;
      const resources = s.stateless.toJSON()["Resources"] as Record<
        string,
        { Properties: { Environment: { Variables: Record<string, unknown> } } }
      >;
      return resources[logicalId(fn)]!.Properties.Environment.Variables;
    };
    const configured = synthesize(complete);
    for (const name of ["open-data-api", "open-data-daily"])
      expect(variables(configured, name)).toMatchObject({
        JIEBANG_OPEN_DATA_PREFIX: "360G-taiyuanstb",
        JIEBANG_FUNDER_USCC: "11140100MB1958236C",
        JIEBANG_FUNDER_NAME: "太原市科学技术局",
      });
    expect(variables(configured, "projects-api")).not.toHaveProperty("JIEBANG_OPEN_DATA_PREFIX");
    const warned = (s: ReturnType<typeof synthesize>) =>
      Annotations.fromStack(s.built.stateless).findWarning(
        "*",
        Match.stringLikeRegexp("local demo's 360Giving prefix"),
      );
    expect(warned(configured)).toEqual([]);
    expect(warned(synthesize())).toHaveLength(1);
  });
});
