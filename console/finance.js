// Operators' console: the finance pages (财政) — the payment queue of eligible tranches with its filters, a programme's
// ledger (balances by account, the rebuild agreement, the finance report's figures, the transactions page by page),
// recoveries (追回), and the charts: funds committed / disbursed / recovered over time and leverage by programme.
import { barChart, lineChart } from "./charts.js";
import { api, apiAll, h, show } from "./dom.js";
import { conditionText, label, lang, stage, t, tf, when, yuan } from "./i18n.js";

const programmeName = (p) => (lang() === "en" ? p.name : p.nameZh);
const projectLink = (id) => h("a", { href: `#/project/${encodeURIComponent(id)}` }, id);

async function programmes() {
  return apiAll("/v1/programmes?limit=100");
}

/** A <select> of programmes; `allowAll` adds "all programmes" (value ""). */
function programmeSelect(list, selected, allowAll, onchange) {
  return h(
    "select",
    { name: "programmeId", "data-testid": "programme-select", onchange },
    allowAll
      ? h("option", { value: "" }, t("allProgrammes"))
      : h("option", { value: "", disabled: true, selected: !selected }, t("choose")),
    list.map((p) =>
      h("option", { value: p.id, selected: p.id === selected }, `${programmeName(p)} (${p.id})`),
    ),
  );
}

// ---- the payment queue ------------------------------------------------------------------------------------------
export async function paymentQueuePage(params) {
  const list = await programmes();
  const filter = {
    programmeId: params.get("programmeId") ?? "",
    enterprise: params.get("enterprise") ?? "",
    dueSince: params.get("dueSince") ?? "",
  };
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  const items = (await api(`/v1/payments/queue?${query}`)).items;
  const names = new Map(list.map((p) => [p.id, programmeName(p)]));
  const form = h(
    "form",
    { class: "filters", "data-testid": "queue-filters" },
    t("programme"),
    programmeSelect(list, filter.programmeId, true),
    t("payee"),
    h("input", { name: "enterprise", value: filter.enterprise, size: 14 }),
    t("dueSince"),
    h("input", { name: "dueSince", type: "date", value: filter.dueSince }),
    h("button", { type: "submit" }, t("filter")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams([...data.entries()].filter(([, v]) => v));
    location.hash = `#/finance/queue?${next}`;
  });
  const total = items.reduce((s, i) => s + i.amountFen, 0);
  show(
    h("h1", {}, t("paymentQueue")),
    form,
    items.length === 0
      ? h("p", { class: "muted", "data-testid": "queue-empty" }, t("queueEmpty"))
      : h(
          "table",
          { "data-testid": "payment-queue" },
          h(
            "tr",
            {},
            h("th", {}, t("project")),
            h("th", {}, t("programme")),
            h("th", {}, t("tranche")),
            h("th", {}, t("payee")),
            h("th", {}, t("condition")),
            h("th", {}, t("eligibleAt")),
            h("th", { class: "money" }, t("amount")),
          ),
          items.map((i) =>
            h(
              "tr",
              { "data-tranche": i.trancheId },
              h("td", {}, projectLink(i.projectId)),
              h("td", {}, names.get(i.programmeId) ?? i.programmeId),
              h("td", {}, tf("trancheN", { n: i.index })),
              h("td", {}, i.payeeOrganisationId),
              h(
                "td",
                {},
                conditionText(i.condition),
                i.evidence?.by ? h("div", { class: "muted" }, `${t("confirmedBy")} ${i.evidence.by}`) : null,
                i.lastRejection
                  ? h("div", { class: "error" }, `${t("lastRejection")}: ${i.lastRejection.reason}`)
                  : null,
              ),
              h("td", {}, when(i.evidence?.at)),
              h("td", { class: "money" }, yuan(i.amountFen)),
            ),
          ),
          h(
            "tr",
            {},
            h("th", { colspan: 6 }, `${t("total")} (${items.length})`),
            h("th", { class: "money", "data-testid": "queue-total" }, yuan(total)),
          ),
        ),
  );
}

// ---- the ledger -----------------------------------------------------------------------------------------------------
function figuresCard(report) {
  const figure = (key, fen, testid) =>
    h(
      "div",
      { class: "figure", "data-testid": testid },
      h("div", { class: "muted" }, t(key)),
      h("strong", {}, fen),
    );
  return h(
    "div",
    { class: "card" },
    h("h2", {}, t("report")),
    h(
      "div",
      { class: "figures" },
      figure("budget", yuan(report.budgetFen), "figure-budget"),
      figure("committed", yuan(report.committedFen), "figure-committed"),
      figure("disbursed", yuan(report.disbursedFen), "figure-disbursed"),
      figure("recovered", yuan(report.recoveredFen), "figure-recovered"),
      figure("recoverable", yuan(report.recoverableFen), "figure-recoverable"),
      figure("outstanding", yuan(report.outstandingFen), "figure-outstanding"),
      figure(
        "budgetLeft",
        report.budgetLeftFen === null ? "—" : yuan(report.budgetLeftFen),
        "figure-budget-left",
      ),
      figure("leverage", report.leverage ?? "—", "figure-leverage"),
    ),
    h(
      "p",
      { class: report.agree ? "ok" : "error", "data-testid": "report-agreement" },
      report.agree ? `✓ ${t("recordsAndLedgerAgree")}` : `✗ ${t("recordsAndLedgerDisagree")}`,
    ),
  );
}

