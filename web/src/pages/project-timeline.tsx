// Workbench: a project's timeline — each milestone at its due date and each tranche at the date its condition falls
// due (or was paid), as rows and drawn on a date axis from the task book's start to its end.
import { type Json, list, num, optStr, str } from "../api/read.ts";
import { day, when, yuan } from "../format.ts";
import type { Words } from "../i18n.tsx";

export interface TimelineRow {
  kind: "milestone" | "tranche";
  key: string;
  date: string;
  title: string;
  status: string;
  amountFen?: number;
  note: string;
}

const dayMs = 86_400_000;

export function timelineRows(taskBook: Json, track: Json, tranches: Json[], w: Words): TimelineRow[] {
  const milestones = list(track, "milestones");
  const titles = new Map(list(taskBook, "milestones").map((m) => [num(m, "index"), str(m, "title")]));
  const rows: TimelineRow[] = milestones.map((m) => {
    const status = str(m, "status");
    return {
      kind: "milestone",
      key: `m${num(m, "index")}`,
      date: str(m, "dueDate"),
      title: `${w.tf("milestoneN", { n: num(m, "index") })} ${titles.get(num(m, "index")) ?? ""}`.trim(),
      status,
      note: [
        optStr(m, "passedAt") ? `${w.stage("passed")} ${day(optStr(m, "passedAt"))}` : "",
        // A rectification deadline matters only while rectifying: a passed milestone does not show it.
        status === "rectifying" && optStr(m, "rectifyBy")
          ? `${w.stage("rectifying")} → ${str(m, "rectifyBy")}`
          : "",
      ]
        .filter(Boolean)
        .join(" · "),
    };
  });
  for (const tr of tranches) {
    const token = str(tr, "conditionToken");
    const [kind, n] = token.split(":");
    const linked =
      kind === "milestone-passed" ? milestones.find((m) => num(m, "index") === Number(n)) : undefined;
    const paidAt = optStr(optObj(tr, "payment"), "paidAt");
    const eligibleAt = optStr(optObj(tr, "eligible"), "at");
    const date =
      day(paidAt) ||
      (linked ? str(linked, "dueDate") : "") ||
      (kind === "task-book-signed" ? str(taskBook, "signedOn") || str(taskBook, "startDate") : "") ||
      (kind === "final-acceptance" ? str(taskBook, "endDate") : "") ||
      day(eligibleAt);
    rows.push({
      kind: "tranche",
      key: `t${num(tr, "index")}`,
      date,
      title: w.tf("trancheN", { n: num(tr, "index") }),
      status: str(tr, "status"),
      amountFen: num(tr, "amountFen"),
      note: [
        w.condition(token),
        eligibleAt ? `${w.t("eligibleAt")} ${when(eligibleAt)}` : "",
        paidAt ? `${w.t("paidAt")} ${when(paidAt)}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    });
  }
  return rows.sort((a, b) => (a.date === b.date ? (a.kind < b.kind ? -1 : 1) : a.date < b.date ? -1 : 1));
}

function optObj(value: Json, key: string): Json {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export function TimelineChart({ taskBook, rows, w }: { taskBook: Json; rows: TimelineRow[]; w: Words }) {
  const width = 1000;
  const height = 200;
  const pad = 100;
  const mid = 100;
  const dated = rows.filter((r) => r.date);
  const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
  const startDate = str(taskBook, "startDate");
  const endDate = str(taskBook, "endDate");
  const days = dated.map((r) => toDay(r.date));
  const start = Math.min(...days, startDate ? toDay(startDate) : Number.POSITIVE_INFINITY);
  const end = Math.max(start + 1, ...days, endDate ? toDay(endDate) : 0);
  const x = (date: string) => pad + ((toDay(date) - start) / (end - start)) * (width - 2 * pad);
  return (
    <svg
      className="chart timeline"
      data-testid="timeline-chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={w.t("timeline")}
    >
      <line x1={pad} x2={width - pad} y1={mid} y2={mid} className="axis" />
      {startDate ? (
        <text x={x(startDate)} y={mid + 84} className="tick" textAnchor="start">
          {startDate}
        </text>
      ) : null}
      {endDate ? (
        <text x={x(endDate)} y={mid + 84} className="tick" textAnchor="end">
          {endDate}
        </text>
      ) : null}
      {dated.map((r, i) => {
        const cx = x(r.date);
        const above = r.kind === "milestone";
        const ty = above ? mid - 46 - (i % 2) * 15 : mid + 62 + (i % 2) * 15;
        return (
          <g key={r.key} className={`event ${r.kind} ${r.status}`} data-event={r.key} data-status={r.status}>
            <line x1={cx} x2={cx} y1={mid} y2={above ? mid - 28 : mid + 28} className="stem" />
            {above ? (
              <path d={`M${cx},${mid - 36} l8,8 l-8,8 l-8,-8 z`} className="mark" />
            ) : (
              <circle cx={cx} cy={mid + 36} r={8} className="mark" />
            )}
            <text x={cx} y={ty} textAnchor="middle">
              {r.kind === "tranche" ? `${r.title} ${yuan(r.amountFen)}` : r.title}
            </text>
            <title>{`${r.date} · ${r.title} · ${w.stage(r.status)}`}</title>
          </g>
        );
      })}
    </svg>
  );
}
