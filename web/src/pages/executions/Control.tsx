// Workbench: the admin's hand on one execution in the inspector — stop a running execution, redrive a failed, timed-out
// or aborted one (resumed at the state that failed, under the same ARN), each with a reason and a confirmation — and
// the interventions already made on it (who, why, when), which are audited. A project's chain execution that a redrive
// cannot recover (failed in its Fail state, or stopped more than 14 days ago) offers the resume of the project's chain:
// a new round of the stage the project's records say, confirmed and audited.
import { Card, Empty, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { when } from "../../format.ts";
import { ActionForm, idempotencyKey } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { chainProjectOf } from "../admin/current-execution.ts";
import { StatusTag } from "./Executions.tsx";

const REDRIVABLE = ["FAILED", "TIMED_OUT", "ABORTED"];

interface Values {
  reason: string;
}

/** Stop (running) or redrive (failed, timed out, aborted) for an admin; nothing for anyone else or another status. */
export function ExecutionControls({
  executionArn,
  status,
  reload,
}: {
  executionArn: string;
  status: string;
  reload: () => void;
}) {
  const { t } = useWords();
  // A new key per redrive shown: a double click or a retry of one confirmation is one redrive.
  const [key] = useState(idempotencyKey);
  if (!hasRole(who(), "admin")) return null;
  const path = { params: { path: { executionArn } } };
  const chainProject = chainProjectOf(executionArn);
  const reasonField = <ReasonField testId="control-reason" />;
  if (status === "RUNNING") {
    return (
      <Card title={t("stopExecution")} style={{ marginBottom: 16 }} data-testid="stop-card">
        <Typography.Paragraph className="muted">{t("stopExecutionHelp")}</Typography.Paragraph>
        <ActionForm<Values, { status: string }>
          testId="stop-execution"
          submitLabel={t("stopExecution")}
          confirm={t("stopExecutionConfirm")}
          danger
          once
          submit={(v) =>
            body(
              client.POST("/v1/admin/executions/{executionArn}/interventions", {
                ...path,
                body: { action: "stop", reason: v.reason },
              }),
            )
          }
          result={() => t("stopExecutionDone")}
          done={reload}
        >
          {reasonField}
        </ActionForm>
      </Card>
    );
  }
  if (REDRIVABLE.includes(status)) {
    return (
      <>
        <Card title={t("redriveExecution")} style={{ marginBottom: 16 }} data-testid="redrive-card">
          <Typography.Paragraph className="muted">{t("redriveExecutionHelp")}</Typography.Paragraph>
          <ActionForm<Values, { status: string }>
            testId="redrive-execution"
            submitLabel={t("redriveExecution")}
            confirm={t("redriveExecutionConfirm")}
            danger={false}
            once
            submit={(v) =>
              body(
                client.POST("/v1/admin/executions/{executionArn}/interventions", {
                  ...path,
                  body: { action: "redrive", reason: v.reason, idempotencyKey: key },
                }),
              )
            }
            result={() => t("redriveExecutionDone")}
            done={reload}
          >
            {reasonField}
          </ActionForm>
        </Card>
        {chainProject ? <ResumeChain projectId={chainProject} /> : null}
      </>
    );
  }
  return null;
}

/** The reason every intervention asks for (2–500 characters, kept in the audit trail). */
function ReasonField({ testId }: { testId: string }) {
  const { t } = useWords();
  return (
    <Form.Item<Values>
      name="reason"
      label={t("controlReason")}
      rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t("controlReasonRequired") }]}
    >
      <Input.TextArea rows={2} maxLength={500} data-testid={testId} />
    </Form.Item>
  );
}

/**
 * A project's chain execution that ended without handing over: the admin starts a new round of the stage the project's
 * records say (POST /v1/projects/{projectId}/lifecycle/resume), with a reason; the answer names the execution started,
 * which the project's page links as its current execution.
 */
function ResumeChain({ projectId }: { projectId: string }) {
  const { t } = useWords();
  return (
    <Card title={t("resumeChain")} style={{ marginBottom: 16 }} data-testid="resume-card">
      <Typography.Paragraph className="muted" data-testid="resume-chain-hint">
        {t("resumeChainHelp")}
      </Typography.Paragraph>
      <ActionForm<Values, { executionName: string }>
        testId="resume-chain"
        name="resume-chain"
        submitLabel={t("resumeChain")}
        confirm={t("resumeChainConfirm")}
        danger={false}
        once
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/lifecycle/resume", {
              params: { path: { projectId } },
              body: { reason: v.reason },
            }),
          )
        }
        result={(r) => (
          <span data-testid="resume-chain-done">
            {t("resumeChainDone")} <Typography.Text code>{r.executionName}</Typography.Text>{" "}
            <Link
              to={`/projects/${encodeURIComponent(projectId)}`}
              style={{ textDecoration: "underline" }}
              data-testid="resume-chain-project"
            >
              {t("resumeChainProject")}
            </Link>
          </span>
        )}
      >
        <ReasonField testId="resume-reason" />
      </ActionForm>
    </Card>
  );
}

/** The stops and redrives of an execution, oldest first. */
export function Interventions({ executionArn, version }: { executionArn: string; version: string }) {
  const { t } = useWords();
  const loaded = useLoad(
    () =>
      body(
        client.GET("/v1/admin/executions/{executionArn}/interventions", {
          params: { path: { executionArn } },
        }),
      ),
    [executionArn, version],
  );
  return (
    <>
      <Typography.Title level={2}>{t("interventions")}</Typography.Title>
      <Show loaded={loaded}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty description={t("noInterventions")} />
          ) : (
            <DataTable
              testid="interventions"
              size="small"
              pagination={false}
              rowKey={(i) => `${i.action}#${i.at}`}
              dataSource={data.items}
              columns={[
                { title: t("time"), key: "at", render: (_, i) => when(i.at) },
                {
                  title: t("interventionAction"),
                  key: "action",
                  render: (_, i) => (i.action === "stop" ? t("stopExecution") : t("redriveExecution")),
                },
                {
                  title: t("interventionActor"),
                  key: "actor",
                  render: (_, i) => <Person id={i.actorId} name={i.actorName} />,
                },
                {
                  title: t("interventionBefore"),
                  key: "before",
                  render: (_, i) => <StatusTag status={i.statusBefore} />,
                },
                { title: t("controlReason"), key: "reason", render: (_, i) => i.reason },
              ]}
            />
          )
        }
      </Show>
    </>
  );
}
