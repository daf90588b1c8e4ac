// Workbench: the finance report (财务报表) — a programme's, or all programmes' together: budget, committed, disbursed,
// recovered, budget left, leverage, and whether the business records agree with the ledger; downloaded as a CSV for a
// spreadsheet (built in the browser from the typed report: yuan to the fen, a BOM for Excel).
import { Alert, Button, Card, Descriptions, Space, Typography } from "antd";
import { useSearchParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import {
  loadProgrammes,
  moneyColumn,
  type Programme,
  ProgrammeSelect,
  useProgrammeNames,
} from "../common.tsx";
import { type CsvWords, checkWords, financeReportCsv, jsonReport, reportFigures } from "./report-csv.ts";

type ProgrammeReport = Answer<"/v1/programmes/{programmeId}/finance-report">;
type TotalReport = Answer<"/v1/finance-report">;

async function loadReport(programmeId: string) {
  const [programmes, report] = await Promise.all([
    loadProgrammes(),
    programmeId
      ? body(
          client.GET("/v1/programmes/{programmeId}/finance-report", {
            params: { path: { programmeId }, query: {} },
          }),
        )
      : body(client.GET("/v1/finance-report", { params: { query: {} } })),
  ]);
  return { programmes, report: jsonReport<ProgrammeReport | TotalReport>(report) };
}

/** Saves text as a file through a temporary link (the browser's download). */
function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export default function FinanceReportPage() {
  const { t } = useWords();
  const [params, setParams] = useSearchParams();
  const programmeId = params.get("programmeId") ?? "";
  const loaded = useLoad(() => loadReport(programmeId), [programmeId]);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("financeReport")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ programmes, report }) => (
          <ReportBody
            programmes={programmes}
            report={report}
            programmeId={programmeId}
            choose={(id) => setParams(id ? { programmeId: id } : {})}
          />
        )}
      </Show>
    </section>
  );
}

function ReportBody(props: {
  programmes: Programme[];
  report: ProgrammeReport | TotalReport;
  programmeId: string;
  choose: (id: string) => void;
}) {
  const { t } = useWords();
  const name = useProgrammeNames(props.programmes);
  const { report } = props;
  const csvWords = Object.fromEntries(
    (
      [
        ...reportFigures.map(([, w]) => w),
        ...Object.values(checkWords),
        "programme",
        "reportScopeAll",
        "finFigure",
        "amountYuan",
        "fromRecords",
        "fromLedger",
        "agrees",
        "disagrees",
        "leverage",
        "recordsAndLedgerAgree",
        "programmeCode",
        "perProgramme",
      ] as const
    ).map((k) => [k, t(k)]),
  ) as CsvWords;
  const save = () =>
    download(financeReportCsv(report, csvWords, name), `finance-report-${props.programmeId || "total"}.csv`);
  type Check = (typeof report.checks)[number];
  type Row = TotalReport["programmes"][number];
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Space wrap>
        {t("programme")}
        <ProgrammeSelect
          programmes={props.programmes}
          value={props.programmeId}
          allowAll
          onChange={props.choose}
        />
        <Button type="primary" onClick={save} data-testid="download-csv">
          {t("downloadCsv")}
        </Button>
      </Space>
      <Alert
        type={report.agree ? "success" : "error"}
        showIcon
        data-testid="report-agree"
        title={report.agree ? t("recordsAndLedgerAgree") : t("recordsAndLedgerDisagree")}
      />
      <Card size="small" title={props.programmeId ? name(props.programmeId) : t("reportScopeAll")}>
        <Descriptions bordered size="small" column={1} data-testid="report-figures">
          {reportFigures.map(([key, word]) => (
            <Descriptions.Item key={key} label={t(word)}>
              <span className="money" data-figure={key}>
                {yuan(report[key])}
              </span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t("leverage")}>
            {report.leverage === null ? "—" : `${report.leverage} : 1`}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <DataTable<Check>
        testid="report-checks"
        size="small"
        pagination={false}
        rowKey={(c) => c.figure}
        dataSource={report.checks}
        columns={[
          { title: t("finFigure"), key: "figure", render: (_, c) => t(checkWords[c.figure]) },
          moneyColumn<Check>(t("fromRecords"), (c) => c.records, "records"),
          moneyColumn<Check>(t("fromLedger"), (c) => c.ledger, "ledger"),
          {
            title: t("agrees"),
            key: "agree",
            render: (_, c) => (c.agree ? t("agrees") : <span className="bad">{t("disagrees")}</span>),
          },
        ]}
      />
      {"programmes" in report ? (
        <DataTable<Row>
          testid="report-programmes"
          size="small"
          pagination={false}
          scroll={{ x: "max-content" }}
          rowKey={(p) => p.programmeId}
          dataSource={report.programmes}
          columns={[
            {
              title: t("programme"),
              key: "programme",
              render: (_, p) => (
                <Space orientation="vertical" size={0}>
                  {name(p.programmeId)}
                  <span className="muted">{p.programmeId}</span>
                </Space>
              ),
            },
            ...reportFigures.map(([key, word]) => moneyColumn<Row>(t(word), (p) => p[key], key)),
            {
              title: t("leverage"),
              key: "leverage",
              align: "right" as const,
              render: (_, p) => (p.leverage === null ? "—" : `${p.leverage} : 1`),
            },
          ]}
        />
      ) : null}
    </Space>
  );
}