function accountName(id) {
  const kind = id.slice(id.lastIndexOf(":") + 1);
  const owner = id.slice(id.indexOf(":") + 1, id.lastIndexOf(":"));
  return { kind, owner, text: `${label(kind)}` };
}

function balancesTable(ledger) {
  const ids = [...new Set([...Object.keys(ledger.balances), ...Object.keys(ledger.rebuilt)])].sort();
  return h(
    "table",
    { "data-testid": "balances" },
    h(
      "tr",
      {},
      h("th", {}, t("account")),
      h("th", {}, t("kind")),
      h("th", { class: "money" }, t("stored")),
      h("th", { class: "money" }, t("rebuilt")),
      h("th", {}, ""),
    ),
    ids.map((id) => {
      const stored = ledger.balances[id] ?? 0;
      const rebuilt = ledger.rebuilt[id] ?? 0;
      const { owner, text } = accountName(id);
      return h(
        "tr",
        { "data-account": id },
        h("td", {}, h("code", {}, id), h("div", { class: "muted" }, owner)),
        h("td", {}, text),
        h("td", { class: "money" }, yuan(stored)),
        h("td", { class: "money" }, yuan(rebuilt)),
        h(
          "td",
          { class: stored === rebuilt ? "ok" : "error" },
          stored === rebuilt ? `✓ ${t("agrees")}` : `✗ ${t("disagrees")}`,
        ),
      );
    }),
  );
}

async function entriesSection(programmeId) {
  const rows = h("tbody");
  const more = h("button", { type: "button", hidden: true }, t("more"));
  const empty = h("p", { class: "muted", hidden: true }, t("noEntries"));
  const error = h("p", { class: "error" });
  let cursor;
  const load = async () => {
    const query = new URLSearchParams({ limit: "50", ...(cursor ? { cursor } : {}) });
    const page = await api(`/v1/programmes/${encodeURIComponent(programmeId)}/ledger/entries?${query}`);
    for (const x of page.items) {
      rows.append(
        h(
          "tr",
          { "data-entry": x.id },
          h("td", {}, when(x.postedAt)),
          h("td", {}, label(x.kind), h("div", { class: "muted" }, x.id)),
          h("td", {}, x.projectId ? projectLink(x.projectId) : ""),
          h(
            "td",
            {},
            x.entries.map((e) =>
              h(
                "div",
                { class: "entry" },
                e.debitFen > 0 ? `${t("debit")} ` : `\u3000${t("credit")} `,
                h("code", {}, e.account),
                ` ${yuan(e.debitFen > 0 ? e.debitFen : e.creditFen)}`,
              ),
            ),
          ),
          h("td", { class: "money" }, yuan(x.amountFen)),
        ),
      );
    }
    cursor = page.next;
    more.hidden = !cursor;
    empty.hidden = rows.children.length > 0;
  };
  more.addEventListener("click", () =>
    load().catch((e) => {
      error.textContent = `${t("error")}: ${e.message}`;
    }),
  );
  await load();
  return [
    h("h2", {}, t("entries")),
    h(
      "table",
      { "data-testid": "ledger-entries" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, t("posted")),
          h("th", {}, t("kind")),
          h("th", {}, t("project")),
          h("th", {}, `${t("debit")} / ${t("credit")}`),
          h("th", { class: "money" }, t("amount")),
        ),
      ),
      rows,
    ),
    empty,
    more,
    error,
  ];
}

export async function ledgerPage(params) {
  const list = await programmes();
  const programmeId = params.get("programmeId") ?? list[0]?.id ?? "";
  const select = programmeSelect(list, programmeId, false, (e) => {
    location.hash = `#/finance/ledger?${new URLSearchParams({ programmeId: e.target.value })}`;
  });
  if (!programmeId) {
    show(h("h1", {}, t("ledger")), h("p", { class: "muted" }, t("noProgrammes")));
    return;
  }
  const base = `/v1/programmes/${encodeURIComponent(programmeId)}`;
  const [ledger, report] = await Promise.all([api(`${base}/ledger`), api(`${base}/finance-report`)]);
  const entries = await entriesSection(programmeId);
  show(
    h("h1", {}, t("ledger")),
    h("div", { class: "filters" }, t("programme"), select),
    figuresCard(report),
    h("h2", {}, t("balances")),
    h(
      "p",
      { class: ledger.agrees ? "ok" : "error", "data-testid": "rebuild-agreement" },
      ledger.agrees ? `✓ ${tf("rebuildAgrees", { n: ledger.transactions })}` : `✗ ${t("rebuildDisagrees")}`,
    ),
    balancesTable(ledger),
    ...entries,
  );
}

