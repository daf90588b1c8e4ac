// Workbench: the audit trail's check (审计链校验) for administrators and auditors — the latest signed digests of the
// audit chain (GET /v1/audit/digests), a digest made now (POST), and the whole trail verified against the table and
// every digest (GET /v1/audit/verification): whether it verifies, and if not, which record and what happened to it.
import { Alert, Button, Card, Empty, Space, Typography } from "antd";
import { useState } from "react";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionError, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

type Digest = Answer<"/v1/audit/digests">["items"][number];
type Report = Answer<"/v1/audit/verification">;
type Break = Report["breaks"][number];

export default function AuditDigestsPage() {
  const { t, tf } = useWords();
  const [reloads, setReloads] = useState(0);
  const digests = useLoad(
    async () => (await body(client.GET("/v1/audit/digests", { params: { query: {} } }))).items,
    [reloads],
  );
  const anchor = useAction();
  const [made, setMade] = useState<Digest | undefined>();
  const check = useAction();
  const [report, setReport] = useState<Report | undefined>();

  const createDigest = async () => {
    const outcome = await anchor.run(() => body(client.POST("/v1/audit/digests")));
    if (outcome.ok) {
      setMade(outcome.value);
      setReloads((n) => n + 1);
    }
  };
  const verify = async () => {
    setReport(undefined);
    const outcome = await check.run(() => body(client.GET("/v1/audit/verification")));
    if (outcome.ok) setReport(outcome.value);
  };

  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("auditDigests")}
      </Typography.Title>
      <Typography.Paragraph>{t("auditDigestsIntro")}</Typography.Paragraph>
      <Space orientation="vertical" size="large" style={{ width: "100%" }}>
        <Card size="small" title={t("verifyTrail")}>
          <Space orientation="vertical" style={{ width: "100%" }}>
            <Button type="primary" onClick={verify} disabled={check.running} data-testid="verify-trail">
              {t("verifyTrail")}
            </Button>
            {check.running ? <span aria-live="polite">{t("verifying")}</span> : null}
            <ActionError error={check.error} />
            {report ? <Verification report={report} /> : null}
          </Space>
        </Card>
        <Card
          size="small"
          title={t("digests")}
          extra={
            <Button onClick={createDigest} disabled={anchor.running} data-testid="create-digest">
              {t("createDigest")}
            </Button>
          }
        >
          <Space orientation="vertical" style={{ width: "100%" }}>
            <ActionError error={anchor.error} />
            {made ? (
              <Alert
                type="success"
                showIcon
                role="status"
                data-testid="digest-created"
                title={tf("digestCreated", { n: made.sequence, heads: made.heads })}
              />
            ) : null}
            <Show loaded={digests}>
              {(items) =>
                items.length === 0 ? (
                  <Empty description={t("noDigests")} />
                ) : (
                  <DataTable<Digest>
                    testid="digests"
                    size="small"
                    pagination={false}
                    rowKey={(d) => d.key}
                    dataSource={items}
                    onRow={(d) => ({ "data-sequence": d.sequence }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      {
                        title: t("digestSequence"),
                        key: "seq",
                        align: "right",
                        render: (_, d) => d.sequence,
                      },
                      {
                        title: t("digestSpan"),
                        key: "span",
                        render: (_, d) => `${d.from ? when(d.from) : "—"} → ${when(d.to)}`,
                      },
                      { title: t("digestHeads"), key: "heads", align: "right", render: (_, d) => d.heads },
                      {
                        title: t("digestTrigger"),
                        key: "trigger",
                        render: (_, d) =>
                          d.trigger.kind === "schedule"
                            ? t("triggerSchedule")
                            : tf("triggerOnDemand", { by: d.trigger.by }),
                      },
                      {
                        title: t("digestKey"),
                        key: "key",
                        render: (_, d) => (
                          <Space orientation="vertical" size={0}>
                            <code>{d.key}</code>
                            <span className="muted">{d.keyId}</span>
                          </Space>
                        ),
                      },
                    ]}
                  />
                )
              }
            </Show>
          </Space>
        </Card>
      </Space>
    </section>
  );
}

function Verification({ report }: { report: Report }) {
  const { t, tf } = useWords();
  const breaks = [...report.breaks, ...report.moreBreaks];
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="verification">
      <Alert
        type={report.ok ? "success" : "error"}
        showIcon
        role="status"
        data-testid="verification-result"
        data-ok={report.ok ? "yes" : "no"}
        title={
          report.ok
            ? tf("trailVerified", {
                records: report.records,
                events: report.events,
                valid: report.digests.valid,
                count: report.digests.count,
                anchored: report.digests.anchoredRecords,
              })
            : tf("trailBroken", {
                n: new Set(report.breaks.map((b) => b.record)).size,
                p: report.digests.problems.length,
              })
        }
        description={
          report.digests.latest
            ? `${t("latestDigest")}: ${report.digests.latest.sequence} · ${when(report.digests.latest.to)}`
            : undefined
        }
      />
      {breaks.length > 0 ? (
        <DataTable<Break>
          testid="trail-breaks"
          size="small"
          pagination={false}
          rowKey={(b) => `${b.record}#${b.version}#${b.reason}`}
          dataSource={breaks}
          columns={[
            { title: t("breakRecord"), key: "record", render: (_, b) => `${b.record} v${b.version}` },
            { title: t("breakReason"), key: "reason", render: (_, b) => <code>{b.reason}</code> },
            { title: t("breakDetail"), key: "detail", render: (_, b) => b.detail },
          ]}
        />
      ) : null}
      {report.digests.problems.length > 0 ? (
        <ul className="plain" data-testid="digest-problems">
          {report.digests.problems.map((p) => (
            <li key={`${p.key}${p.problem}`}>
              <code>{p.key}</code> {p.problem}: {p.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </Space>
  );
}
