// Unit tests: the DomainError shape and zod-to-DomainError conversion.

import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  businessRuleError,
  conflictError,
  DomainError,
  forbiddenError,
  fromZodError,
  isDomainError,
  issuePath,
  notFoundError,
  parseOrThrow,
  validationError,
} from "../../../functions/kernel/errors.ts";

describe("DomainError", () => {
  it("carries code, kind, both messages and fields", () => {
    const e = validationError("X", "bad", "坏", [{ path: "a", message: "m", messageZh: "中" }]);
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error("x"))).toBe(false);
    expect(e.toJSON()).toEqual({
      code: "X",
      kind: "validation",
      message: "bad",
      messageZh: "坏",
      fields: [{ path: "a", message: "m", messageZh: "中" }],
    });
    expect(e.name).toBe("DomainError");
  });
  it("has one helper per kind", () => {
    expect(businessRuleError("A", "a", "甲").kind).toBe("business-rule");
    expect(businessRuleError("A", "a", "甲", []).fields).toEqual([]);
    expect(validationError("A", "a", "甲").fields).toBeUndefined();
    expect(conflictError("A", "a", "甲").kind).toBe("conflict");
    expect(notFoundError("A", "a", "甲").kind).toBe("not-found");
    expect(forbiddenError("A", "a", "甲").toJSON()).toEqual({
      code: "A",
      kind: "forbidden",
      message: "a",
      messageZh: "甲",
    });
  });
});

describe("zod errors", () => {
  const schema = z.strictObject({
    name: z.string(),
    age: z.number().check(z.int(), z.gte(0), z.lte(150)),
    kind: z.enum(["a", "b"]),
    email: z.email(),
    tags: z.array(z.string()).check(z.maxLength(1)),
    step: z.number().check(z.multipleOf(5)),
    either: z.union([z.string(), z.number()]),
    nested: z.object({
      code: z.string().check(z.refine((v) => v === "ok", { params: { messageZh: "必须是 ok" } })),
    }),
    plain: z.string().check(z.refine((v) => v === "ok")),
    big: z.optional(z.bigint()),
  });

  it("names every failing field with English and Chinese reasons", () => {
    const result = schema.safeParse({
      age: -1,
      kind: "c",
      email: "nope",
      tags: ["x", "y"],
      step: 3,
      either: true,
      nested: { code: "no" },
      plain: "no",
      extra: 1,
      big: 1n,
    });
    expect(result.success).toBe(false);
    const error = fromZodError((result as { error: z.core.$ZodError }).error);
    expect(error.kind).toBe("validation");
    expect(error.code).toBe("VALIDATION_FAILED");
    const byPath = Object.fromEntries((error.fields ?? []).map((f) => [f.path, f.messageZh]));
    expect(byPath["name"]).toBe("必填项缺失");
    expect(byPath["age"]).toContain("取值过小");
    expect(byPath["kind"]).toContain("取值不在允许范围内");
    expect(byPath["email"]).toContain("格式错误");
    expect(byPath["tags"]).toContain("取值过大");
    expect(byPath["step"]).toContain("整数倍");
    expect(byPath["either"]).toBe("不符合任何一种允许的形式");
    expect(byPath["nested.code"]).toBe("必须是 ok");
    expect(byPath["plain"]).toBe("取值不符合规则");
    expect(byPath["(root)"]).toContain("extra");
    expect(error.message).toContain("name:");
    expect(error.messageZh).toContain("输入无效");
  });

  it("reports wrong types and unusual issues", () => {
    const r = z
      .object({ n: z.number(), s: z.set(z.string()).check(z.minSize(2)) })
      .safeParse({ n: "x", s: new Set(["a"]) });
    const e = fromZodError((r as { error: z.core.$ZodError }).error, "MY_CODE");
    expect(e.code).toBe("MY_CODE");
    expect(e.fields?.[0]?.messageZh).toBe("类型错误，应为 number");
    const keys = z.record(z.string().check(z.regex(/^a/)), z.number()).safeParse({ b: 1 });
    expect(fromZodError((keys as { error: z.core.$ZodError }).error).fields?.[0]?.messageZh).toBe("取值无效");
  });

  it("parseOrThrow returns data or throws", () => {
    expect(parseOrThrow(z.number(), 1)).toBe(1);
    expect(() => parseOrThrow(z.number(), "x", "BAD")).toThrow(DomainError);
    expect(issuePath([])).toBe("(root)");
    expect(issuePath(["a", 0, "b"])).toBe("a.0.b");
  });
});
