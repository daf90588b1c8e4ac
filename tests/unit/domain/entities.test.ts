// Unit tests (tests/unit/domain/): record schemas — valid records parse, invalid ones name the field in both languages.
import { describe, expect, it } from "vitest";
import {
  applicationSchema,
  auditEventSchema,
  challengeSchema,
  creditRecordSchema,
  demandSchema,
  objectionSchema,
  organisationRefSchema,
  paymentSchema,
  programmeSchema,
  projectSchema,
  publicNoticeSchema,
  recoverySchema,
  reviewAssignmentSchema,
  reviewScoreSchema,
  taskBookSchema,
  trancheSchema,
} from "../../../functions/domain/entities.ts";
import { type DomainError, parseOrThrow } from "../../../functions/domain/errors.ts";

const org = (id: string) => ({ organisationId: id, name: `单位${id}` });
const indicator = { name: "送料速度", target: "≥ 18 次/分钟" };
const application = {
  id: "a1",
  challengeId: "c1",
  lead: org("u1"),
  members: [org("m1")],
  team: [
    {
      personId: "p1",
      name: "张三",
      organisationId: "u1",
      role: "技术总师",
      birthDate: "1988-05-01",
      isLead: true,
      isKey: false,
    },
    {
      personId: "p2",
      name: "李四",
      organisationId: "m1",
      role: "骨干",
      birthDate: "1975-05-01",
      isLead: false,
      isKey: true,
    },
  ],
  chiefEngineerId: "p1",
  planSummary: "技术路线",
  rdInvestmentFen: 1_000_000_000,
  requestedFen: 300_000_000,
  periodMonths: 36,
  status: "draft",
};
const paths = (schema: Parameters<typeof parseOrThrow>[0], input: unknown) => {
  try {
    parseOrThrow(schema, input);
  } catch (e) {
    return (e as DomainError).fields?.map((f) => `${f.path}|${f.messageZh}`);
  }
  return [];
};

