// Workbench (enterprise): a milestone report (里程碑报告) on the project page — the next milestone due (or returned, or
// to rectify): a summary, each indicator's actual value against the task book's target, and the evidence files
// (progress report, evidence, audit report) uploaded to the store first, then filed; the workflow validates them.
import { Alert, Button, Card, Form, Input, Progress, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { day } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { acceptedUploads, bytes } from "./Attachments.tsx";
import { declared, putFile } from "./upload.ts";

type Kind = "progress-report" | "evidence" | "audit-report";
const requiredKinds: readonly Kind[] = ["progress-report", "audit-report"];
interface Uploaded {
  fileId: string;
  kind: Kind;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}
interface Values {
  summary: string;
  indicators?: { actual?: string }[];
  /** Not sent: the field the files' error is shown on (and the API's errors on body.fileIds). */
  fileIds?: string;
}

/** Whether the signed-in user is the project's enterprise. */
export function isProjectEnterprise(view: ProjectActionProps["view"]): boolean {
  const user = who();
  return Boolean(
    user && hasRole(user, "enterprise") && view.project.enterpriseOrganisationIds.includes(user.org),
  );
}

export function MilestoneReport({ projectId, view, reload }: ProjectActionProps) {
  const { t, tf, stage, named } = useWords();
  const { milestone: asked } = useParams();
  const track = view.track;
  const due = track?.milestones?.find(
    (m) => m.status === "pending" || m.status === "returned" || m.status === "rectifying",
  );
  if (track?.status !== "in-progress" || !due || !isProjectEnterprise(view)) return null;
  const planned = track.taskBook?.milestones.find((m) => m.index === due.index);
  const last = due.reports.at(-1);
  return (
    <Card
      id={`milestone-${due.index}-report`}
      title={tf("milestoneReportN", { n: due.index })}
      data-testid="milestone-report"
      style={{ marginTop: 16 }}
      extra={<Tag className={`status status-${due.status}`}>{stage(due.status)}</Tag>}
    >
      {asked && Number(asked) !== due.index ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={tf("milestoneNotDue", { n: asked })}
        />
      ) : null}
      <Typography.Paragraph>
        {planned?.title} · {t("milestoneDue")} {day(due.dueDate)}
        {due.rectifyBy ? ` · ${t("rectifyBy")} ${day(due.rectifyBy)}` : ""}
      </Typography.Paragraph>
      {last?.validation && !last.validation.ok ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("reportReturned")}
          description={last.validation.issues.map((i) => named(i.message, i.messageZh)).join("；")}
        />
      ) : null}
      <ReportForm
        key={due.index}
        projectId={projectId}
        milestone={due.index}
        indicators={(planned?.indicators ?? []).map((i) => ({
          name: i.name,
          target: `${i.target}${i.unit ?? ""}`,
        }))}
        done={reload}
      />
    </Card>
  );
}

