// CLI tests (tests/cli/): the funding and calendar CLI groups, spawned as `node --import tsx local/cli/main.ts …`.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function cli(args: string[], tz = "UTC"): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "local/cli/main.ts", ...args],
      { cwd: root, env: { ...process.env, TZ: tz } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({ code: typeof code === "number" ? code : 1, stdout, stderr });
      },
    );
  });
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("funding simulate", () => {
  it("Taiyuan, R&D 10,000,000 → 900,000 / 1,200,000 / 900,000 (--json exact shape)", async () => {
    const r = await cli([
      "funding",
      "simulate",
      "--programme",
      "taiyuan-2023",
      "--rd-investment",
      "10000000.00",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(Object.keys(out)).toEqual(["grantFen", "tranches", "explanation"]);
    expect(out["grantFen"]).toBe(300_000_000);
    expect(out["tranches"]).toEqual([
      { index: 1, condition: "task-book-signed", amountFen: 90_000_000 },
      { index: 2, condition: "milestone-passed:1", amountFen: 120_000_000 },
      { index: 3, condition: "final-acceptance", amountFen: 90_000_000 },
    ]);
    expect((out["explanation"] as string[]).every((s) => typeof s === "string")).toBe(true);
  });
  it("Taiyuan, R&D 1,500,000 → one payment of 450,000 on signing", async () => {
    const r = await cli([
      "funding",
      "simulate",
      "--programme",
      "taiyuan-2023",
      "--rd-investment",
      "1500000",
      "--json",
    ]);
    expect(json(r.stdout)["tranches"]).toEqual([
      { index: 1, condition: "task-book-signed", amountFen: 45_000_000 },
    ]);
  });
  it("Taiyuan, R&D 100,000,000 → capped at 20,000,000", async () => {
    const r = await cli([
      "funding",
      "simulate",
      "--programme",
      "taiyuan-2023",
      "--rd-investment",
      "100000000.00",
      "--json",
    ]);
    expect(json(r.stdout)["grantFen"]).toBe(2_000_000_000);
  });
  it("Anshan, 8,000,000 → 480,000 in year two, 320,000 after acceptance", async () => {
    const r = await cli([
      "funding",
      "simulate",
      "--programme",
      "anshan-2025",
      "--rd-investment",
      "8000000.00",
      "--json",
    ]);
    expect(json(r.stdout)).toMatchObject({
      grantFen: 80_000_000,
      tranches: [
        { index: 1, condition: "anniversary:1", amountFen: 48_000_000 },
        { index: 2, condition: "final-acceptance", amountFen: 32_000_000 },
      ],
    });
  });
  it("--requested limits the grant; text output lists tranches and explanation", async () => {
    const r = await cli([
      "funding",
      "simulate",
      "--programme",
      "taiyuan-2023",
      "--rd-investment",
      "10000000.00",
      "--requested",
      "2500000.00",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("grant: 2,500,000.00 CNY (250000000 fen)");
    expect(r.stdout).toMatch(/2 {2}milestone-passed:1 +1,000,000.00 CNY/);
    expect(r.stdout).toContain("limited to the requested 2,500,000.00 CNY");
  });
  it("takes a custom policy file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jiebang-cli-"));
    const file = join(dir, "policy.json");
    const { getPolicyPreset } = await import("../../functions/programmes/rules/policy.ts");
    writeFileSync(
      file,
      JSON.stringify({ ...getPolicyPreset("taiyuan-2023"), id: "custom-city", subsidyRateBp: 5000 }),
    );
    const r = await cli(["funding", "simulate", "--policy", file, "--rd-investment", "1000000", "--json"]);
    expect(json(r.stdout)["grantFen"]).toBe(50_000_000);
    writeFileSync(file, JSON.stringify({ ...getPolicyPreset("taiyuan-2023"), subsidyRateBp: 0 }));
    const bad = await cli(["funding", "simulate", "--policy", file, "--rd-investment", "1000000"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("subsidyRateBp");
  });
  it.each([
    [["--programme", "taiyuan-2023", "--rd-investment", "10000000.001"], "at most 2 decimals"],
    [["--programme", "taiyuan-2023", "--rd-investment=-5"], "not negative"],
    [["--programme", "taiyuan-2023", "--rd-investment", "-5"], "is ambiguous"],
    [["--programme", "taiyuan-2023", "--rd-investment", "abc"], "not an amount in yuan"],
    [["--programme", "taiyuan-2023"], "--rd-investment is required"],
    [["--programme", "nowhere", "--rd-investment", "1"], 'no funding policy "nowhere"'],
    [["--rd-investment", "1"], "--programme is required"],
    [["--programme", "taiyuan-2023", "--rd-investment", "1", "--bogus"], "Unknown option"],
    [["--programme", "taiyuan-2023", "--policy", "x.json", "--rd-investment", "1"], "not both"],
    [["--policy", "/nonexistent.json", "--rd-investment", "1"], "/nonexistent.json"],
    [["--programme", "taiyuan-2023", "--rd-investment", "1", "extra"], 'unexpected argument "extra"'],
  ])("bad arguments %j exit 2 saying what is wrong", async (args, message) => {
    const r = await cli(["funding", "simulate", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});

describe("funding recover", () => {
  it("termination after tranche 1: 300,000 to recover, tranches 2 and 3 cancelled", async () => {
    const r = await cli([
      "funding",
      "recover",
      "--programme",
      "taiyuan-2023",
      "--paid-fen",
      "90000000",
      "--spent-fen",
      "60000000",
      "--reason",
      "termination",
      "--rd-investment",
      "10000000.00",
      "--json",
    ]);
    expect(json(r.stdout)).toMatchObject({
      recoverFen: 30_000_000,
      creditRecord: false,
      cancelledTranches: [2, 3],
    });
  });
  it("fraud after tranches 1 and 2: 2,100,000 to recover and a credit record", async () => {
    const r = await cli([
      "funding",
      "recover",
      "--programme",
      "taiyuan-2023",
      "--paid-fen",
      "210000000",
      "--spent-fen",
      "0",
      "--reason",
      "fraud",
      "--on",
      "2026-03-02",
      "--json",
    ]);
    expect(json(r.stdout)).toMatchObject({
      recoverFen: 210_000_000,
      creditRecord: true,
      blockMonths: 36,
      blockedUntil: "2029-03-02",
    });
  });
  it("text output", async () => {
    const r = await cli([
      "funding",
      "recover",
      "--programme",
      "anshan-2025",
      "--paid-fen",
      "100",
      "--reason",
      "fraud",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("recover: 1.00 CNY (100 fen)");
    expect(r.stdout).toContain("credit record: yes, 36 months");
  });
  it.each([
    [["--reason", "boredom", "--paid-fen", "1", "--spent-fen", "0"], "--reason must be one of"],
    [["--reason", "termination", "--paid-fen", "1"], "--spent-fen is required"],
    [
      ["--reason", "termination", "--paid-fen", "1.5", "--spent-fen", "0"],
      "whole, non-negative number of fen",
    ],
    [["--reason", "fraud", "--paid-fen", "1", "--on", "2026-02-30"], "decidedOn"],
    [
      ["--reason", "fraud", "--paid-fen", "1000", "--rd-investment", "10000000"],
      "not the total of the first tranches",
    ],
  ])("bad arguments %j exit 2", async (args, message) => {
    const r = await cli(["funding", "recover", "--programme", "taiyuan-2023", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("funding misc", () => {
  it("lists policies; unknown command exits 2", async () => {
    expect((await cli(["funding", "policies"])).stdout).toContain("taiyuan-2023");
    const r = await cli(["funding", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown funding command "nope"');
    expect((await cli(["funding"])).code).toBe(2);
  });
});

describe("calendar notice-end", () => {
  it("2025-09-30 + 5 working days → 2025-10-13, in any machine time zone", async () => {
    for (const tz of ["UTC", "Asia/Shanghai", "America/Los_Angeles"]) {
      const r = await cli(["calendar", "notice-end", "--from", "2025-09-30", "--working-days", "5"], tz);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("2025-10-13\n");
    }
  });
  it("an instant is read in Shanghai time; --json gives the end instant", async () => {
    const r = await cli([
      "calendar",
      "notice-end",
      "--from",
      "2026-02-12T17:00:00Z",
      "--working-days",
      "5",
      "--json",
    ]);
    expect(json(r.stdout)).toMatchObject({
      firstDay: "2026-02-13",
      lastDay: "2026-02-26",
      endsAt: "2026-02-26T23:59:59.999+08:00",
    });
  });
  it("a provisional year (2027) is the same in any machine time zone (chinese-days computes in local time)", async () => {
    for (const tz of ["UTC", "Asia/Shanghai", "America/Los_Angeles"]) {
      // 除夕 Friday 5 February 2027 to 10 February (补假) off: Thursday 4 February is the first and only working day.
      const spring = await cli(
        ["calendar", "notice-end", "--from", "2027-02-04", "--working-days", "2", "--json"],
        tz,
      );
      expect(json(spring.stdout), tz).toMatchObject({
        firstDay: "2027-02-04",
        lastDay: "2027-02-11",
        provisional: true,
        provisionalYears: [2027],
      });
      // 端午 Wednesday 9 June 2027, 清明 Monday 5 April 2027.
      const summer = await cli(["calendar", "notice-end", "--from", "2027-06-08", "--working-days", "2"], tz);
      expect(summer.stdout, tz).toBe("2027-06-10\n");
      expect((await cli(["calendar", "is-workday", "--date", "2027-04-05"], tz)).stdout, tz).toBe(
        "day off\n",
      );
    }
  });
  it("a year after 2099 without data is refused; --calendar loads one", async () => {
    const missing = await cli(["calendar", "notice-end", "--from", "2100-01-04", "--working-days", "5"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no holiday arrangement loaded for 2100");
    const dir = mkdtempSync(join(tmpdir(), "jiebang-cal-"));
    const file = join(dir, "2027.json");
    writeFileSync(file, JSON.stringify({ holidays: { "2027-01-01": "元旦" }, workdays: {} }));
    const r = await cli([
      "calendar",
      "notice-end",
      "--from",
      "2026-12-31",
      "--working-days",
      "2",
      "--calendar",
      file,
    ]);
    expect(r.stdout).toBe("2027-01-04\n");
    expect((await cli(["calendar", "years", "--calendar", file])).stdout).toContain(`2027  ${file}`);
    writeFileSync(file, "{not json");
    expect((await cli(["calendar", "years", "--calendar", file])).code).toBe(2);
    writeFileSync(file, JSON.stringify({ years: [] }));
    expect((await cli(["calendar", "years", "--calendar", file])).stderr).toContain(
      "INVALID_CALENDAR_FILE".length ? "invalid input" : "",
    );
  });
  it("is-workday", async () => {
    expect((await cli(["calendar", "is-workday", "--date", "2025-10-11"])).stdout).toBe("workday\n");
    expect((await cli(["calendar", "is-workday", "--date", "2025-10-01"])).stdout).toBe("day off\n");
  });
  it.each([
    [["notice-end", "--working-days", "5"], "--from is required"],
    [["notice-end", "--from", "2025-09-30"], "--working-days is required"],
    [["notice-end", "--from", "2025-09-30", "--working-days", "0"], "whole number from 1 to 999"],
    [["notice-end", "--from", "2025-09-30", "--working-days", "five"], "whole number from 1 to 999"],
    [["notice-end", "--from", "2025-02-30", "--working-days", "5"], "neither a date"],
    [["notice-end", "--from", "2025-09-30", "--working-days", "5", "x"], 'unexpected argument "x"'],
    [["is-workday"], "--date is required"],
    [["is-workday", "--date", "2025-13-01"], "not a date"],
    [["frobnicate"], 'unknown calendar command "frobnicate"'],
  ])("bad arguments %j exit 2", async (args, message) => {
    const r = await cli(["calendar", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
