// Unit: the stream adapter reads a stream image's DynamoDB JSON itself (no util-dynamodb in the SDK layer): every type
// the records table stores, nested; a value of no known type is refused rather than guessed.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { attributeValue, outboxEntryOf } from "../../../functions/notifications/adapters/stream.ts";

describe("the stream image reader", () => {
  it("converts strings, numbers, booleans, null, maps, lists and sets", () => {
    const value = {
      M: {
        title: { S: "高强度钢" },
        amountFen: { N: "150000000" },
        open: { BOOL: false },
        none: { NULL: true },
        steps: { L: [{ S: "a" }, { M: { n: { N: "2" } } }] },
        tags: { SS: ["x", "y"] },
        counts: { NS: ["1", "3"] },
      },
    } as AttributeValue;
    expect(attributeValue(value)).toEqual({
      title: "高强度钢",
      amountFen: 150_000_000,
      open: false,
      none: null,
      steps: ["a", { n: 2 }],
      tags: ["x", "y"],
      counts: [1, 3],
    });
  });

  it("refuses a value of no known type", () => {
    expect(() => attributeValue({} as AttributeValue)).toThrow(/no known type/);
  });

  it("an update or a removal is not an outbox entry", () => {
    expect(
      outboxEntryOf({ eventName: "MODIFY", dynamodb: { NewImage: { pk: { S: "x" } } } }),
    ).toBeUndefined();
    expect(outboxEntryOf({ eventName: "REMOVE" })).toBeUndefined();
  });
});
