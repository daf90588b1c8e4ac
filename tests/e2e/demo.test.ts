// End-to-end: `npm run demo`'s scenario (local/demo/) against an embedded runtime on a temporary data directory — the
// Taiyuan programme driven over HTTP from demands to an accepted project — then its summary and what the operators'
// console reads (programmes, challenges, projects, executions, finance) checked against the same data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkingDayCalendar } from "../../functions/calendar/rules/working-days.ts";
import { chooseClockStart } from "../../local/clock-start.ts";
import { officials } from "../../local/demo/cast.ts";
import { platformClient } from "../../local/demo/client.ts";
import { progress } from "../../local/demo/progress.ts";
import { summaryTable } from "../../local/demo/report.ts";
import { type DemoSummary, runDemo } from "../../local/demo/scenario.ts";
import { type Runtime, startRuntime } from "../../local/runtime.ts";

let runtime: Runtime;
let dataDir: string;
let summary: DemoSummary;
const output: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jiebang-demo-"));
  // A December day in the bundled calendar's last year, its next year without the State Council's arrangement: as
  // `npm start` and the demo choose a fresh data directory's clock, it starts that day (the next year is counted
  // provisionally), and the demo's notices run into it.
  const covered = WorkingDayCalendar.bundled().coveredYears();
  const today = Date.parse(`${Math.max(...WorkingDayCalendar.bundled().years())}-12-07T09:00:00+08:00`);
  expect(chooseClockStart({ nowMs: today, years: covered })).toEqual({});
  runtime = await startRuntime({ dataDir, clockStart: today });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  it("drives the Taiyuan programme through its lifecycle over HTTP, with a progress line per step", async () => {
    const api = platformClient(runtime.info.apiUrl);
    summary = await runDemo(api, progress({ write: (text: string) => output.push(text), isTTY: false }));

    // Plain text (no terminal): one line per step, each with its duration and the time since the start.
    expect(output.length).toBeGreaterThanOrEqual(25);
    for (const line of output) {
      expect(line).toMatch(/^ {2}\[\d{2}\] ✓ .+ \(\d+\.\d s, at \d+\.\d s\)\n$/);
      expect(line).not.toContain("\x1b[");
    }

    expect(summary.challengesByStatus).toEqual({ awarded: 3, unsolved: 1 });
    expect(summary.applicationsByStatus).toEqual({ awarded: 4, "not-selected": 3 });
    expect(summary.projectsByStatus).toEqual({ accepted: 1, "in-progress": 1, terminated: 2 });
    expect(summary.programmesOnPlatform).toBe(1);

    // Money, to the fen: what the treasury paid is what the report calls disbursed; records and ledger agree.
    const paid = summary.payments.reduce((s, p) => s + p.amountFen, 0);
    expect(summary.payments).toHaveLength(7);
    for (const p of summary.payments) expect(p.reference).toMatch(/^GKZF-/);
    expect(summary.money.disbursedFen).toBe(paid);
    expect(summary.money.disbursedFen).toBeGreaterThan(0);
    expect(summary.money.agree).toBe(true);
    // The accepted project was paid its whole grant: 30% + 40% + the remainder, 2,629,629.63 yuan.
    const acceptedPaid = summary.payments.filter((p) => p.projectId === summary.projects.accepted);
    expect(acceptedPaid.map((p) => p.tranche)).toEqual([1, 2, 3]);
    expect(acceptedPaid.reduce((s, p) => s + p.amountFen, 0)).toBe(262_962_963);

    // Recoveries: the terminated project's fully received; the horse-race loser's settlement assessed.
    const terminated = summary.recoveries.find((r) => r.projectId === summary.projects.terminated);
    expect(terminated).toMatchObject({ status: "recovered" });
    expect(terminated?.amountFen).toBeGreaterThan(0);
    expect(terminated?.receivedFen).toBe(terminated?.amountFen);
    expect(summary.money.recoveredFen).toBe(terminated?.amountFen);
    const loserPaid = summary.payments.filter((p) => p.projectId === summary.projects.horseRaceLoser);
    expect(loserPaid).toHaveLength(1);
    const loser = summary.recoveries.find((r) => r.projectId === summary.projects.horseRaceLoser);
    // Paid its signing tranche, 456,789.01 yuan of it spent as audited: the rest to be returned.
    expect(loser).toMatchObject({
      status: "assessed",
      receivedFen: 0,
      amountFen: loserPaid[0]!.amountFen - 456_789_01,
    });
    expect(summary.money.recoverableFen).toBe(loser?.amountFen);
    expect(summary.horseRace).toMatchObject({
      continuing: [summary.projects.horseRaceWinner],
      closed: [summary.projects.horseRaceLoser],
    });

    // Mail arrived: the excavator project's enterprise chose e-mail; its local mailbox holds the milestone reminder
    // and the payment notifications (three tranches paid to it), each once per Message-ID.
    const mailbox = await fetch(
      `${runtime.info.apiUrl}/local/mailbox/messages?to=${encodeURIComponent(summary.mail.address)}`,
    );
    const mail = (await mailbox.json()) as { items: { subject: string; deliveries: number }[] };
    const subjects = mail.items.map((m) => m.subject);
    expect(subjects.filter((s) => s === "里程碑报告提交提醒").length, subjects.join()).toBeGreaterThanOrEqual(
      1,
    );
    expect(subjects.filter((s) => s === "资金已拨付")).toHaveLength(3);
    expect(mail.items.every((m) => m.deliveries === 1)).toBe(true);
    expect(summary.mail).toMatchObject({ reminders: expect.any(Number), payments: 3 });
    const page = await (await fetch(summary.mail.mailboxUrl)).text();
    expect(page).toContain("里程碑报告提交提醒");
    expect(page).toContain("资金已拨付");

    const table = summaryTable(summary);
    expect(table).toContain("projects 项目");
    expect(table).toContain("accepted 1, in-progress 1, terminated 2");
    expect(table).toContain(`${summary.mail.address}: ${summary.mail.reminders} milestone reminder(s)`);
  }, 180_000);

  it("leaves data the console's read routes show", async () => {
    expect(summary, "the demo ran").toBeDefined();
    const api = platformClient(runtime.info.apiUrl);
    const { admin, auditor } = officials;

    const page = await fetch(`${runtime.info.apiUrl}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");

    const programmes = await api.get<{ items: { id: string }[] }>("/v1/programmes", admin);
    expect(programmes.items.map((p) => p.id)).toContain(summary.programmeId);
    const challenges = await api.get<{ items: { status: string }[] }>(
      `/v1/challenges?programmeId=${summary.programmeId}`,
      admin,
    );
    expect(challenges.items.map((c) => c.status).sort()).toEqual([
      "awarded",
      "awarded",
      "awarded",
      "unsolved",
    ]);

    const projects = await api.get<{ items: { id: string; status: string }[] }>(
      `/v1/projects?programmeId=${summary.programmeId}`,
      admin,
    );
    expect(projects.items.map((p) => p.status).sort()).toEqual([
      "accepted",
      "in-progress",
      "terminated",
      "terminated",
    ]);
    const accepted = await api.get<{
      project: { status: string };
      track: { status: string; milestones: { status: string }[] };
      tranches: { status: string }[];
    }>(`/v1/projects/${summary.projects.accepted}`, admin);
    expect(accepted.project.status).toBe("accepted");
    expect(accepted.track.status).toBe("closed");
    expect(accepted.tranches.map((t) => t.status)).toEqual(["paid", "paid", "paid"]);

    // The executions inspector: every payment execution succeeded; one opens with its path.
    const executions = await api.get<{ items: { executionArn: string; status: string }[] }>(
      "/v1/admin/executions?stateMachine=payment&limit=100",
      admin,
    );
    expect(executions.items).toHaveLength(7);
    expect(executions.items.every((e) => e.status === "SUCCEEDED")).toBe(true);
    const one = await api.get<Record<string, unknown>>(
      `/v1/admin/executions/${encodeURIComponent(executions.items[0]!.executionArn)}`,
      admin,
    );
    expect(JSON.stringify(one)).toContain("SUCCEEDED");
    // Only the horse-race winner's project still runs: one execution in charge of it on the chain (its milestone's),
    // beside it at most its anniversaries, and nothing on project-phase.
    const runningOn = async (machine: string) =>
      (
        await api.get<{ items: { name: string }[] }>(
          `/v1/admin/executions?stateMachine=${machine}&status=RUNNING&limit=100`,
          admin,
        )
      ).items.map((e) => e.name);
    const winner = `project-${summary.projects.horseRaceWinner}-`;
    expect(await runningOn("project-phase")).toEqual([]);
    expect(await runningOn("project-start")).toEqual([]);
    expect(await runningOn("project-acceptance")).toEqual([]);
    const milestones = await runningOn("project-milestone");
    expect(milestones).toHaveLength(1);
    expect(milestones[0]?.startsWith(winner)).toBe(true);
    for (const name of await runningOn("project-anniversary")) expect(name.startsWith(winner)).toBe(true);

    // Finance views: the report and the recoveries list.
    const report = await api.get<{ disbursedFen: number; recoveredFen: number; agree: boolean }>(
      `/v1/programmes/${summary.programmeId}/finance-report`,
      auditor,
    );
    expect(report).toMatchObject({
      disbursedFen: summary.money.disbursedFen,
      recoveredFen: summary.money.recoveredFen,
      agree: true,
    });
    const recoveries = await api.get<{ items: { id: string }[] }>("/v1/recoveries", auditor);
    expect(recoveries.items.map((r) => r.id).sort()).toEqual(summary.recoveries.map((r) => r.id).sort());
  }, 60_000);
});