function ReportForm(props: {
  projectId: string;
  milestone: number;
  indicators: { name: string; target: string }[];
  done: () => void;
}) {
  const { t, tf, label } = useWords();
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [kind, setKind] = useState<Kind>("progress-report");
  const [progress, setProgress] = useState<{ name: string; percent: number } | undefined>(undefined);
  const uploading = useAction();
  const [form] = Form.useForm<Values>();
  const path = { projectId: props.projectId, milestone: String(props.milestone) };

  const upload = async (list: File[], input: HTMLInputElement) => {
    const outcome = await uploading.run(async () => {
      const added: Uploaded[] = [];
      for (const file of list) {
        setProgress({ name: file.name, percent: 0 });
        const d = await declared(file);
        const slot = await body(
          client.POST("/v1/projects/{projectId}/milestones/{milestone}/evidence", {
            params: { path: path as never },
            body: { kind, ...d },
          }),
        );
        await putFile(slot.upload, file, (percent) => setProgress({ name: file.name, percent }));
        added.push({ fileId: slot.file.fileId, kind, ...d });
      }
      return added;
    });
    input.value = "";
    if (outcome.ok) {
      setFiles((f) => [...f, ...outcome.value]);
      // A file added answers the files' error, if any: checked again on submission.
      form.setFields([{ name: "fileIds", errors: [] }]);
    } else setProgress((p) => (p ? { ...p, percent: -1 } : p));
  };

  return (
    <ActionForm<Values, unknown>
      form={form}
      testId="milestone-report-form"
      submitLabel={tf("fileReportN", { n: props.milestone })}
      confirm={tf("fileReportConfirm", { n: props.milestone })}
      danger={false}
      once
      initialValues={{ indicators: props.indicators.map(() => ({ actual: "" })) }}
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/milestones/{milestone}/report", {
            params: { path: path as never },
            body: {
              summary: v.summary.trim(),
              // The task book's indicators, in order: each one's actual value as typed (blank ones left out).
              indicators: props.indicators.flatMap((i, n) => {
                const actual = v.indicators?.[n]?.actual?.trim();
                return actual ? [{ name: i.name, actual }] : [];
              }),
              fileIds: files.map((f) => f.fileId),
            },
          }),
        )
      }
      result={() => tf("reportFiled", { n: props.milestone })}
      done={() => props.done()}
    >
      <Form.Item
        label={t("reportSummary")}
        name="summary"
        rules={[{ required: true, whitespace: true, message: t("required") }, { max: 20000 }]}
      >
        <Input.TextArea name="summary" rows={4} />
      </Form.Item>
      <Form.List name="indicators">
        {(fields) =>
          fields.map((f) => (
            <Form.Item
              key={f.key}
              label={`${props.indicators[f.name]?.name ?? ""}（${t("target")} ${props.indicators[f.name]?.target ?? ""}）`}
              name={[f.name, "actual"]}
              rules={[{ max: 200 }]}
            >
              <Input name={`indicator-${f.name}`} placeholder={t("actualValue")} />
            </Form.Item>
          ))
        }
      </Form.List>
      <Form.Item label={t("evidenceFiles")} required>
        <Form.Item
          name="fileIds"
          noStyle
          rules={[
            {
              // The file check (project workflow) wants a progress report and a special audit report at least.
              validator: () =>
                requiredKinds.every((k) => files.some((f) => f.kind === k))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("reportAndAuditNeeded"))),
            },
          ]}
        >
          <input type="hidden" />
        </Form.Item>
        <Space orientation="vertical" style={{ width: "100%" }}>
          {files.length > 0 ? (
            <DataTable<Uploaded>
              testid="evidence-files"
              size="small"
              pagination={false}
              rowKey="fileId"
              dataSource={files}
              columns={[
                { title: t("kind"), key: "kind", render: (_, f) => label(f.kind) },
                { title: t("fileName"), dataIndex: "fileName" },
                { title: t("size"), key: "size", align: "right", render: (_, f) => bytes(f.sizeBytes) },
                {
                  title: "SHA-256",
                  key: "sha",
                  render: (_, f) => <code className="hash short">{f.sha256.slice(0, 16)}…</code>,
                },
                {
                  title: t("action"),
                  key: "drop",
                  render: (_, f) => (
                    <Button
                      size="small"
                      aria-label={`${t("remove")} ${f.fileName}`}
                      onClick={() => setFiles((all) => all.filter((x) => x.fileId !== f.fileId))}
                    >
                      {t("remove")}
                    </Button>
                  ),
                },
              ]}
            />
          ) : null}
          <Space wrap>
            <Select<Kind>
              data-testid="evidence-kind"
              aria-label={t("kind")}
              value={kind}
              onChange={setKind}
              style={{ width: 160 }}
              options={(["progress-report", "evidence", "audit-report"] as const).map((k) => ({
                value: k,
                label: label(k),
              }))}
            />
            <input
              data-testid="evidence-input"
              aria-label={t("addEvidence")}
              type="file"
              multiple
              accept={acceptedUploads}
              disabled={uploading.running}
              onChange={(e) => void upload([...(e.target.files ?? [])], e.target)}
            />
          </Space>
          {progress ? (
            <div data-testid="evidence-progress">
              <Typography.Text>{progress.name}</Typography.Text>
              <Progress
                percent={progress.percent < 0 ? 100 : progress.percent}
                status={progress.percent < 0 ? "exception" : progress.percent === 100 ? "success" : "active"}
                aria-label={`${t("uploading")} ${progress.name}`}
              />
            </div>
          ) : null}
          <ActionError error={uploading.error} testId="evidence-error" />
        </Space>
      </Form.Item>
    </ActionForm>
  );
}
