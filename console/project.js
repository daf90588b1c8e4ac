// Operators' console: a project's page (项目) — the parties and money, a timeline of milestones and tranches (due
// dates, statuses, amounts; drawn as SVG and listed), its documents with their SHA-256 hashes, and its audit trail
// (every change of its records, hash-chained, with each chain checked by the API).
import { api, h, show } from "./dom.js";
import { conditionText, label, lang, role, stage, t, tf, when, yuan } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const dayMs = 86_400_000;
const shanghaiDate = (iso) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : "";

/** Timeline rows: each milestone at its due date, each tranche at the date its condition falls due. */
function timelineRows(taskBook, track, tranches) {
  const milestones = track?.milestones ?? [];
  const titles = new Map((taskBook?.milestones ?? []).map((m) => [m.index, m.title]));
  const rows = milestones.map((m) => ({
    kind: "milestone",
    key: `m${m.index}`,
    date: m.dueDate,
    title: `${tf("milestoneN", { n: m.index })} ${titles.get(m.index) ?? ""}`.trim(),
    status: m.status,
    note: [
      m.passedAt ? `${stage("passed")} ${when(m.passedAt)}` : "",
      m.rectifyBy ? `${stage("rectifying")} → ${m.rectifyBy}` : "",
    ]
      .filter(Boolean)
      .join(" · "),
  }));
  for (const tr of tranches) {
    const [kind, n] = String(tr.conditionToken ?? "").split(":");
    const linked = kind === "milestone-passed" ? milestones.find((m) => m.index === Number(n)) : undefined;
    const date =
      shanghaiDate(tr.payment?.paidAt) ||
      (linked ? linked.dueDate : "") ||
      (kind === "task-book-signed" ? (taskBook?.signedOn ?? taskBook?.startDate ?? "") : "") ||
      (kind === "final-acceptance" ? (taskBook?.endDate ?? "") : "") ||
      shanghaiDate(tr.eligible?.at) ||
      "";
    rows.push({
      kind: "tranche",
      key: `t${tr.index}`,
      date,
      title: tf("trancheN", { n: tr.index }),
      status: tr.status,
      amountFen: tr.amountFen,
      note: [
        conditionText(tr.conditionToken),
        tr.eligible?.at ? `${t("eligibleAt")} ${when(tr.eligible.at)}` : "",
        tr.payment?.paidAt ? `${t("paidAt")} ${when(tr.payment.paidAt)}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    });
  }
  return rows.sort((a, b) => (a.date === b.date ? (a.kind < b.kind ? -1 : 1) : a.date < b.date ? -1 : 1));
}

/** The timeline drawn: a date axis from the task book's start to its end, milestones above, tranches below. */
function timelineSvg(taskBook, rows) {
  const width = 1000;
  const height = 190;
  const pad = 90;
  const dated = rows.filter((r) => r.date);
  const days = dated.map((r) => Date.parse(`${r.date}T00:00:00Z`) / dayMs);
  const start = Math.min(
    ...days,
    taskBook?.startDate ? Date.parse(`${taskBook.startDate}T00:00:00Z`) / dayMs : Number.POSITIVE_INFINITY,
  );
  const end = Math.max(
    start + 1,
    ...days,
    taskBook?.endDate ? Date.parse(`${taskBook.endDate}T00:00:00Z`) / dayMs : 0,
  );
  const x = (date) =>
    pad + ((Date.parse(`${date}T00:00:00Z`) / dayMs - start) / (end - start)) * (width - 2 * pad);
  const mid = 95;
  const svg = svgEl("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    class: "chart timeline",
    "data-testid": "timeline-chart",
  });
  svg.append(svgEl("line", { x1: pad, x2: width - pad, y1: mid, y2: mid, class: "axis" }));
  if (taskBook?.startDate) {
    svg.append(
      svgEl(
        "text",
        { x: x(taskBook.startDate), y: mid + 80, class: "tick", "text-anchor": "start" },
        taskBook.startDate,
      ),
    );
  }
  if (taskBook?.endDate) {
    svg.append(
      svgEl(
        "text",
        { x: x(taskBook.endDate), y: mid + 80, class: "tick", "text-anchor": "end" },
        taskBook.endDate,
      ),
    );
  }
  dated.forEach((r, i) => {
    const cx = x(r.date);
    const above = r.kind === "milestone";
    const g = svgEl("g", {
      class: `event ${r.kind} ${r.status}`,
      "data-event": r.key,
      "data-status": r.status,
    });
    g.append(svgEl("line", { x1: cx, x2: cx, y1: mid, y2: above ? mid - 28 : mid + 28, class: "stem" }));
    if (above) {
      g.append(svgEl("path", { d: `M${cx},${mid - 36} l8,8 l-8,8 l-8,-8 z`, class: "mark" }));
    } else {
      g.append(svgEl("circle", { cx, cy: mid + 36, r: 8, class: "mark" }));
    }
    const ty = above ? mid - 44 - (i % 2) * 14 : mid + 60 + (i % 2) * 14;
    const text = r.kind === "tranche" ? `${r.title} ${yuan(r.amountFen)}` : r.title;
    g.append(svgEl("text", { x: cx, y: ty, class: "label", "text-anchor": "middle" }, text));
    g.append(svgEl("title", {}, `${r.date} · ${r.title} · ${stage(r.status)}`));
    svg.append(g);
  });
  return svg;
}

function timelineTable(rows) {
  return h(
    "table",
    { "data-testid": "timeline" },
    h(
      "tr",
      {},
      h("th", {}, t("date")),
      h("th", {}, t("item")),
      h("th", {}, t("status")),
      h("th", { class: "money" }, t("amount")),
      h("th", {}, t("note")),
    ),
    rows.map((r) =>
      h(
        "tr",
        { "data-row": r.key },
        h("td", {}, r.date ? `${r.date}${r.kind === "milestone" ? ` (${t("due")})` : ""}` : "—"),
        h("td", {}, r.title),
        h("td", {}, h("span", { class: `status ${r.status}` }, stage(r.status))),
        h("td", { class: "money" }, r.amountFen === undefined ? "" : yuan(r.amountFen)),
        h("td", { class: "muted" }, r.note),
      ),
    ),
  );
}

function documentsTable(track) {
  const files = (track?.milestones ?? []).flatMap((m) => m.files.map((f) => ({ ...f, milestone: m.index })));
  const reports = [
    ...(track?.milestones ?? []).flatMap((m) =>
      (m.auditReports ?? []).map((r) => ({ ...r, milestone: m.index })),
    ),
    ...(track?.auditReports ?? []),
    ...(track?.acceptance?.auditReport ? [track.acceptance.auditReport] : []),
  ];
  if (files.length === 0 && reports.length === 0) return h("p", { class: "muted" }, t("noDocuments"));
  return h(
    "table",
    { "data-testid": "documents" },
    h(
      "tr",
      {},
      h("th", {}, t("milestone")),
      h("th", {}, t("kind")),
      h("th", {}, t("fileName")),
      h("th", {}, t("size")),
      h("th", {}, "SHA-256"),
      h("th", {}, t("time")),
    ),
    files.map((f) =>
      h(
        "tr",
        { "data-file": f.fileId },
        h("td", {}, f.milestone),
        h("td", {}, label(f.kind)),
        h("td", {}, f.fileName),
        h("td", {}, `${f.sizeBytes} B`),
        h("td", {}, h("code", { class: "hash" }, f.sha256)),
        h(
          "td",
          {},
          when(f.reservedAt),
          h(
            "div",
            { class: f.verifiedAt ? "ok" : "muted" },
            f.verifiedAt ? `✓ ${t("verified")}` : t("notVerified"),
          ),
        ),
      ),
    ),
    reports.map((r) =>
      h(
        "tr",
        { "data-report": r.jsonKey },
        h("td", {}, r.milestone ?? "—"),
        h("td", {}, `${t("auditReports")} · ${r.event}`),
        h("td", {}, r.jsonKey.split("/").pop()),
        h("td", {}, ""),
        h("td", {}, h("code", { class: "hash" }, r.sha256)),
        h("td", {}, when(r.at)),
      ),
    ),
  );
}

const short = (hash) => (hash ? `${hash.slice(0, 12)}…` : "—");

function auditSection(trail) {
  const broken = trail.records.filter((r) => !r.ok);
  return [
    h(
      "p",
      { class: trail.ok ? "ok" : "error", "data-testid": "chain-status" },
      trail.ok
        ? `✓ ${tf("chainsOk", { n: trail.records.length })}`
        : `✗ ${t("chainsBroken")}${broken.map((r) => `${r.recordKind} ${r.recordId} v${r.brokenAt} (${r.reason})`).join(", ")}`,
    ),
    h(
      "table",
      { "data-testid": "audit-trail" },
      h(
        "tr",
        {},
        h("th", {}, t("time")),
        h("th", {}, t("record")),
        h("th", {}, t("version")),
        h("th", {}, t("actor")),
        h("th", {}, t("action")),
        h("th", {}, t("hash")),
        h("th", {}, t("prevHash")),
      ),
      trail.events.map((e) =>
        h(
          "tr",
          { "data-audit": `${e.recordKind}#${e.recordId}#${e.version}` },
          h("td", {}, when(e.at)),
          h("td", {}, e.recordKind, h("div", { class: "muted" }, e.recordId)),
          h("td", {}, e.version),
          h("td", {}, e.actor, h("div", { class: "muted" }, role(e.role))),
          h("td", {}, e.action),
          h("td", {}, h("code", { class: "hash", title: e.hash ?? "" }, short(e.hash))),
          h("td", {}, h("code", { class: "hash muted", title: e.prevHash ?? "" }, short(e.prevHash))),
        ),
      ),
    ),
  ];
}

