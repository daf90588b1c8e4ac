// Test support: the HTTP steps of the project lifecycle on an embedded runtime — tokens per party, evidence
// uploads through presigned URLs, milestone reports, expert votes, a signed task book, a passed milestone, the
// project view and the project's executions — shared by the horse-race and done-when scenario tests and by the
// lifecycle benchmark (bench/lifecycle.ts), so it imports nothing from vitest: a step answered with another status throws.
import { DescribeExecutionCommand, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { workflows } from "../../functions/platform/clients.ts";
import { config } from "../../functions/platform/config.ts";
import { recordStore } from "../../functions/platform/deps.ts";
import { updated } from "../../functions/platform/ports/records.ts";
import {
  lifecycleMachines,
  phaseStateMachine,
  trancheId,
  trancheKind,
} from "../../functions/projects/model.ts";
import type { Runtime } from "../../local/runtime.ts";
import { apiClient, sha256Hex, tokenIssuer } from "./api.ts";
import { awardedProject, type SeededProject } from "./projects.ts";

export interface ProjectView {
  project: { status: string };
  track: {
    status: string;
    phase: number;
    lifecycle?: { machine: string; execution: string };
    taskBook: { startDate: string; endDate: string; signedOn?: string; milestones: { dueDate: string }[] };
    milestones: { index: number; status: string; dueDate: string }[];
    horseRace?: { challengeId: string; outcome: string; keyMilestone: number };
    termination?: { kind: string; fault: boolean; reason: string };
    extensions?: { status: string; months: number }[];
  };
  tranches: { index: number; status: string; amountFen: number }[];
}

/** An execution of a project on any machine of its lifecycle (the chain's four or the older project-phase). */
export interface ProjectExecution {
  name: string;
  machine: string;
  executionArn: string;
  status: string;
  startMs: number;
  stopMs?: number;
}

/** Throws unless the step got the status it expects (the message carries the body, as the tests' assertions did). */
export function expectStatus(got: { status: number; body: unknown }, status: number): void {
  if (got.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${got.status}: ${JSON.stringify(got.body)}`);
  }
}

/** `names`: the display name a user's token carries (the `name` claim), by user (`b1`, `a1`, …); none by default. */
export function projectFlow(runtime: () => Runtime, names: Readonly<Record<string, string>> = {}) {
  const api = apiClient(() => runtime().info.apiUrl);
  const as = tokenIssuer(runtime, names);
  const bureau = () => as("b1", "taiyuan-stb", "bureau");
  const approver = () => as("a1", "taiyuan-gov", "approver");
  const enterprise = (org = "ent-casting") => as(`e-${org}`, org, "enterprise");
  const solver = (org: string) => as(`s-${org}`, org, "solver");
  const expert = (n: number) => as(`x${n}`, `inst-${n}`, "expert");
  const settle = () => runtime().stepFunctions.whenIdle();

  async function read(projectId: string): Promise<ProjectView> {
    const got = await api.get<ProjectView>(`/v1/projects/${projectId}`, await bureau());
    expectStatus(got, 200);
    return got.body;
  }

  async function upload(projectId: string, milestone: number, kind: string, bytes: Buffer): Promise<string> {
    const slot = await api.post<{
      file: { fileId: string };
      upload: { url: string; headers: Record<string, string> };
    }>(`/v1/projects/${projectId}/milestones/${milestone}/evidence`, await enterprise(), {
      kind,
      fileName: `${kind}.pdf`,
      contentType: "application/pdf",
      sizeBytes: bytes.length,
      sha256: sha256Hex(bytes),
    });
    expectStatus(slot, 201);
    const put = await fetch(slot.body.upload.url, {
      method: "PUT",
      headers: slot.body.upload.headers,
      body: bytes,
    });
    expectStatus({ status: put.status, body: await put.text() }, 200);
    return slot.body.file.fileId;
  }

  /**
   * Registers experts local-x<n> (organisation inst-<n>, the ones `expert(n)` signs in as) in the expert pool: panels
   * of milestone reviews and acceptance take only pool experts without a conflict with the project's parties.
   */
  async function registerExperts(ns: readonly number[]): Promise<void> {
    for (const n of ns) {
      const registered = await api.post("/v1/experts", await bureau(), {
        expertId: `local-x${n}`,
        organisationId: `inst-${n}`,
        name: `专家${n}`,
        expertise: n === 1 ? "finance" : "technical",
      });
      expectStatus(registered, 201);
    }
  }

  /** Drafts the task book and has the three parties sign revision 1. */
  async function signedProject(
    options: Parameters<typeof awardedProject>[1] & { startDate: string; horseRaceKeyMilestone?: number },
  ): Promise<SeededProject> {
    const seeded = await awardedProject(runtime(), options);
    const drafted = await api.post(`/v1/projects/${seeded.projectId}/task-book`, await bureau(), {
      startDate: options.startDate,
      ipTerms: "知识产权归揭榜方所有，出题企业享有优先使用权。",
      rewardPenaltyTerms: "未完成考核指标的，按任务书约定收回资金。",
      ...(options.horseRaceKeyMilestone ? { horseRaceKeyMilestone: options.horseRaceKeyMilestone } : {}),
    });
    expectStatus(drafted, 201);
    for (const token of [
      await solver(seeded.solverOrg),
      await enterprise(seeded.enterpriseOrg),
      await bureau(),
    ]) {
      const signed = await api.post(`/v1/projects/${seeded.projectId}/task-book/sign`, token, {
        revision: 1,
      });
      expectStatus(signed, 200);
    }
    await settle();
    return seeded;
  }

  /** Report, panel, a pass, and (unless `confirm` is false) the approver's payment opinion. */
  async function passMilestone(projectId: string, n: number, confirm = true): Promise<void> {
    const files = [
      await upload(projectId, n, "progress-report", Buffer.from(`report ${projectId} ${n}`)),
      await upload(projectId, n, "audit-report", Buffer.from(`audit ${projectId} ${n}`)),
    ];
    const filed = await api.post(`/v1/projects/${projectId}/milestones/${n}/report`, await enterprise(), {
      summary: `第${n}个里程碑完成`,
      indicators: [{ name: "良品率", actual: "93%" }],
      fileIds: files,
    });
    expectStatus(filed, 202);
    await settle();
    const panel = await api.post(`/v1/projects/${projectId}/milestones/${n}/experts`, await bureau(), {
      expertIds: ["local-x1"],
    });
    expectStatus(panel, 200);
    const voted = await api.post(`/v1/projects/${projectId}/milestones/${n}/review`, await expert(1), {
      verdict: "pass",
      comment: "指标达成",
    });
    expectStatus(voted, 200);
    await settle();
    if (!confirm) return;
    const confirmed = await api.post(
      `/v1/projects/${projectId}/milestones/${n}/payment-opinion`,
      await approver(),
      {
        decision: "confirm",
      },
    );
    expectStatus(confirmed, 200);
    await settle();
  }

  /** Finance paid these tranches (the payments context's part, simulated on the record). */
  async function markPaid(projectId: string, indexes: number[]): Promise<void> {
    const at = new Date(runtime().clock.now()).toISOString();
    for (const index of indexes) {
      const t = await recordStore().get(trancheKind, trancheId(projectId, index));
      if (!t) throw new Error(`no tranche ${index}`);
      await recordStore().write(
        [
          updated(
            trancheKind,
            t,
            { ...t, version: t.version + 1, status: "paid", updatedAt: at },
            { actor: "f1", role: "finance", action: "test.tranche-paid" },
          ),
        ],
        at,
      );
    }
  }

  /**
   * A project's executions on every machine of its lifecycle (project-start, -milestone, -anniversary, -acceptance and
   * the older project-phase), with start and stop instants (DescribeExecution), in the order they started.
   */
  async function projectExecutions(projectId: string): Promise<ProjectExecution[]> {
    const out: ProjectExecution[] = [];
    for (const machine of [phaseStateMachine, ...Object.values(lifecycleMachines)]) {
      let nextToken: string | undefined;
      do {
        const listed = await workflows().send(
          new ListExecutionsCommand({
            stateMachineArn: config.stateMachineArn(machine),
            maxResults: 1000,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        for (const e of listed.executions ?? []) {
          if (!e.name?.startsWith(`project-${projectId}-`)) continue;
          const described = await workflows().send(
            new DescribeExecutionCommand({ executionArn: e.executionArn }),
          );
          out.push({
            name: e.name,
            machine,
            executionArn: e.executionArn as string,
            status: described.status as string,
            startMs: (described.startDate as Date).getTime(),
            ...(described.stopDate ? { stopMs: described.stopDate.getTime() } : {}),
          });
        }
        nextToken = listed.nextToken;
      } while (nextToken);
    }
    return out.sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name));
  }

  return {
    api,
    as,
    bureau,
    approver,
    enterprise,
    solver,
    expert,
    settle,
    read,
    registerExperts,
    upload,
    signedProject,
    passMilestone,
    markPaid,
    projectExecutions,
  };
}
