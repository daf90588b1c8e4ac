// Workbench: a project's timeline — each milestone at its due date and each tranche at the date its condition falls
// due (or was paid), as rows and drawn on a date axis from the task book's start to its end.
import type { Answer } from "../api/client.ts";
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

type ProjectAnswer = Answer<"/v1/projects/{projectId}">;
export type Track = NonNullable<ProjectAnswer["track"]>;
export type TaskBook = NonNullable<Track["taskBook"]>;
export type Tranche = ProjectAnswer["tranches"][number];

export function timelineRows(
  taskBook: TaskBook | undefined,
  track: Track | undefined,
  tranches: readonly Tranche[],
  w: Words,
): TimelineRow[] {
  const milestones = track?.milestones ?? [];
  const titles = new Map((taskBook?.milestones ?? []).map((m) => [m.index, m.title]));
  const rows: TimelineRow[] = milestones.map((m) => {
    const status = m.status;
    return {
      kind: "milestone",
      key: `m${m.index}`,
      date: m.dueDate,
      title: `${w.tf("milestoneN", { n: m.index })} ${titles.get(m.index) ?? ""}`.trim(),
      status,
      note: [
        m.passedAt ? `${w.stage("passed")} ${day(m.passedAt)}` : "",
        // A rectification deadline matters only while rectifying: a passed milestone does not show it.
        status === "rectifying" && m.rectifyBy ? `${w.stage("rectifying")} → ${m.rectifyBy}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    };
  });
  for (const tr of tranches) {
    const token = tr.conditionToken;
    const [kind, n] = token.split(":");
    const linked = kind === "milestone-passed" ? milestones.find((m) => m.index === Number(n)) : undefined;
    const paidAt = tr.payment?.paidAt;
    const eligibleAt = tr.eligible?.at;
    const date =
      day(paidAt) ||
      (linked ? linked.dueDate : "") ||
      (kind === "task-book-signed" ? taskBook?.signedOn || taskBook?.startDate || "" : "") ||
      (kind === "final-acceptance" ? (taskBook?.endDate ?? "") : "") ||
      day(eligibleAt);
    rows.push({
      kind: "tranche",
      key: `t${tr.index}`,
      date,
      title: w.tf("trancheN", { n: tr.index }),
      status: tr.status,
      amountFen: tr.amountFen,
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

export function TimelineChart({
  taskBook,
  rows,
  w,
}: {
  taskBook: TaskBook | undefined;
  rows: TimelineRow[];
  w: Words;
}) {
  const width = 1000;
  const height = 200;
  const pad = 100;
  const mid = 100;
  const dated = rows.filter((r) => r.date);
  const toDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
  const startDate = taskBook?.startDate ?? "";
  const endDate = taskBook?.endDate ?? "";
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
