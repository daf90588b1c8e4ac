// Workbench: a programme's ledger (资金台账) — the finance report's figures (each said in words), the balances by
// account (named in words: what kind of money and whose) with the rebuild from entries beside them, and the ledger
// transactions page by page.

import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { loadProgrammes, moneyColumn, ProgrammeSelect, ProjectLink } from "../common.tsx";
import { jsonReport } from "./report-csv.ts";

type Report = Answer<"/v1/programmes/{programmeId}/finance-report">;
type LedgerAnswer = Answer<"/v1/programmes/{programmeId}/ledger">;
type EntriesPage = Answer<"/v1/programmes/{programmeId}/ledger/entries">;
type Transaction = EntriesPage["items"][number];

async function loadLedger(programmeId: string) {
  const path = { params: { path: { programmeId } } };
  const [ledger, report, first] = await Promise.all([
    body(client.GET("/v1/programmes/{programmeId}/ledger", path)),
    body(client.GET("/v1/programmes/{programmeId}/finance-report", path)),
    body(
      client.GET("/v1/programmes/{programmeId}/ledger/entries", {
        params: { path: { programmeId }, query: { limit: 50 } },
      }),
    ),
  ]);
  return { ledger, report: jsonReport(report), first };
}

/** `prg:<programmeId>:<kind>` or `prj:<projectId>:<kind>` in words: "已拨付 · 项目 prj-1". */
/** The owner part of an account's name in words ("项目 <title> · 已承诺" → "项目 <title>"). */
export const ownerOf = (name: string | undefined): string | undefined =>
  name?.includes(" · ") ? name.slice(0, name.lastIndexOf(" · ")) : undefined;

export function useAccountName(): (id: string) => { kind: string; owner: string } {
  const { label, t } = useWords();
  return (id) => {
    const [scope = "", ...rest] = id.split(":");
    const kind = rest.pop() ?? "";
    const owner = rest.join(":");
    const whose = scope === "prj" ? t("project") : scope === "prg" ? t("programme") : scope;
    return { kind: label(kind), owner: `${whose} ${owner}`.trim() };
  };
}

function Figures({ report }: { report: Report }) {
  const { t } = useWords();
  const figure = (word: WordKey, value: string, testid: string, hint?: string) => (
    <Col xs={12} md={6} key={testid}>
      <Card size="small" data-testid={testid}>
        <Statistic
          title={hint ? <Tooltip title={hint}>{t(word)} ⓘ</Tooltip> : t(word)}
          value={value}
          styles={{ content: { fontSize: 18, fontVariantNumeric: "tabular-nums" } }}
        />
        {hint ? (
          <div className="muted" style={{ fontSize: 12 }}>
            {hint}
          </div>
        ) : null}
      </Card>
    </Col>
  );
  const left = report.budgetLeftFen;
  return (
    <Card title={t("report")} style={{ marginBottom: 16 }}>
      <Row gutter={[12, 12]}>
        {figure("budget", yuan(report.budgetFen), "figure-budget", t("budgetHint"))}
        {figure("committed", yuan(report.committedFen), "figure-committed")}
        {figure("disbursed", yuan(report.disbursedFen), "figure-disbursed")}
        {figure("outstanding", yuan(report.outstandingFen), "figure-outstanding", t("outstandingHint"))}
        {figure("recovered", yuan(report.recoveredFen), "figure-recovered")}
        {figure("recoverable", yuan(report.recoverableFen), "figure-recoverable")}
        {figure("budgetLeft", left === null ? "—" : yuan(left), "figure-budget-left", t("budgetLeftHint"))}
        {figure("leverage", report.leverage !== null ? `${report.leverage} : 1` : "—", "figure-leverage")}
      </Row>
      <Alert
        style={{ marginTop: 12 }}
        data-testid="report-agreement"
        type={report.agree ? "success" : "error"}
        showIcon
        title={report.agree ? t("recordsAndLedgerAgree") : t("recordsAndLedgerDisagree")}
      />
    </Card>
  );
}

interface Balance {
  id: string;
  stored: number;
  rebuilt: number;
}

