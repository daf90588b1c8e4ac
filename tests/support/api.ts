// Test support: a small HTTP client for the gateway (JSON in and out, bearer tokens) and demand fixtures.
import { createHash } from "node:crypto";

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
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
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

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A complete demand, as 002 四.一 requires it. */
export function completeDemand(title = "高温合金叶片精密铸造缺陷控制") {
  return {
    title,
    field: "高端装备制造",
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
