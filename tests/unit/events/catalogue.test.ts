// Unit: the domain events' catalogue — each type's sample (an audit event of its action, with private fields in its
// detail as the change writes them) becomes a CloudEvent whose data validates against the type's published schema
// (schemas/events/<type>.json) and holds none of the private fields; the mapping (ids, subject, time) and the rules.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  commonFields,
  dataSchema,
  eventTypeOf,
  eventTypes,
  typePrefix,
} from "../../../functions/events/catalogue.ts";
import type { AuditEntry, CloudEvent } from "../../../functions/events/model.ts";
import { cloudEventOf, publishAuditEvents } from "../../../functions/events/publish.ts";
import { privateFields } from "../../../functions/events/rules/privacy.ts";
import { projectRoot } from "../../../local/runtime-paths.ts";

const schemasDir = join(projectRoot, "schemas/events");
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);

/** What a change's detail may carry beside the public fields: never to be published. */
const privateDetail = {
  bankAccount: "6222 0000 1111 2222",
  accountName: "太原市某铸造有限公司",
  contactPhone: "13800000000",
  email: "e1@ent-casting.example",
  reference: "TREASURY-REF-77",
  error: "账户已冻结：6222 0000 1111 2222",
  scores: { "exp-1": 87, "exp-2": 91 },
  verdict: "rectify",
  performanceScore: 88,
  comment: "存在疑似重复申报",
  fileIds: ["f-1"],
  proposedBy: "f1",
  overlapFindings: ["EXTERNAL_GRANT#x"],
};

/** A value of a field's type, for the samples. */
const sampleValue = (type: string) =>
  type === "integer" ? 2 : type === "date" ? "2025-12-31" : type === "string-list" ? ["a-1", "a-2"] : "pass";

function sampleOf(type: (typeof eventTypes)[number]): AuditEntry {
  return {
    recordKind: type.onRecords?.[0] ?? "PROJECT_TRACK",
    recordId: "prj-1",
    version: 7,
    action: type.actions[0]!,
    at: "2025-07-01T02:00:00.000Z",
    detail: {
      ...privateDetail,
      ...Object.fromEntries(Object.entries(type.fields).map(([name, t]) => [name, sampleValue(t)])),
    },
  };
}

describe("the event catalogue", () => {
  it("has one published schema per type, equal to the catalogue's, and no other", () => {
    const files = readdirSync(schemasDir).sort();
    expect(files).toEqual(eventTypes.map((t) => `${t.type}.json`).sort());
    for (const type of eventTypes) {
      const file = JSON.parse(readFileSync(join(schemasDir, `${type.type}.json`), "utf8"));
      expect(file, type.type).toEqual(dataSchema(type));
    }
  });

  it("names each type once under cn.gov.jiebang.<entity>, each action in one type, for all eight entities", () => {
    const names = eventTypes.map((t) => t.type);
    expect(new Set(names).size).toBe(names.length);
    for (const t of eventTypes) expect(t.type.startsWith(`${typePrefix}${t.entity}.`)).toBe(true);
    const actions = eventTypes.flatMap((t) => t.actions);
    expect(new Set(actions).size).toBe(actions.length);
    expect(new Set(eventTypes.map((t) => t.entity))).toEqual(
      new Set([
        "programme",
        "challenge",
        "application",
        "award",
        "project",
        "tranche",
        "payment",
        "recovery",
      ]),
    );
  });

  it("each type's sample validates against its schema and carries none of the private fields", () => {
    for (const type of eventTypes) {
      const event = cloudEventOf(sampleOf(type));
      expect(event, type.type).toBeDefined();
      const validate = ajv.compile(JSON.parse(readFileSync(join(schemasDir, `${type.type}.json`), "utf8")));
      expect(validate(event!.data), `${type.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(Object.keys(event!.data).sort()).toEqual(
        Object.keys({ ...commonFields, ...type.fields }).sort(),
      );
      const text = JSON.stringify(event);
      for (const [name, value] of Object.entries(privateDetail)) {
        expect(text, `${type.type} leaks ${name}`).not.toContain(`"${name}"`);
        expect(text, `${type.type} leaks ${name}'s value`).not.toContain(JSON.stringify(value));
      }
    }
  });

  it("no type's schema has a private field (personal data, bank, scores and votes, fraud findings, references)", () => {
    for (const type of eventTypes) {
      const properties = Object.keys((dataSchema(type) as { properties: object }).properties);
      expect(privateFields(properties), type.type).toEqual([]);
    }
    // The rule itself catches them.
    expect(privateFields(Object.keys(privateDetail))).toEqual(Object.keys(privateDetail));
  });
});