// ---- recoveries -------------------------------------------------------------------------------------------------
export async function recoveriesPage(params) {
  const status = params.get("status") ?? "";
  const items = (await api(`/v1/recoveries${status ? `?status=${encodeURIComponent(status)}` : ""}`)).items;
  const select = h(
    "select",
    {
      "data-testid": "recovery-status",
      onchange: (e) => {
        location.hash = `#/finance/recoveries${e.target.value ? `?status=${e.target.value}` : ""}`;
      },
    },
    h("option", { value: "" }, t("allStatuses")),
    ["assessed", "recovered", "waived"].map((s) =>
      h("option", { value: s, selected: s === status }, stage(s)),
    ),
  );
  show(
    h("h1", {}, t("recoveries")),
    h("div", { class: "filters" }, t("status"), select),
    items.length === 0
      ? h("p", { class: "muted" }, t("noRecoveries"))
      : h(
          "table",
          { "data-testid": "recoveries" },
          h(
            "tr",
            {},
            h("th", {}, t("project")),
            h("th", {}, t("reason")),
            h("th", {}, t("status")),
            h("th", {}, t("payer")),
            h("th", {}, t("decidedOn")),
            h("th", { class: "money" }, t("amount")),
            h("th", { class: "money" }, t("received")),
            h("th", { class: "money" }, t("outstanding")),
          ),
          items.map((r) =>
            h(
              "tr",
              { "data-recovery": r.id },
              h("td", {}, projectLink(r.projectId)),
              h("td", {}, label(r.reason)),
              h("td", {}, h("span", { class: `status ${r.status}` }, stage(r.status))),
              h("td", {}, r.payerOrganisationId),
              h("td", {}, r.decidedOn),
              h("td", { class: "money" }, yuan(r.amountFen)),
              h("td", { class: "money" }, yuan(r.receivedFen)),
              h("td", { class: "money" }, yuan(r.outstandingFen)),
            ),
          ),
        ),
  );
}

// ---- charts -------------------------------------------------------------------------------------------------------
export async function financeChartsPage(params) {
  const list = await programmes();
  const programmeId = params.get("programmeId") ?? "";
  const data = await api(
    `/v1/finance/series${programmeId ? `?programmeId=${encodeURIComponent(programmeId)}` : ""}`,
  );
  const select = programmeSelect(list, programmeId, true, (e) => {
    location.hash = `#/finance/charts${e.target.value ? `?programmeId=${encodeURIComponent(e.target.value)}` : ""}`;
  });
  const lines = [
    { key: "committedFen", label: t("committed"), color: "#1f6feb" },
    { key: "disbursedFen", label: t("disbursed"), color: "#2f7d4f" },
    { key: "recoveredFen", label: t("recovered"), color: "#b4232a" },
  ];
  const withLeverage = data.programmes.filter((p) => p.leverage !== null);
  show(
    h("h1", {}, t("charts")),
    h(
      "div",
      { class: "filters" },
      t("programme"),
      select,
      h("span", { class: "muted" }, `${t("asOf")} ${when(data.asOf)}`),
    ),
    h("h2", {}, t("fundsOverTime")),
    data.series.length === 0
      ? h("p", { class: "muted" }, t("noSeries"))
      : h("div", { class: "chart-box" }, lineChart(data.series, lines, yuan)),
    h(
      "p",
      { class: "muted", "data-testid": "totals" },
      `${t("committed")} ${yuan(data.totals.committedFen)} · ${t("disbursed")} ${yuan(data.totals.disbursedFen)} · ${t("recovered")} ${yuan(data.totals.recoveredFen)}`,
    ),
    h("h2", {}, t("leverageByProgramme")),
    withLeverage.length === 0
      ? h("p", { class: "muted" }, t("noSeries"))
      : h(
          "div",
          { class: "chart-box" },
          barChart(
            withLeverage.map((p) => ({
              key: p.programmeId,
              label: programmeName(p),
              // Display only: the API's exact decimal string, read as a number to size the bar.
              value: Number(p.leverage),
              text: `${p.leverage} : 1`,
            })),
          ),
        ),
    h(
      "table",
      { "data-testid": "programme-figures" },
      h(
        "tr",
        {},
        h("th", {}, t("programme")),
        h("th", {}, t("projects")),
        h("th", { class: "money" }, t("committed")),
        h("th", { class: "money" }, t("disbursed")),
        h("th", { class: "money" }, t("recovered")),
        h("th", { class: "money" }, t("rdInvestment")),
        h("th", { class: "money" }, t("leverage")),
      ),
      data.programmes.map((p) =>
        h(
          "tr",
          { "data-programme": p.programmeId },
          h(
            "td",
            {},
            h(
              "a",
              { href: `#/finance/ledger?programmeId=${encodeURIComponent(p.programmeId)}` },
              programmeName(p),
            ),
          ),
          h("td", {}, p.projects),
          h("td", { class: "money" }, yuan(p.committedFen)),
          h("td", { class: "money" }, yuan(p.disbursedFen)),
          h("td", { class: "money" }, yuan(p.recoveredFen)),
          h("td", { class: "money" }, yuan(p.enterpriseInvestmentFen)),
          h("td", { class: "money" }, p.leverage ?? "—"),
        ),
      ),
    ),
  );
}
