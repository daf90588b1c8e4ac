// Demo (local/demo/): the summary table printed at the end — programmes, challenges, applications and projects by
// status, money committed / disbursed / recovered in yuan to the fen — and where to look at it in the workbench (工作台).
import { organisationNames } from "./cast.ts";
import { type DemoSummary, yuanText } from "./common.ts";

const byStatus = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(", ") || "none";

const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);

export function summaryTable(summary: DemoSummary): string {
  const rows: [string, string][] = [
    ["programme 批次", `${summary.programmeName} (${summary.programmeId})`],
    ["programmes on the platform", String(summary.programmesOnPlatform)],
    ["challenges 榜单", `${total(summary.challengesByStatus)}: ${byStatus(summary.challengesByStatus)}`],
    [
      "applications 揭榜申请",
      `${total(summary.applicationsByStatus)}: ${byStatus(summary.applicationsByStatus)}`,
    ],
    ["projects 项目", `${total(summary.projectsByStatus)}: ${byStatus(summary.projectsByStatus)}`],
    ["budget 预算 (¥)", yuanText(summary.money.budgetFen)],
    ["committed 已承诺 (¥)", yuanText(summary.money.committedFen)],
    ["disbursed 已拨付 (¥)", yuanText(summary.money.disbursedFen)],
    ["recovered 已追回 (¥)", yuanText(summary.money.recoveredFen)],
    ["still to recover 待追回 (¥)", yuanText(summary.money.recoverableFen)],
    ["budget left 预算余额 (¥)", yuanText(summary.money.budgetLeftFen)],
    ["leverage 财政资金撬动比", summary.money.leverage ?? "n/a"],
    ["ledger and records agree", summary.money.agree ? "yes" : "NO"],
    ["payments 拨付", `${summary.payments.length} paid by the treasury`],
    [
      "recoveries 追回",
      summary.recoveries
        .map((r) => `${r.id} ${r.status} ¥${yuanText(r.receivedFen)}/${yuanText(r.amountFen)}`)
        .join("; "),
    ],
    [
      "horse race 赛马",
      `continuing ${summary.horseRace.continuing.join(", ")}; settled ${summary.horseRace.closed.join(", ")}`,
    ],
    [
      "mail 邮件",
      `${summary.mail.address}: ${summary.mail.reminders} milestone reminder(s), ${summary.mail.payments} payment notification(s)`,
    ],
    ["platform clock", summary.clock],
  ];
  const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const left = Math.max(...rows.map(([k]) => width(k)));
  const pad = (text: string) => text + " ".repeat(left - width(text));
  const rule = `  ${"─".repeat(left + 2)}┬${"─".repeat(60)}`;
  return [rule, ...rows.map(([k, v]) => `   ${pad(k)} │ ${v}`), rule.replace("┬", "┴")].join("\n");
}

/**
 * Where to look afterwards. `startPort` is the port `npm start` will listen on (PORT, else 3000): after the demo's own
 * platform has stopped, the workbench is there, and the command to bring it up names it when it is not the default.
 */
export function whereToLook(options: {
  apiUrl: string;
  startPort: number;
  dataDirArgument?: string;
  /** The address whose mail the demo found in the local mailbox (mail.ts). */
  mailAddress?: string;
  running: "started-here-and-kept" | "started-here-and-stopped" | "already-running";
}): string {
  const stopped = options.running === "started-here-and-stopped";
  const base = stopped ? `http://127.0.0.1:${options.startPort}` : options.apiUrl.replace(/\/$/, "");
  const dir = options.dataDirArgument ? ` --data-dir ${options.dataDirArgument}` : "";
  const environment = [
    ...(options.startPort !== 3000 ? [`PORT=${options.startPort}`] : []),
    ...(options.dataDirArgument ? [`JIEBANG_DATA_DIR=${options.dataDirArgument}`] : []),
  ];
  const lines = [
    "",
    stopped
      ? `  The platform this demo started has stopped; its data stays. Bring it up with \`${[
          ...environment,
          "npm start",
        ].join(" ")}\`, then open the workbench:`
      : "  Look at the result in the workbench (工作台):",
    "",
    `    workbench ${base}/console/   (sign in as auditor to see every page)`,
    `    a token   npm run -s cli -- token --role admin --user admin --org taiyuan-stb${dir}`,
    `              (or: curl -s -XPOST ${base}/local/token -H 'content-type: application/json' \\`,
    `                     -d '{"user":"admin","org":"taiyuan-stb","roles":["admin"]}')`,
    `    finance   npm run -s cli -- token --role finance --user czj-zhou --org taiyuan-czj${dir}`,
    ...(options.mailAddress
      ? [
          `    mailbox   ${base}/local/mailbox?to=${encodeURIComponent(options.mailAddress)}`,
          "              (本地邮箱: the milestone reminder and the payment notifications the enterprise received)",
        ]
      : []),
    "",
    `  Organisations: ${Object.entries(organisationNames)
      .map(([id, name]) => `${id}=${name}`)
      .join(", ")}`,
  ];
  return lines.join("\n");
}
