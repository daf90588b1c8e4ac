// Operators' console: the executions inspector — the stuck executions the sweep found; executions listed by state
// machine and status; one execution's graph, path, steps, history and pending human tasks.
import { api, failed, h, show } from "./dom.js";
import { renderGraph } from "./graph.js";
import { label, lang, role, stage, t, tf, when } from "./i18n.js";

const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

export async function executionsPage(params) {
  const machines = (await api("/v1/admin/state-machines")).items;
  const sm = params.get("sm") ?? machines[0]?.name ?? "";
  const status = params.get("status") ?? "";
  const go = (next) => {
    const query = new URLSearchParams({ sm, ...(status ? { status } : {}), ...next });
    if (!query.get("status")) query.delete("status");
    location.hash = `#/executions?${query}`;
  };
  const machineSelect = h(
    "select",
    { "data-testid": "state-machine", onchange: (e) => go({ sm: e.target.value }) },
    machines.map((m) => h("option", { value: m.name, selected: m.name === sm }, m.name)),
  );
  const statusSelect = h(
    "select",
    { "data-testid": "status", onchange: (e) => go({ status: e.target.value }) },
    h("option", { value: "" }, t("allStatuses")),
    statuses.map((s) => h("option", { value: s, selected: s === status }, stage(s))),
  );
  const rows = h("tbody");
  const more = h("button", { type: "button", hidden: true }, t("more"));
  const table = h(
    "table",
    { "data-testid": "executions" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", {}, t("name")),
        h("th", {}, t("status")),
        h("th", {}, t("started")),
        h("th", {}, t("stopped")),
      ),
    ),
    rows,
  );
  const empty = h("p", { class: "muted", hidden: true }, t("noExecutions"));
  const description = machines.find((m) => m.name === sm)?.description ?? "";
  const stuck = stuckPanel();
  show(
    h("h1", {}, t("executions")),
    stuck.node,
    h("div", { class: "filters" }, t("stateMachine"), machineSelect, t("status"), statusSelect),
    h("p", { class: "muted" }, description),
    table,
    empty,
    more,
  );
  let cursor;
  const load = async () => {
    const query = new URLSearchParams({
      stateMachine: sm,
      ...(status ? { status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page = await api(`/v1/admin/executions?${query}`);
    for (const e of page.items) {
      rows.append(
        h(
          "tr",
          { "data-execution": e.name },
          h("td", {}, h("a", { href: `#/execution/${encodeURIComponent(e.executionArn)}` }, e.name)),
          h("td", {}, h("span", { class: `status ${e.status}` }, stage(e.status))),
          h("td", {}, when(e.startDate)),
          h("td", {}, when(e.stopDate)),
        ),
      );
    }
    cursor = page.next;
    more.hidden = !cursor;
    empty.hidden = rows.children.length > 0;
  };
  more.addEventListener("click", () => load().catch(failed));
  await Promise.all([load(), stuck.loaded]);
}

/**
 * The stuck-execution sweep on demand (GET /v1/admin/stuck-executions, 停滞流程巡检): every stuck execution with its
 * state machine, a link to its detail view, the state it is in, why (in words), since when and its correlation id —
 * or "none". A failure shows inside the panel, not instead of the page.
 */
function stuckPanel() {
  const body = h("div", {}, h("p", { class: "muted" }, t("loading")));
  const node = h(
    "section",
    { class: "card stuck", "data-testid": "stuck-executions" },
    h("h2", {}, t("stuckExecutions")),
    body,
  );
  const loaded = api("/v1/admin/stuck-executions")
    .then((result) => {
      const checked = h(
        "p",
        { class: "muted", "data-testid": "stuck-checked" },
        tf("stuckChecked", {
          at: when(result.checkedAt),
          running: result.runningTotal,
          minutes: Math.round(result.thresholdMs / 60_000),
        }),
      );
      if (result.stuck.length === 0) {
        body.replaceChildren(h("p", { "data-testid": "no-stuck" }, t("noStuck")), checked);
        return;
      }
      const table = h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, t("stateMachine")),
            h("th", {}, t("execution")),
            h("th", {}, t("currentState")),
            h("th", {}, t("reason")),
            h("th", {}, t("stuckSince")),
            h("th", {}, t("correlationId")),
          ),
        ),
        h(
          "tbody",
          {},
          result.stuck.map((s) =>
            h(
              "tr",
              { "data-execution": s.name, "data-reason": s.reason },
              h("td", {}, s.stateMachine),
              h("td", {}, h("a", { href: `#/execution/${encodeURIComponent(s.executionArn)}` }, s.name)),
              h("td", {}, s.stateName ?? ""),
              h(
                "td",
                { "data-testid": "stuck-reason" },
                h("strong", {}, label(`stuck-${s.reason}`)),
                h("br"),
                h("small", { class: "muted" }, lang() === "en" ? s.message : s.messageZh),
              ),
              h("td", {}, when(s.since)),
              h("td", {}, h("code", {}, s.correlationId ?? "")),
            ),
          ),
        ),
      );
      body.replaceChildren(table, checked);
    })
    .catch((error) => {
      body.replaceChildren(h("p", { class: "error" }, `${t("error")}: ${error.message}`));
    });
  return { node, loaded };
}