describe("schemas", () => {
  it("parse valid records", () => {
    expect(applicationSchema.parse(application).members).toHaveLength(1);
    expect(
      programmeSchema.parse({
        id: "p",
        name: "n",
        nameZh: "名",
        policyId: "taiyuan-2023",
        year: 2025,
        fields: ["特种金属材料"],
        status: "open",
      }).year,
    ).toBe(2025);
    expect(
      demandSchema.parse({
        id: "d",
        programmeId: "p",
        enterprise: org("e"),
        field: "高端装备",
        title: "t",
        background: "b",
        content: "c",
        keyTechnologies: [{ name: "k", indicators: [indicator] }],
        timeLimitMonths: 24,
        totalInvestmentFen: 1,
        solverRequirements: "r",
        status: "submitted",
      }).status,
    ).toBe("submitted");
    expect(
      challengeSchema.parse({
        id: "c",
        programmeId: "p",
        demandIds: ["d"],
        enterprise: org("e"),
        field: "f",
        title: "t",
        description: "d",
        indicators: [indicator],
        rdInvestmentFen: 1,
        periodMonths: 36,
        status: "draft",
      }).horseRaceSlots,
    ).toBe(1);
    expect(
      reviewAssignmentSchema.parse({
        id: "r",
        applicationId: "a",
        expertId: "x",
        expertOrganisationId: "o",
        expertise: "finance",
        status: "assigned",
      }).remote,
    ).toBe(true);
    expect(
      reviewScoreSchema.parse({
        assignmentId: "r",
        applicationId: "a",
        expertId: "x",
        score: 88,
        feasible: true,
        budgetReasonable: true,
        recommend: true,
        comment: "好",
        submittedAt: "2025-09-01T10:00:00+08:00",
      }).score,
    ).toBe(88);
    expect(
      publicNoticeSchema.parse({
        id: "n",
        challengeId: "c",
        applicationIds: ["a"],
        publishedAt: "2025-09-30T09:00:00+08:00",
        workingDays: 5,
        endsAt: "2025-10-13T23:59:59.999+08:00",
        status: "running",
      }).workingDays,
    ).toBe(5);
    expect(
      objectionSchema.parse({
        id: "o",
        noticeId: "n",
        applicationId: "a",
        raisedAt: "2025-10-09T09:00:00+08:00",
        content: "异议",
        status: "open",
      }).status,
    ).toBe("open");
    expect(
      projectSchema.parse({
        id: "pr",
        programmeId: "p",
        challengeId: "c",
        applicationId: "a",
        enterprise: org("e"),
        solverLead: org("u1"),
        chiefEngineerId: "p1",
        rdInvestmentFen: 1,
        grantFen: 0,
        status: "awaiting-task-book",
      }).solverMembers,
    ).toEqual([]);
    expect(
      trancheSchema.parse({
        projectId: "pr",
        index: 1,
        condition: { kind: "task-book-signed" },
        amountFen: 1,
        status: "planned",
      }).index,
    ).toBe(1);
    expect(
      paymentSchema.parse({
        id: "pay",
        projectId: "pr",
        trancheIndex: 1,
        amountFen: 1,
        payeeOrganisationId: "e",
        status: "drafted",
      }).status,
    ).toBe("drafted");
    expect(
      recoverySchema.parse({
        id: "rc",
        projectId: "pr",
        reason: "fraud",
        amountFen: 1,
        decidedOn: "2026-01-05",
        status: "assessed",
      }).reason,
    ).toBe("fraud");
    expect(
      creditRecordSchema.parse({
        id: "cr",
        organisationId: "u1",
        projectId: "pr",
        reason: "fraud",
        recordedOn: "2026-01-05",
        blockedUntil: "2029-01-05",
      }).referredToJudiciary,
    ).toBe(false);
    expect(
      auditEventSchema.parse({
        id: "ev",
        at: "2026-01-05T10:00:00Z",
        actor: { userId: "f1", role: "finance" },
        action: "payment.confirm",
        entity: { type: "payment", id: "pay" },
      }).action,
    ).toBe("payment.confirm");
    expect(organisationRefSchema.parse({ ...org("x"), creditCode: "91110000600037341L" }).creditCode).toBe(
      "91110000600037341L",
    );
  });

  it("application rules name the field in Chinese", () => {
    expect(paths(applicationSchema, { ...application, chiefEngineerId: "nobody" })).toEqual([
      "chiefEngineerId|技术总师必须是团队成员",
    ]);
    expect(paths(applicationSchema, { ...application, members: [org("u1")] })).toEqual(
      expect.arrayContaining(["members|联合体中单位重复"]),
    );
    expect(
      paths(applicationSchema, {
        ...application,
        team: application.team.map((m) => ({ ...m, organisationId: "zz" })),
      }),
    ).toEqual([
      "team.0.organisationId|团队成员所在单位不是牵头单位或成员单位",
      "team.1.organisationId|团队成员所在单位不是牵头单位或成员单位",
    ]);
    expect(
      paths(applicationSchema, {
        ...application,
        team: application.team.map((m) => ({ ...m, isLead: false })),
      }),
    ).toEqual(["team|团队没有项目负责人"]);
    expect(
      paths(applicationSchema, {
        ...application,
        team: [{ ...application.team[0], birthDate: "1988-02-30" }],
      }),
    ).toEqual(["team.0.birthDate|不是有效日期（YYYY-MM-DD）"]);
  });

  it("task book rules", () => {
    const book = {
      projectId: "pr",
      startDate: "2025-07-01",
      endDate: "2028-06-30",
      milestones: [
        { index: 1, title: "样机", indicators: [indicator], dueDate: "2026-12-31", status: "pending" },
      ],
    };
    expect(taskBookSchema.parse(book).signatories).toEqual([]);
    expect(paths(taskBookSchema, { ...book, endDate: "2025-01-01" })).toEqual(
      expect.arrayContaining(["endDate|结束日期早于开始日期"]),
    );
    expect(
      paths(taskBookSchema, {
        ...book,
        milestones: [{ ...book.milestones[0], index: 2, dueDate: "2029-01-01" }],
      }),
    ).toEqual([
      "milestones.0.index|里程碑须按 1、2、3… 顺序编号（应为 1）",
      "milestones.0.dueDate|里程碑时间超出项目实施期",
    ]);
  });

  it("money must be whole non-negative fen", () => {
    expect(
      paths(trancheSchema, {
        projectId: "p",
        index: 1,
        condition: { kind: "final-acceptance" },
        amountFen: 1.5,
        status: "planned",
      }),
    ).toHaveLength(1);
    expect(
      paths(paymentSchema, {
        id: "x",
        projectId: "p",
        trancheIndex: 1,
        amountFen: 0,
        payeeOrganisationId: "e",
        status: "drafted",
      }),
    ).toEqual(["amountFen|必须大于 0"]);
    expect(paths(organisationRefSchema, { ...org("x"), creditCode: "123" })).toEqual([
      "creditCode|不是有效的统一社会信用代码",
    ]);
  });
});