export async function projectPage(projectId) {
  const [view, trail] = await Promise.all([
    api(`/v1/projects/${encodeURIComponent(projectId)}`),
    api(`/v1/projects/${encodeURIComponent(projectId)}/audit-trail`),
  ]);
  const { project, track } = view;
  const tranches = [...(view.tranches ?? [])].sort((a, b) => a.index - b.index);
  const taskBook = track?.taskBook;
  const rows = timelineRows(taskBook, track, tranches);
  show(
    h("p", {}, h("a", { href: "#/programmes" }, `← ${t("programmes")}`)),
    h("h1", { "data-testid": "project-title" }, `${t("project")} ${project.id}`),
    h(
      "div",
      { class: "card", "data-testid": "project-summary" },
      h(
        "p",
        {},
        `${t("status")}: `,
        h("span", { class: `status ${project.status}` }, stage(project.status)),
        ` · ${t("programme")}: ${project.programmeId} · ${t("challenge")}: ${project.challengeId}`,
      ),
      h(
        "p",
        {},
        `${t("enterprise")}: ${project.enterprise?.name ?? ""} · ${t("solverLead")}: ${project.solverLead?.name ?? ""}`,
      ),
      h(
        "p",
        {},
        `${t("grant")}: ${yuan(project.grantFen)} · ${t("rdInvestment")}: ${yuan(project.rdInvestmentFen)}`,
      ),
      taskBook
        ? h(
            "p",
            { class: "muted" },
            `${t("taskBookPeriod")}: ${taskBook.startDate} – ${taskBook.endDate}${taskBook.signedOn ? ` · ${t("signedOn")} ${taskBook.signedOn}` : ""}`,
          )
        : h("p", { class: "muted" }, t("noTaskBook")),
    ),
    h("h2", {}, t("timeline")),
    rows.length ? h("div", { class: "chart-box" }, timelineSvg(taskBook, rows)) : null,
    rows.length ? timelineTable(rows) : h("p", { class: "muted" }, t("noTaskBook")),
    h("h2", {}, t("documents")),
    documentsTable(track),
    h("h2", {}, t("auditTrail")),
    ...auditSection(trail),
  );
  document.title = `${t("project")} ${project.id} · ${lang() === "en" ? "Jiebang" : "揭榜挂帅"}`;
}
