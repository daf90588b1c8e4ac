// Operators' console: the single-page app — sign-in, programmes and challenges by stage, and the executions
// inspector (list by state machine and status; one execution's graph, path, steps, history and pending human tasks).
// Plain ES modules with no build; it reads only the public API (/v1) plus /local/token for the local sign-in.
import { config } from "./config.js";
import { renderGraph } from "./graph.js";
import { lang, role, setLang, stage, t, when, yuan } from "./i18n.js";

const TOKEN = "jiebang.token";
const main = document.getElementById("main");

/** h("td", {class: "money"}, "¥1.00"): an element with attributes and children (text is always text, never HTML). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    super(
      `${status} ${body?.code ?? ""} ${lang() === "en" ? (body?.message ?? "") : (body?.messageZh ?? "")}`,
    );
    this.status = status;
  }
}

async function api(path) {
  const token = sessionStorage.getItem(TOKEN);
  const response = await fetch(`${config.apiBase}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN);
    location.hash = "#/signin";
    throw new ApiError(401, body);
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function claims() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return undefined;
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function show(...nodes) {
  main.replaceChildren(...nodes);
}

// ---- sign-in ----------------------------------------------------------------------------------------------------
function signInPage() {
  const error = h("p", { class: "error", "data-testid": "signin-error" });
  const form = h(
    "form",
    { class: "signin card", "data-testid": "signin-form" },
    h("h1", {}, t("signIn")),
    h("p", { class: "muted" }, t("localSignInHint")),
    h("label", {}, t("user"), h("input", { name: "user", value: "admin-1", required: true })),
    h("label", {}, t("org"), h("input", { name: "org", value: "taiyuan-stb", required: true })),
    h(
      "label",
      {},
      t("roles"),
      h(
        "select",
        { name: "role" },
        h("option", { value: "admin" }, "admin"),
        h("option", { value: "auditor" }, "auditor"),
      ),
    ),
    h("button", { type: "submit" }, t("signIn")),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch(`${config.apiBase}/local/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: data.get("user"), org: data.get("org"), roles: [data.get("role")] }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.token) {
      error.textContent = `${t("error")}: ${body.message ?? response.status}`;
      return;
    }
    sessionStorage.setItem(TOKEN, body.token);
    location.hash = "#/programmes";
  });
  show(form);
}

// ---- programmes and challenges by stage ---------------------------------------------------------------------------
async function allChallenges(programmeId) {
  const items = [];
  let cursor;
  do {
    const query = new URLSearchParams({ programmeId, limit: "100", ...(cursor ? { cursor } : {}) });
    const page = await api(`/v1/challenges?${query}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < 2000);
  return items;
}

async function programmesPage() {
  const programmes = (await api("/v1/programmes?limit=100")).items;
  const sections = [h("h1", {}, t("programmes"))];
  if (programmes.length === 0) sections.push(h("p", { class: "muted" }, t("noProgrammes")));
  for (const p of programmes) {
    const challenges = await allChallenges(p.id);
    const byStage = new Map();
    for (const c of challenges) {
      const s = byStage.get(c.status) ?? { count: 0, fen: 0 };
      s.count += 1;
      s.fen += c.fundingCapFen ?? 0;
      byStage.set(c.status, s);
    }
    const totalFen = challenges.reduce((sum, c) => sum + (c.fundingCapFen ?? 0), 0);
    sections.push(
      h(
        "section",
        { class: "card", "data-testid": "programme", "data-programme": p.id },
        h("h2", {}, lang() === "en" ? p.name : p.nameZh),
        h(
          "p",
          { class: "muted" },
          `${t("year")} ${p.year} · ${t("budget")} ${yuan(p.budgetFen)} · ${t("policy")} ${p.policyId ?? ""}`,
        ),
        h(
          "table",
          { "data-testid": "stages" },
          h(
            "tr",
            {},
            h("th", {}, t("stage")),
            h("th", {}, t("count")),
            h("th", { class: "money" }, t("fundingCap")),
          ),
          [...byStage.entries()].map(([s, v]) =>
            h(
              "tr",
              { "data-stage": s },
              h("td", {}, stage(s)),
              h("td", {}, v.count),
              h("td", { class: "money" }, yuan(v.fen)),
            ),
          ),
          h(
            "tr",
            {},
            h("th", {}, t("total")),
            h("th", {}, challenges.length),
            h("th", { class: "money" }, yuan(totalFen)),
          ),
        ),
        challenges.length === 0
          ? h("p", { class: "muted" }, t("noChallenges"))
          : h(
              "table",
              { "data-testid": "challenges" },
              h(
                "tr",
                {},
                h("th", {}, t("title")),
                h("th", {}, t("status")),
                h("th", { class: "money" }, t("fundingCap")),
                h("th", {}, t("waitingFor")),
              ),
              challenges.map((c) =>
                h(
                  "tr",
                  { "data-challenge": c.id },
                  h("td", {}, c.title),
                  h("td", {}, stage(c.status)),
                  h("td", { class: "money" }, yuan(c.fundingCapFen)),
                  h("td", {}, c.waitingFor ? `${c.waitingFor.kind} · ${when(c.waitingFor.since)}` : ""),
                ),
              ),
            ),
      ),
    );
  }
  show(...sections);
}

// ---- executions inspector -----------------------------------------------------------------------------------------
const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

async function executionsPage(params) {
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
  show(
    h("h1", {}, t("executions")),
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
  await load();
}

const json = (value) => h("pre", {}, value === undefined ? "" : JSON.stringify(value, null, 2));

async function executionPage(encodedArn) {
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
            h(
              "td",
              {},
              `${role(p.waitedOn.role)} · ${lang() === "en" ? p.waitedOn.what : p.waitedOn.whatZh}`,
            ),
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
          h("td", {}, s.status, s.error ? h("div", { class: "error" }, s.error) : null),
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

// ---- frame ----------------------------------------------------------------------------------------------------------
function failed(error) {
  show(h("p", { class: "error", "data-testid": "page-error" }, `${t("error")}: ${error.message}`));
}

function frame(route) {
  document.querySelectorAll("[data-i18n]").forEach((node) => {
    node.textContent = t(node.dataset.i18n);
  });
  document.title = t("brand");
  document.getElementById("lang").textContent = lang() === "en" ? "中文" : "English";
  const who = claims();
  document.getElementById("who").textContent = who
    ? `${who.sub} · ${[].concat(who["cognito:groups"] ?? []).join(",")}`
    : "";
  document.getElementById("signout").hidden = !who;
  const nav = document.getElementById("nav");
  nav.replaceChildren(
    ...(who
      ? [
          h(
            "a",
            { href: "#/programmes", class: route === "programmes" ? "active" : undefined },
            t("programmes"),
          ),
          h(
            "a",
            { href: "#/executions", class: route.startsWith("execution") ? "active" : undefined },
            t("executions"),
          ),
        ]
      : []),
  );
}

async function render() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [route, ...rest] = (path || "programmes").split("/");
  const signedIn = Boolean(sessionStorage.getItem(TOKEN));
  frame(signedIn ? route : "signin");
  if (!signedIn || route === "signin") return signInPage();
  show(h("p", { class: "muted" }, t("loading")));
  try {
    if (route === "executions") await executionsPage(new URLSearchParams(query));
    else if (route === "execution") await executionPage(rest.join("/"));
    else await programmesPage();
  } catch (error) {
    failed(error);
  }
}

document.getElementById("lang").addEventListener("click", () => {
  setLang(lang() === "en" ? "zh" : "en");
  render();
});
document.getElementById("signout").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN);
  location.hash = "#/signin";
});
window.addEventListener("hashchange", render);
setLang(lang());
render();
