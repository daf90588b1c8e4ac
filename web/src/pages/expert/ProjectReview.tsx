// Workbench: the expert's forms on a project's page — the verdict on a milestone report under review (pass, fail,
// rectify within n days; the report's summary, indicators and evidence files listed, each downloadable through a
// presigned link) for a panel member who has not voted, and the final acceptance verdict with the performance score
// (绩效评价) for an acceptance expert. Nothing for anybody else.
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Space, Typography } from "antd";
import { useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import type { components } from "../../api/schema";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { day, when } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

type Track = NonNullable<ProjectActionProps["view"]["track"]>;
type Milestone = components["schemas"]["MilestoneProgress"];
type EvidenceFile = components["schemas"]["EvidenceFile"];

const verdictWord = (v: string) => `verdict-${v}` as WordKey;

function EvidenceList({
  projectId,
  milestone,
  files,
}: {
  projectId: string;
  milestone: number;
  files: EvidenceFile[];
}) {
  const { t, label } = useWords();
  const { run, running, error } = useAction();
  const open = (fileId: string) =>
    run(async () => {
      const link = await body(
        client.GET("/v1/projects/{projectId}/milestones/{milestone}/evidence/{fileId}", {
          params: { path: { projectId, milestone, fileId } },
        }),
      );
      window.open(link.url, "_blank", "noopener");
    });
  return (
    <>
      <DataTable<EvidenceFile>
        testid={`evidence-${milestone}`}
        size="small"
        pagination={false}
        rowKey="fileId"
        dataSource={files}
        columns={[
          { title: t("kind"), key: "kind", render: (_, f) => label(f.kind) },
          { title: t("fileName"), key: "name", render: (_, f) => f.fileName },
          { title: t("size"), key: "size", align: "right", render: (_, f) => `${f.sizeBytes} B` },
          {
            title: "SHA-256",
            key: "sha",
            render: (_, f) => (
              <code className="hash short" title={f.sha256}>
                {f.sha256.slice(0, 12)}…
              </code>
            ),
          },
          {
            title: t("downloadFile"),
            key: "download",
            render: (_, f) => (
              <Button
                size="small"
                disabled={running}
                onClick={() => void open(f.fileId)}
                data-testid={`download-${f.fileId}`}
                aria-label={`${t("downloadFile")} ${f.fileName}`}
              >
                {t("downloadFile")}
              </Button>
            ),
          },
        ]}
      />
      <ActionError error={error} testId="download-error" />
    </>
  );
}

function MilestoneReview({ projectId, m, reload }: { projectId: string; m: Milestone; reload: () => void }) {
  const { t, tf } = useWords();
  const { milestone: focused } = useParams();
  const report = m.reports.at(-1);
  if (!report) return null;
  const files = m.files.filter((f) => report.fileIds.includes(f.fileId));
  return (
    <Card
      title={tf("milestoneReview", { n: m.index })}
      data-testid={`milestone-review-${m.index}`}
      id={`milestone-${m.index}`}
      style={{ marginBottom: 16, ...(focused === String(m.index) ? { borderColor: "#1d4ed8" } : {}) }}
    >
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("exReportSummary")}>{report.summary}</Descriptions.Item>
        <Descriptions.Item label={t("indicatorsActual")}>
          {report.indicators.map((i) => `${i.name}：${i.actual}`).join("；") || "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("dueAndFiled")}>
          {day(m.dueDate)} · {when(report.filedAt)}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3}>{t("exEvidenceFiles")}</Typography.Title>
      <EvidenceList projectId={projectId} milestone={m.index} files={files} />
      <div style={{ marginTop: 16 }}>
        <ActionForm
          testId={`milestone-verdict-${m.index}`}
          submitLabel={t("submitVerdict")}
          confirm={t("verdictOnce")}
          danger={false}
          once
          result={() => t("actionDone")}
          done={reload}
          submit={(values: { verdict: "pass" | "fail" | "rectify"; comment: string; rectifyDays?: number }) =>
            body(
              client.POST("/v1/projects/{projectId}/milestones/{milestone}/review", {
                params: { path: { projectId, milestone: m.index } },
                body: {
                  verdict: values.verdict,
                  comment: values.comment.trim(),
                  ...(values.verdict === "rectify" && values.rectifyDays !== undefined
                    ? { rectifyDays: values.rectifyDays }
                    : {}),
                },
              }),
            )
          }
        >
          <Form.Item
            name="verdict"
            label={t("reviewVerdict")}
            rules={[{ required: true, message: t("reviewVerdict") }]}
          >
            <Radio.Group
              options={(["pass", "rectify", "fail"] as const).map((v) => ({
                value: v,
                label: t(verdictWord(v)),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={["verdict"]}>
            {({ getFieldValue }) =>
              getFieldValue("verdict") === "rectify" ? (
                <Form.Item
                  name="rectifyDays"
                  label={t("rectifyDays")}
                  rules={[{ required: true, message: t("rectifyDays") }]}
                >
                  <InputNumber min={1} max={180} precision={0} />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item
            name="comment"
            label={t("reviewComment")}
            rules={[{ required: true, whitespace: true, message: t("reviewComment") }]}
          >
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </ActionForm>
      </div>
    </Card>
  );
}

function AcceptanceReview({
  projectId,
  track,
  reload,
}: {
  projectId: string;
  track: Track;
  reload: () => void;
}) {
  const { t } = useWords();
  const acceptance = track.acceptance;
  if (!acceptance) return null;
  return (
    <Card title={t("acceptanceReview")} data-testid="acceptance-review" style={{ marginBottom: 16 }}>
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("exAcceptanceSummary")}>{acceptance.summary}</Descriptions.Item>
        {acceptance.plan ? (
          <Descriptions.Item label={t("exAcceptancePlan")}>{acceptance.plan.text}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <ActionForm
        testId="acceptance-verdict"
        submitLabel={t("submitVerdict")}
        confirm={t("verdictOnce")}
        danger={false}
        once
        done={reload}
        submit={(values: { verdict: "pass" | "fail"; performanceScore: number; comment: string }) =>
          body(
            client.POST("/v1/projects/{projectId}/acceptance/review", {
              params: { path: { projectId } },
              body: {
                verdict: values.verdict,
                performanceScore: values.performanceScore,
                comment: values.comment.trim(),
              },
            }),
          )
        }
      >
        <Form.Item
          name="verdict"
          label={t("reviewVerdict")}
          rules={[{ required: true, message: t("reviewVerdict") }]}
        >
          <Radio.Group
            options={(["pass", "fail"] as const).map((v) => ({ value: v, label: t(verdictWord(v)) }))}
          />
        </Form.Item>
        <Form.Item
          name="performanceScore"
          label={t("performanceScore")}
          rules={[{ required: true, message: t("performanceScore") }]}
        >
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t("reviewComment")}
          rules={[{ required: true, whitespace: true, message: t("reviewComment") }]}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

/** What waits for this expert on the project: milestones to review, the acceptance verdict. */
export function ExpertProjectReviews({ projectId, view, reload }: ProjectActionProps) {
  const { t, tf } = useWords();
  const user = who();
  if (!hasRole(user, "expert") || !user) return null;
  const me = user.user;
  const track = view.track;
  if (!track) return null;
  const milestones = track.milestones ?? [];
  const onPanel = (panel: readonly string[], recusals: Milestone["recusals"]) =>
    panel.includes(me) && !(recusals ?? []).some((r) => r.expertId === me && !r.replacedBy);
  const toReview = milestones.filter(
    (m) =>
      m.status === "under-review" &&
      onPanel(m.panel, m.recusals) &&
      !(m.reports.at(-1)?.votes ?? []).some((v) => v.expertId === me),
  );
  const voted = milestones.flatMap((m) => {
    const vote = m.reports.at(-1)?.votes.find((v) => v.expertId === me);
    return vote ? [{ index: m.index, vote }] : [];
  });
  const a = track.acceptance;
  const acceptanceDue =
    a?.status === "under-review" &&
    onPanel(a.plan?.expertIds ?? [], a.recusals) &&
    !a.votes.some((v) => v.expertId === me);
  if (toReview.length === 0 && !acceptanceDue && voted.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} data-testid="expert-project-reviews">
      {toReview.map((m) => (
        <MilestoneReview key={m.index} projectId={projectId} m={m} reload={reload} />
      ))}
      {voted.map(({ index, vote }) => (
        <Alert
          key={index}
          type="success"
          showIcon
          data-testid={`milestone-voted-${index}`}
          title={`${tf("milestoneReview", { n: index })} · ${tf("verdictGiven", { verdict: t(verdictWord(vote.verdict)) })}`}
          description={`${vote.comment} · ${when(vote.at)}`}
        />
      ))}
      {acceptanceDue ? <AcceptanceReview projectId={projectId} track={track} reload={reload} /> : null}
    </Space>
  );
}