function Entries({ programmeId, first }: { programmeId: string; first: EntriesPage }) {
  const { t, label, named } = useWords();
  const account = useAccountName();
  const [items, setItems] = useState<Transaction[]>(first.items);
  const [next, setNext] = useState<string | undefined>(first.next);
  const [error, setError] = useState("");
  const more = async () => {
    try {
      const page = await body(
        client.GET("/v1/programmes/{programmeId}/ledger/entries", {
          params: { path: { programmeId }, query: { limit: 50, ...(next ? { cursor: next } : {}) } },
        }),
      );
      setItems((xs) => [...xs, ...page.items]);
      setNext(page.next);
    } catch (e) {
      setError(String((e as Error).message));
    }
  };
  return (
    <>
      <Typography.Title level={2}>{t("entries")}</Typography.Title>
      {items.length === 0 ? (
        <Empty description={t("noEntries")} />
      ) : (
        <DataTable<Transaction>
          testid="ledger-entries"
          size="small"
          pagination={false}
          rowKey={(x) => x.id}
          dataSource={items}
          onRow={(x) => ({ "data-entry": x.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t("posted"), key: "posted", render: (_, x) => when(x.postedAt) },
            {
              title: t("kind"),
              key: "kind",
              render: (_, x) => (
                <>
                  {label(x.kind)}
                  <div className="muted">{x.id}</div>
                </>
              ),
            },
            {
              title: t("project"),
              key: "project",
              // By the title the API gives the project's accounts (项目 <title> · 已承诺), the id beneath it.
              render: (_, x) => {
                if (!x.projectId) return "";
                const own = x.entries.find((e) => e.account.startsWith(`prj:${x.projectId}:`));
                const owner = own ? ownerOf(named(own.accountName, own.accountNameZh)) : undefined;
                const title = owner?.replace(/^(项目|Project)\s+/, "");
                return (
                  <ProjectLink id={x.projectId} title={title && title !== x.projectId ? title : undefined} />
                );
              },
            },
            {
              title: `${t("debit")} / ${t("credit")}`,
              key: "lines",
              render: (_, x) =>
                x.entries.map((e) => {
                  const a = account(e.account);
                  const debit = (e.debitFen ?? 0) > 0;
                  // The API names the account (项目 <title> · 已承诺): its owner in words, the id only in the title.
                  const owner = ownerOf(named(e.accountName, e.accountNameZh)) ?? a.owner;
                  return (
                    <div key={`${e.account}${debit}`} title={e.account}>
                      {debit ? t("debit") : `\u3000${t("credit")}`} {a.kind}
                      <span className="muted"> ({owner})</span>{" "}
                      <span className="money">{yuan(debit ? e.debitFen : e.creditFen)}</span>
                    </div>
                  );
                }),
            },
            moneyColumn<Transaction>(t("amount"), (x) => x.amountFen, "amount"),
          ]}
        />
      )}
      {next ? (
        <Button onClick={more} style={{ marginTop: 8 }}>
          {t("more")}
        </Button>
      ) : null}
      {error ? <Alert type="error" title={error} /> : null}
    </>
  );
}

function LedgerView({
  programmeId,
  ledger,
  report,
  first,
}: {
  programmeId: string;
  ledger: LedgerAnswer;
  report: Report;
  first: EntriesPage;
}) {
  const { t, tf, named } = useWords();
  const account = useAccountName();
  const names = (id: string) => {
    const n = ledger.accountNames[id];
    return n ? named(n.accountName, n.accountNameZh) : undefined;
  };
  const stored = new Map(Object.entries(ledger.balances));
  const rebuilt = new Map(Object.entries(ledger.rebuilt));
  const balances: Balance[] = [...new Set([...stored.keys(), ...rebuilt.keys()])].sort().map((id) => ({
    id,
    stored: stored.get(id) ?? 0,
    rebuilt: rebuilt.get(id) ?? 0,
  }));
  return (
    <>
      <Figures report={report} />
      <Typography.Title level={2}>{t("balances")}</Typography.Title>
      <Alert
        data-testid="rebuild-agreement"
        type={ledger.agrees ? "success" : "error"}
        showIcon
        title={ledger.agrees ? tf("rebuildAgrees", { n: ledger.transactions }) : t("rebuildDisagrees")}
        style={{ marginBottom: 12 }}
      />
      <DataTable<Balance>
        testid="balances"
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={balances}
        onRow={(b) => ({ "data-account": b.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("account"), key: "kind", render: (_, b) => account(b.id).kind },
          {
            title: t("accountOwner"),
            key: "owner",
            render: (_, b) => (
              <>
                {ownerOf(names(b.id)) ?? account(b.id).owner}
                <div className="muted">
                  <code>{b.id}</code>
                </div>
              </>
            ),
          },
          moneyColumn<Balance>(t("stored"), (b) => b.stored, "stored"),
          moneyColumn<Balance>(t("rebuilt"), (b) => b.rebuilt, "rebuilt"),
          {
            title: "",
            key: "ok",
            render: (_, b) =>
              b.stored === b.rebuilt ? (
                <span className="ok">✓ {t("agrees")}</span>
              ) : (
                <span className="bad">✗ {t("disagrees")}</span>
              ),
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Entries key={programmeId} programmeId={programmeId} first={first} />
    </>
  );
}

export default function LedgerPage() {
  const { t } = useWords();
  const [params, setParams] = useSearchParams();
  const programmes = useLoad(loadProgrammes, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("ledger")}
      </Typography.Title>
      <Show loaded={programmes}>
        {(list) => {
          const programmeId = params.get("programmeId") ?? list[0]?.id ?? "";
          return list.length === 0 ? (
            <Empty description={t("noProgrammes")} />
          ) : (
            <>
              <Space style={{ marginBottom: 16 }}>
                {t("programme")}
                <ProgrammeSelect
                  programmes={list}
                  value={programmeId}
                  allowAll={false}
                  onChange={(id) => setParams({ programmeId: id })}
                />
              </Space>
              <LedgerLoaded programmeId={programmeId} />
            </>
          );
        }}
      </Show>
    </section>
  );
}

function LedgerLoaded({ programmeId }: { programmeId: string }) {
  const loaded = useLoad(() => loadLedger(programmeId), [programmeId]);
  return <Show loaded={loaded}>{(data) => <LedgerView programmeId={programmeId} {...data} />}</Show>;
}
