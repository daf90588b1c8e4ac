// Operators' console: the single-page app — sign-in, programmes and challenges by stage, and the executions
// inspector (the stuck ones from the sweep; list by state machine and status; one execution's graph, path, steps,
// history and pending human tasks).
// Plain ES modules with no build; it reads only the public API (/v1) plus /local/token for the local sign-in.
import { config } from "./config.js";
import { api, apiAll, can, claims, h, myRoles, show, TOKEN } from "./dom.js";
import { financeChartsPage, ledgerPage, paymentQueuePage, recoveriesPage } from "./finance.js";
import { renderGraph } from "./graph.js";
import { completeHostedSignIn, hostedSignInPage, hostedSignOutUrl } from "./hosted-ui.js";
import { label, lang, role, setLang, stage, t, tf, waitingFor, when, yuan } from "./i18n.js";
import { projectPage } from "./project.js";

// ---- sign-in ----------------------------------------------------------------------------------------------------
function signInPage() {
  // In AWS: Cognito's Hosted UI (console/hosted-ui.js); locally: the form below asks the runtime for a token.
  if (config.signIn === "cognito") return hostedSignInPage(config.cognito);
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
        ["admin", "auditor", "bureau", "approver", "finance"].map((r) =>
          h("option", { value: r }, `${r} · ${role(r)}`),
        ),
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
    location.hash = data.get("role") === "finance" ? "#/finance/queue" : "#/programmes";
  });
  show(form);
}

// ---- programmes and challenges by stage ---------------------------------------------------------------------------
const readsChallenges = () => can("bureau", "approver", "admin", "auditor");
const readsProjects = () => can("bureau", "approver", "finance", "admin", "auditor");

async function allChallenges(programmeId) {
  if (!readsChallenges()) return [];
  return apiAll(`/v1/challenges?${new URLSearchParams({ programmeId, limit: "100" })}`);
}

/** A programme's projects, each linking to its project page. */
function projectsTable(projects) {
  if (projects.length === 0) return h("p", { class: "muted" }, t("noProjects"));
  return h(
    "table",
    { "data-testid": "projects" },
    h(
      "tr",
      {},
      h("th", {}, t("project")),
      h("th", {}, t("enterprise")),
      h("th", {}, t("solverLead")),
      h("th", {}, t("status")),
      h("th", { class: "money" }, t("grant")),
      h("th", { class: "money" }, t("rdInvestment")),
    ),
    projects.map((p) =>
      h(
        "tr",
        { "data-project": p.id },
        h("td", {}, h("a", { href: `#/project/${encodeURIComponent(p.id)}` }, p.id)),
        h("td", {}, p.enterprise?.name ?? p.enterprise?.organisationId ?? ""),
        h("td", {}, p.solverLead?.name ?? p.solverLead?.organisationId ?? ""),
        h("td", {}, stage(p.status)),
        h("td", { class: "money" }, yuan(p.grantFen)),
        h("td", { class: "money" }, yuan(p.rdInvestmentFen)),
      ),
    ),
  );
}

async function programmesPage() {
  const programmes = (await api("/v1/programmes?limit=100")).items;
  const sections = [h("h1", {}, t("programmes"))];
  if (programmes.length === 0) sections.push(h("p", { class: "muted" }, t("noProgrammes")));
  for (const p of programmes) {
    const challenges = await allChallenges(p.id);
    const projects = readsProjects()
      ? await apiAll(`/v1/projects?${new URLSearchParams({ programmeId: p.id, limit: "100" })}`)
      : [];
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
        !readsChallenges()
          ? null
          : h(
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
        !readsChallenges()
          ? null
          : challenges.length === 0
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
                    h(
                      "td",
                      { "data-testid": "waiting-for" },
                      c.waitingFor ? `${waitingFor(c.waitingFor.kind)} · ${when(c.waitingFor.since)}` : "",
                    ),
                  ),
                ),
              ),
        readsProjects() ? h("h3", {}, t("projects")) : null,
        readsProjects() ? projectsTable(projects) : null,
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
  const links = [
    ["#/programmes", "programmes", ["programmes", "project"], null],
    ["#/executions", "executions", ["executions", "execution"], ["admin", "auditor"]],
    ["#/finance/queue", "paymentQueue", ["finance/queue"], ["finance", "auditor"]],
    ["#/finance/ledger", "ledger", ["finance/ledger"], ["finance", "auditor"]],
    ["#/finance/recoveries", "recoveries", ["finance/recoveries"], ["finance", "auditor"]],
    ["#/finance/charts", "charts", ["finance/charts"], ["finance", "auditor"]],
  ];
  nav.replaceChildren(
    ...(who
      ? links
          .filter(([, , , roles]) => !roles || myRoles().some((r) => roles.includes(r)))
          .map(([href, key, routes]) =>
            h("a", { href, class: routes.includes(route) ? "active" : undefined }, t(key)),
          )
      : []),
  );
}

async function render() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [first, ...rest] = (path || "programmes").split("/");
  const route = first === "finance" ? `finance/${rest[0] ?? "queue"}` : first;
  const params = new URLSearchParams(query);
  const signedIn = Boolean(sessionStorage.getItem(TOKEN));
  frame(signedIn ? route : "signin");
  if (!signedIn || route === "signin") return signInPage();
  show(h("p", { class: "muted" }, t("loading")));
  try {
    if (route === "executions") await executionsPage(params);
    else if (route === "execution") await executionPage(rest.join("/"));
    else if (route === "project") await projectPage(decodeURIComponent(rest.join("/")));
    else if (route === "finance/queue") await paymentQueuePage(params);
    else if (route === "finance/ledger") await ledgerPage(params);
    else if (route === "finance/recoveries") await recoveriesPage(params);
    else if (route === "finance/charts") await financeChartsPage(params);
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
  if (config.signIn === "cognito") location.assign(hostedSignOutUrl(config.cognito));
  else location.hash = "#/signin";
});
window.addEventListener("hashchange", render);
setLang(lang());
// Back from the Hosted UI with ?code=: exchange it for the ID token first.
if (config.signIn === "cognito") await completeHostedSignIn(config.cognito).catch(() => false);
render();
