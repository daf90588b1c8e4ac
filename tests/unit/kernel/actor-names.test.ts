// Unit: people's names kept with what they write — the token's `name` claim through the verifier, the Lambda
// authorizer's context and the HTTP frame's principal, the name stored (or the user id without one), and a use case
// (payment approval, four eyes) storing it beside the user id.
import { describe, expect, it } from "vitest";
import { actorName } from "../../../functions/kernel/actor.ts";
import { type PaymentRecord, paymentKind } from "../../../functions/payments/model.ts";
import { decideApproval } from "../../../functions/payments/runs.ts";
import { principalFrom } from "../../../functions/platform/http/authorization.ts";
import { authorizerContext } from "../../../functions/platform/identity/authorizer.ts";
import { parseOidcSettings } from "../../../functions/platform/identity/settings.ts";
import { callerFromClaims } from "../../../functions/platform/identity/verifier.ts";
import { created } from "../../../functions/platform/ports/records.ts";
import { type ProjectRecord, projectKind } from "../../../functions/projects/model.ts";
import { fixedClock } from "../../support/fixed-clock.ts";
import { memoryRecordStore } from "../../support/memory-records.ts";

const settings = parseOidcSettings({ issuer: "https://idp.example", audience: ["client"] });
const claims = {
  sub: "u-zhao",
  "custom:org": "taiyuan-stb",
  "cognito:groups": ["bureau"],
  exp: 2_000_000_000,
};

describe("the actor's name", () => {
  it("is the token's name claim, trimmed, else the user id", () => {
    expect(actorName({ userId: "u-zhao", name: " 赵丽华 " })).toBe("赵丽华");
    expect(actorName({ userId: "u-zhao" })).toBe("u-zhao");
    expect(actorName({ userId: "u-zhao", name: "   " })).toBe("u-zhao");
    expect(actorName({ userId: "u", name: "名".repeat(300) })).toHaveLength(100);
  });

  it("goes from the verified token through the authorizer's context to the principal", () => {
    const caller = callerFromClaims({ ...claims, name: "赵丽华" }, settings);
    expect(caller.name).toBe("赵丽华");
    const context = authorizerContext(caller);
    expect(context["name"]).toBe("赵丽华");
    const event = { requestContext: { authorizer: { principalId: "u-zhao", ...context } } } as never;
    expect(principalFrom(event)).toEqual({
      userId: "u-zhao",
      organisationId: "taiyuan-stb",
      roles: ["bureau"],
      name: "赵丽华",
    });
  });

  it("is absent when the token has none (or not a string), and Cognito's claims carry it too", () => {
    const caller = callerFromClaims({ ...claims, name: 42 }, settings);
    expect(caller.name).toBeUndefined();
    expect(authorizerContext(caller)).not.toHaveProperty("name");
    const cognito = { requestContext: { authorizer: { claims: { ...claims, name: "钱明" } } } } as never;
    expect(principalFrom(cognito)?.name).toBe("钱明");
    const bare = { requestContext: { authorizer: { claims } } } as never;
    expect(principalFrom(bare)).not.toHaveProperty("name");
  });
});

describe("a payment approval (four eyes)", () => {
  const at = "2026-03-02T02:00:00.000Z";
  const audit = { actor: "test", role: "finance", action: "test.seeded" } as const;
  const project = {
    id: "prj-1",
    version: 1,
    programmeId: "pgm-1",
    enterpriseOrganisationIds: ["ent-1"],
    enterprise: { organisationId: "ent-1", name: "太钢" },
    solverLead: { organisationId: "uni-1", name: "太原理工大学" },
    solverMembers: [],
  } as unknown as ProjectRecord;
  const payment = {
    id: "pay-1",
    version: 1,
    trancheId: "prj-1#1",
    projectId: "prj-1",
    programmeId: "pgm-1",
    trancheIndex: 1,
    attempt: 1,
    amountFen: 100_000,
    payeeOrganisationId: "uni-1",
    status: "awaiting-approval",
    requestedBy: "u-fin-1",
    requestedAt: at,
    idempotencyKey: "k",
    executionName: "pay-1-1",
    createdAt: at,
    updatedAt: at,
  } as unknown as PaymentRecord;

  async function approve(name: string | undefined) {
    const records = memoryRecordStore();
    await records.write([created(projectKind, project, audit), created(paymentKind, payment, audit)], at);
    const deps = {
      records,
      clock: fixedClock(at),
      workflows: {} as never,
      treasury: {} as never,
    };
    const approver = {
      userId: "u-fin-2",
      organisationId: "taiyuan-finance",
      roles: ["finance"] as const,
      ...(name ? { name } : {}),
    };
    await decideApproval(deps, approver, "pay-1", { decision: "approve" });
    return (await records.get(paymentKind, "pay-1"))?.approval;
  }

  it("stores the approver's name beside the user id", async () => {
    expect(await approve("孙会计")).toMatchObject({ decision: "approve", by: "u-fin-2", byName: "孙会计" });
  });

  it("stores the user id as the name when the token has none", async () => {
    expect(await approve(undefined)).toMatchObject({ by: "u-fin-2", byName: "u-fin-2" });
  });
});