/** Who is waited on and for what, without saying the role twice ("审定领导 · 审定领导审定" → "审定领导审定"). */
function waitedOnText(waitedOn) {
  const who = role(waitedOn.role);
  const what = lang() === "en" ? waitedOn.what : waitedOn.whatZh;
  if (!what) return who;
  return what.toLowerCase().startsWith(who.toLowerCase()) ? what : `${who} · ${what}`;
}

const json = (value) => h("pre", {}, value === undefined ? "" : JSON.stringify(value, null, 2));

export async function executionPage(encodedArn) {
  const arn = decodeURIComponent(encodedArn);
  const data = await api(`/v1/admin/executions/${encodeURIComponent(arn)}`);
  const { execution } = data;
  const pending = data.pendingTasks.length
    ? h(
        "table",
        { "data-testid": "pending-tasks" },
        h(
          "tr",
          {},
          h("th", {}, t("currentState")),
          h("th", {}, t("waitedOn")),
          h("th", {}, t("since")),
          h("th", {}, t("deadline")),
          h("th", {}, t("subject")),
        ),
        data.pendingTasks.map((p) =>
          h(
            "tr",
            {},
            h("td", {}, p.state),
            h("td", { "data-testid": "waited-on" }, waitedOnText(p.waitedOn)),
            h("td", {}, when(p.since)),
            h("td", {}, when(p.deadline)),
            h(
              "td",
              {},
              Object.entries(p.subject)
                .map(([k, v]) => `${k}: ${v}`)
                .join(", "),
            ),
          ),
        ),
      )
    : h("p", { class: "muted" }, t("noPendingTasks"));
  show(
    h("p", {}, h("a", { href: `#/executions?sm=${execution.stateMachine}` }, `← ${t("back")}`)),
    h("h1", {}, `${t("execution")} ${execution.name}`),
    h(
      "div",
      { class: "card" },
      h(
        "p",
        {},
        `${t("stateMachine")}: ${execution.stateMachine} · `,
        h(
          "span",
          { class: `status ${execution.status}`, "data-testid": "execution-status" },
          stage(execution.status),
        ),
      ),
      h(
        "p",
        {},
        `${t("started")}: ${when(execution.startDate)}${execution.stopDate ? ` · ${t("stopped")}: ${when(execution.stopDate)}` : ""}`,
      ),
      h("p", { "data-testid": "current-state" }, `${t("currentState")}: ${data.currentState ?? "—"}`),
      h("p", { class: "muted" }, `${t("pathTaken")}: ${data.path.join(" → ")}`),
      execution.error ? h("p", { class: "error" }, `${execution.error}: ${execution.cause ?? ""}`) : null,
    ),
    h("h2", {}, t("pendingTasks")),
    pending,
    h("h2", {}, t("graph")),
    h("p", { class: "muted" }, t("legend")),
    h("div", { class: "graph", "data-testid": "graph" }, renderGraph(data.graph, data)),
    h("h2", {}, t("steps")),
    h(
      "table",
      { "data-testid": "steps" },
      h(
        "tr",
        {},
        h("th", {}, t("name")),
        h("th", {}, t("status")),
        h("th", {}, t("time")),
        h("th", {}, t("input")),
        h("th", {}, t("output")),
      ),
      data.steps.map((s) =>
        h(
          "tr",
          { "data-step": s.name },
          h("td", {}, s.name, h("div", { class: "muted" }, s.type)),
          h("td", {}, label(`step-${s.status}`), s.error ? h("div", { class: "error" }, s.error) : null),
          h("td", {}, when(s.enteredAt), s.exitedAt ? h("div", { class: "muted" }, when(s.exitedAt)) : null),
          h("td", {}, json(s.input)),
          h("td", {}, json(s.output)),
        ),
      ),
    ),
    h("h2", {}, t("history")),
    h(
      "details",
      {},
      h("summary", {}, `${t("history")} (${data.events.length})`),
      h(
        "table",
        { "data-testid": "history" },
        h(
          "tr",
          {},
          h("th", {}, "#"),
          h("th", {}, t("type")),
          h("th", {}, t("time")),
          h("th", {}, t("details")),
        ),
        data.events.map((e) =>
          h(
            "tr",
            {},
            h("td", {}, e.id),
            h("td", {}, e.type),
            h("td", {}, when(e.timestamp)),
            h("td", {}, json(e.details)),
          ),
        ),
      ),
    ),
  );
}