describe("audit event → CloudEvent", () => {
  const paid: AuditEntry = {
    recordKind: "PAYMENT",
    recordId: "pay-1",
    version: 4,
    action: "payment.paid",
    at: "2025-09-01T03:04:05.000Z",
    detail: { trancheId: "prj-1#1", amountFen: 90_000_000, reference: "TREASURY-REF-77" },
  };

  it("id is the audit event's, subject the record, time the change's; a redelivery is the same event", () => {
    const event = cloudEventOf(paid)!;
    expect(event).toMatchObject({
      specversion: "1.0",
      id: "PAYMENT#pay-1#4",
      source: "urn:jiebang:records",
      type: "cn.gov.jiebang.payment.paid",
      subject: "PAYMENT/pay-1",
      time: "2025-09-01T03:04:05.000Z",
      datacontenttype: "application/json",
      data: {
        recordKind: "PAYMENT",
        recordId: "pay-1",
        version: 4,
        action: "payment.paid",
        trancheId: "prj-1#1",
        amountFen: 90_000_000,
      },
    });
    expect(event.data).not.toHaveProperty("reference");
    expect(cloudEventOf(structuredClone(paid))).toEqual(event);
  });

  it("the project timers' audit event is one event per change it lists (a reminder, an escalation), ids apart", async () => {
    const timers = {
      recordKind: "PROJECT_TRACK",
      recordId: "prj-1",
      version: 9,
      action: "project.timers",
      at: "2026-06-17T00:00:00.000Z",
      detail: {
        events: [
          { action: "milestone.reminded", detail: { milestone: 1, dueDate: "2026-07-01" } },
          { action: "milestone.escalated", detail: { milestone: 0, dueDate: "2026-01-01" } },
        ],
      },
    };
    const published: CloudEvent[] = [];
    const count = await publishAuditEvents(
      {
        publish: async (es) => {
          published.push(...es);
        },
      },
      [timers],
    );
    expect(count).toBe(2);
    expect(published.map((e) => [e.id, e.type, e.data])).toEqual([
      [
        "PROJECT_TRACK#prj-1#9#0",
        "cn.gov.jiebang.project.milestone-reminded",
        {
          recordKind: "PROJECT_TRACK",
          recordId: "prj-1",
          version: 9,
          action: "milestone.reminded",
          milestone: 1,
          dueDate: "2026-07-01",
        },
      ],
      [
        "PROJECT_TRACK#prj-1#9#1",
        "cn.gov.jiebang.project.milestone-overdue",
        {
          recordKind: "PROJECT_TRACK",
          recordId: "prj-1",
          version: 9,
          action: "milestone.escalated",
          milestone: 0,
          dueDate: "2026-01-01",
        },
      ],
    ]);
    expect(await publishAuditEvents({ publish: async () => {} }, [{ ...timers, detail: {} }])).toBe(0);
  });

  it("an action outside the catalogue is no event; a review vote is one only when it decided", () => {
    expect(cloudEventOf({ ...paid, action: "overlap.checked" })).toBeUndefined();
    expect(cloudEventOf({ ...paid, action: "credit-record.added" })).toBeUndefined();
    expect(eventTypeOf("milestone.review-vote", { milestone: 0, verdict: "pass" })).toBeUndefined();
    // A second officer's refusal is published once: the workflow's change (with its tranche), not the decision.
    expect(eventTypeOf("payment.rejected", { reason: "预算科目不符" })).toBeUndefined();
    expect(eventTypeOf("payment.rejected", { reason: "预算科目不符", trancheId: "prj-1#1" })?.type).toBe(
      "cn.gov.jiebang.payment.rejected",
    );
    const decided = cloudEventOf({
      ...paid,
      action: "milestone.review-vote",
      detail: { milestone: 0, verdict: "pass", decision: "pass", recused: ["exp-3"] },
    })!;
    expect(decided.type).toBe("cn.gov.jiebang.project.milestone-reviewed");
    expect(decided.data).toEqual({
      recordKind: "PAYMENT",
      recordId: "pay-1",
      version: 4,
      action: "milestone.review-vote",
      milestone: 0,
      decision: "pass",
    });
  });

  it("a termination written on the project and its track in one transaction is published once, from the project", () => {
    const ended = { ...paid, action: "project.terminated" };
    expect(
      cloudEventOf({ ...ended, recordKind: "PROJECT_TRACK", detail: { fault: "solver", recoverFen: 100 } }),
    ).toBeUndefined();
    const event = cloudEventOf({
      ...ended,
      recordKind: "PROJECT",
      recordId: "prj-1",
      detail: { kind: "fault" },
    })!;
    expect(event.type).toBe("cn.gov.jiebang.project.terminated");
    expect(event.subject).toBe("PROJECT/prj-1");
  });

  it("a project closed for fraud is published as terminated, with nothing that says fraud", () => {
    const event = cloudEventOf({
      ...paid,
      action: "project.terminated",
      recordKind: "PROJECT",
      recordId: "prj-1",
      detail: { kind: "fraud" },
    })!;
    expect(event.data).toEqual({
      recordKind: "PROJECT",
      recordId: "prj-1",
      version: 4,
      action: "project.terminated",
    });
    expect(JSON.stringify(event)).not.toContain("fraud");
  });

  it("a field of the wrong type is left out, not published as it came", () => {
    const event = cloudEventOf({ ...paid, detail: { trancheId: { nested: "x" }, amountFen: "90" } })!;
    expect(event.data).toEqual({
      recordKind: "PAYMENT",
      recordId: "pay-1",
      version: 4,
      action: "payment.paid",
    });
  });

  it("publishes only the catalogue's events of a batch, in order", async () => {
    const published: string[] = [];
    const count = await publishAuditEvents(
      { publish: async (events) => void published.push(...events.map((e) => e.id)) },
      [
        paid,
        { ...paid, version: 5, action: "overlap.checked" },
        { ...paid, version: 6, action: "payment.reserved" },
      ],
    );
    expect(count).toBe(2);
    expect(published).toEqual(["PAYMENT#pay-1#4", "PAYMENT#pay-1#6"]);
  });
});
