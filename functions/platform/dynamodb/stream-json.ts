// Platform (DynamoDB): a stream record's image read as JSON — the stream's DynamoDB JSON without @aws-sdk/util-dynamodb,
// which the pinned SDK layer does not hold; shared by the stream consumers (notifications, domain events).
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** One attribute value as JSON (the stream's DynamoDB JSON: S, N, BOOL, NULL, M, L, SS, NS); anything else throws. */
export function attributeValue(value: AttributeValue): unknown {
  const v = value as unknown as Record<string, unknown>;
  if (typeof v["S"] === "string") return v["S"];
  if (typeof v["N"] === "string") return Number(v["N"]);
  if (typeof v["BOOL"] === "boolean") return v["BOOL"];
  if (v["NULL"] === true) return null;
  if (v["M"] && typeof v["M"] === "object") {
    const map = v["M"] as Record<string, AttributeValue>;
    return Object.fromEntries(Object.entries(map).map(([k, inner]) => [k, attributeValue(inner)]));
  }
  if (Array.isArray(v["L"])) return (v["L"] as AttributeValue[]).map(attributeValue);
  if (Array.isArray(v["SS"])) return [...(v["SS"] as string[])];
  if (Array.isArray(v["NS"])) return (v["NS"] as string[]).map(Number);
  throw new Error(`attribute value of no known type: ${Object.keys(v).join(",") || "{}"}`);
}
