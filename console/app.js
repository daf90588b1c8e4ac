// Operators' console: the single-page app — sign-in, programmes and challenges by stage, the frame and the routes to
// the other pages (the executions inspector in executions.js, a project in project.js, finance in finance.js).
// Plain ES modules with no build; it reads only the public API (/v1) plus /local/token for the local sign-in.
import { config } from "./config.js";
import { api, apiAll, can, claims, failed, h, myRoles, show, TOKEN } from "./dom.js";
import { executionPage, executionsPage } from "./executions.js";
import { financeChartsPage, ledgerPage, paymentQueuePage, recoveriesPage } from "./finance.js";
import { completeHostedSignIn, hostedSignInPage, hostedSignOutUrl } from "./hosted-ui.js";
import { lang, role, setLang, stage, t, waitingFor, when, yuan } from "./i18n.js";
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

// ---- frame ----------------------------------------------------------------------------------------------------------
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
