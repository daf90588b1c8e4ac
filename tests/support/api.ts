// Test support: a small HTTP client for the gateway (JSON in and out, bearer tokens) and selection fixtures (programme,
// demand, the bureau's draft-challenge decision, an application body).
import { createHash } from "node:crypto";
import type { Role } from "../../functions/kernel/roles.ts";
import type { Runtime } from "../../local/runtime.ts";
import { checkResponse } from "./response-check.ts";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(baseUrl: () => string) {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers["authorization"] = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    // JSON but for the few documents that are not (the open data's CSV): those are their text.
    const contentType = response.headers.get("content-type") ?? "";
    const parsed: unknown = !text ? {} : /json/.test(contentType) || !contentType ? JSON.parse(text) : text;
    // Every answer is one the OpenAPI document describes: its status, and its body by the operation's schema.
    checkResponse({
      method,
      path,
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: text ? parsed : "",
    });
    // No response may carry a workflow task token (docs/security.md, trust boundary 6): every flow checks it.
    const leaks = [...new Set(taskTokensIn(parsed))];
    if (leaks.length > 0)
      throw new Error(`${method} ${path} answered with task tokens at ${leaks.join(", ")}`);
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    call,
    get: <T = Record<string, unknown>>(path: string, token?: string) =>
      call<T>("GET", path, token ? { token } : {}),
    post: <T = Record<string, unknown>>(
      path: string,
      token: string | undefined,
      body?: unknown,
      headers?: Record<string, string>,
    ) => call<T>("POST", path, { ...(token ? { token } : {}), body, ...(headers ? { headers } : {}) }),
  };
}

/** Whether `text` is a task token of the local Step Functions engine (base64url JSON naming an execution ARN). */
function isLocalTaskToken(text: string): boolean {
  if (!text.startsWith("eyJhIjoi")) return false;
  try {
    const decoded = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { a?: unknown };
    return typeof decoded.a === "string" && /^arn:aws:states:[^:]*:\d+:execution:/.test(decoded.a);
  } catch {
    return false;
  }
}

/**
 * Where a response body carries a workflow task token: a `taskToken` key, a `token` in a `pendingTask`, or a string
 * (anywhere, keys included) that is or contains a task token of the local engine. Paths like `body.track.pendingTask.token`.
 */
export function taskTokensIn(value: unknown, path = "body"): string[] {
  if (typeof value === "string") {
    return (value.match(/eyJhIjoi[A-Za-z0-9_-]+/g) ?? []).some(isLocalTaskToken) ? [path] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => taskTokensIn(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(/^taskToken$/i.test(key) || (key === "token" && /\.pendingTask$/.test(path))
      ? [`${path}.${key}`]
      : []),
    ...taskTokensIn(key, `${path}{${key}}`),
    ...taskTokensIn(v, `${path}.${key}`),
  ]);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The fields (领域) of the test programme; completeDemand's field is the first. */
export const programmeFields = ["高端装备制造", "新材料", "节能环保"] as const;

/** A programme (批次) on the Taiyuan 2023 preset, as the bureau creates it. */
export function newProgramme(overrides: Record<string, unknown> = {}) {
  return {
    name: "Taiyuan 2025 open competition, batch 1",
    nameZh: "太原市2025年第一批揭榜挂帅项目",
    year: 2025,
    fields: [...programmeFields],
    budgetFen: 100_000_000_00,
    policyId: "taiyuan-2023",
    ...overrides,
  };
}

/** Creates a programme with the bureau's token and returns its id. */
export async function createProgramme(
  api: ReturnType<typeof apiClient>,
  bureauToken: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const created = await api.post<{ id: string }>("/v1/programmes", bureauToken, newProgramme(overrides));
  if (created.status !== 201) throw new Error(`programme not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

const dayMs = 86_400_000;

/**
 * The bureau's decision turning a demand into a draft challenge: cap 3,000,000 CNY, no horse race, 24 months, the
 * window opening `opensInDays` after `nowMs` (the server's clock) for `openDays` days.
 */
export function draftChallengeDecision(
  nowMs: number,
  options: { opensInDays?: number; openDays?: number; challenge?: Record<string, unknown> } = {},
) {
  const opens = nowMs + (options.opensInDays ?? 10) * dayMs;
  return {
    decision: "draft-challenge",
    challenge: {
      fundingCapFen: 3_000_000_00,
      window: {
        opensAt: new Date(opens).toISOString(),
        closesAt: new Date(opens + (options.openDays ?? 30) * dayMs).toISOString(),
      },
      horseRace: { allowed: false, maxWinners: 1 },
      periodMonths: 24,
      ...options.challenge,
    },
  };
}

/** A complete demand, as 《太原市实施“双百攻关行动”工作方案》四（一） requires it, under programme `programmeId` when given. */
export function completeDemand(title = "高温合金叶片精密铸造缺陷控制", programmeId?: string) {
  return {
    ...(programmeId ? { programmeId } : {}),
    title,
    field: programmeFields[0],
    background: "企业现有叶片铸造良品率不足 70%，进口设备受限。",
    content: "研发单晶叶片精密铸造工艺，控制疏松与再结晶缺陷。",
    keyTechnologies: [
      {
        name: "定向凝固温度场控制",
        targetMetrics: [
          { name: "良品率", target: ">= 92", unit: "%" },
          { name: "单件周期", target: "<= 36", unit: "h" },
        ],
      },
    ],
    timeLimitMonths: 24,
    totalInvestmentFen: 10_000_000_00,
    solverRequirements: "具备单晶铸造中试条件，团队中青年科研人员不低于 50%。",
  };
}

/**
 * A complete application body (揭榜申请) of organisation `org` applying alone: a lead and a chief engineer, 10,000,000
 * CNY of R&D investment, 24 months with milestones at 12 and 24; `changes` replace top-level fields.
 */
export function applicationBody(org: string, changes: Record<string, unknown> = {}) {
  return {
    memberOrganisationIds: [],
    organisationNames: { [org]: `${org} 先进材料研究院` },
    team: [
      {
        personId: `${org}-p1`,
        name: "王工",
        organisationId: org,
        role: "项目负责人",
        birthDate: "1992-05-01",
        isLead: true,
        isKey: false,
      },
      {
        personId: `${org}-p2`,
        name: "李博士",
        organisationId: org,
        role: "技术总师",
        birthDate: "1970-02-01",
        isLead: false,
        isKey: true,
      },
    ],
    chiefEngineerId: `${org}-p2`,
    technicalPlan: "定向凝固温度场闭环控制与缺陷在线检测。",
    budget: [
      { item: "设备费", amountFen: 6_000_000_00 },
      { item: "材料费", amountFen: 4_000_000_00 },
    ],
    rdInvestmentFen: 10_000_000_00,
    requestedFen: 3_000_000_00,
    periodMonths: 24,
    milestones: [
      {
        name: "中试线建成",
        monthsAfterStart: 12,
        indicators: [{ name: "良品率", target: ">= 85", unit: "%" }],
      },
      { name: "验收", monthsAfterStart: 24, indicators: [{ name: "良品率", target: ">= 92", unit: "%" }] },
    ],
    ...changes,
  };
}

/** Tokens from the runtime's local identity provider, one per user (the first call's organisation and role stand). */
export function tokenIssuer(runtime: () => Runtime, names: Readonly<Record<string, string>> = {}) {
  const issued: Record<string, string> = {};
  return async function as(user: string, org: string, role: Role): Promise<string> {
    const name = names[user];
    issued[user] ??= await runtime().identity.issue({ user, org, roles: [role], ...(name ? { name } : {}) });
    return issued[user];
  };
}
