// Workbench (enterprise): a demand's attachments (附件) — each file's SHA-256 computed in the browser, a slot reserved
// by the API, the bytes PUT to the presigned URL with a progress bar; an attachment taken off a draft. The store takes
// only the declared bytes; the API checks them against the declared hash when the demand is submitted.
import { Button, Card, Empty, Progress, Space, Tag, Typography } from "antd";
import { useRef, useState } from "react";
import { type Answer, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { when } from "../../format.ts";
import { ActionError, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { declared, putFile } from "./upload.ts";

type Demand = Answer<"/v1/demands/{demandId}">;
type Attachment = Demand["attachments"][number];

export const acceptedUploads = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.zip";

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachments(props: { demand: Demand; editable: boolean; changed: (d: Demand) => void }) {
  const { t } = useWords();
  const { demand } = props;
  const action = useAction();
  const [progress, setProgress] = useState<{ name: string; percent: number } | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const path = { demandId: demand.id };

  const reread = () => body(client.GET("/v1/demands/{demandId}", { params: { path } }));

  const upload = async (files: File[]) => {
    const outcome = await action.run(async () => {
      for (const file of files) {
        setProgress({ name: file.name, percent: 0 });
        const slot = await body(
          client.POST("/v1/demands/{demandId}/attachments", { params: { path }, body: await declared(file) }),
        );
        await putFile(slot.upload, file, (percent) => setProgress({ name: file.name, percent }));
      }
      return reread();
    });
    if (input.current) input.current.value = "";
    if (outcome.ok) props.changed(outcome.value);
    else setProgress((p) => (p ? { ...p, percent: -1 } : p));
  };

  const remove = async (a: Attachment) => {
    const outcome = await action.run(() =>
      body(
        client.DELETE("/v1/demands/{demandId}/attachments/{attachmentId}", {
          params: { path: { ...path, attachmentId: a.id } },
          headers: { "if-match": `"${demand.version}"` },
        }),
      ),
    );
    if (outcome.ok) {
      setProgress(undefined);
      props.changed(outcome.value);
    }
  };

  return (
    <Card title={t("attachments")} data-testid="attachments">
      <Space orientation="vertical" style={{ width: "100%" }}>
        {demand.attachments.length === 0 ? (
          <Empty description={t("noAttachments")} />
        ) : (
          <DataTable<Attachment>
            testid="attachment-list"
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={demand.attachments}
            onRow={(a) => ({ "data-attachment": a.fileName }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t("fileName"), dataIndex: "fileName" },
              { title: t("size"), key: "size", align: "right", render: (_, a) => bytes(a.sizeBytes) },
              {
                title: "SHA-256",
                key: "sha",
                render: (_, a) => (
                  <code className="hash short" title={a.sha256}>
                    {a.sha256.slice(0, 16)}…
                  </code>
                ),
              },
              {
                title: t("status"),
                key: "status",
                render: (_, a) =>
                  a.status === "verified" ? (
                    <span className="ok">✓ {t("verified")}</span>
                  ) : (
                    <Tag>{t("uploadedUnchecked")}</Tag>
                  ),
              },
              { title: t("time"), key: "at", render: (_, a) => when(a.verifiedAt ?? a.reservedAt) },
              ...(props.editable
                ? [
                    {
                      title: t("action"),
                      key: "remove",
                      render: (_: unknown, a: Attachment) => (
                        <Button
                          size="small"
                          danger
                          disabled={action.running}
                          data-testid="remove-attachment"
                          aria-label={`${t("remove")} ${a.fileName}`}
                          onClick={() => void remove(a)}
                        >
                          {t("remove")}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
        {props.editable ? (
          <>
            <label htmlFor="attachment-input" className="upload-label">
              {t("addAttachments")}
              <span className="muted"> ({t("uploadTypesHint")})</span>
            </label>
            <input
              id="attachment-input"
              data-testid="attachment-input"
              type="file"
              multiple
              accept={acceptedUploads}
              disabled={action.running}
              ref={input}
              onChange={(e) => void upload([...(e.target.files ?? [])])}
            />
          </>
        ) : null}
        {progress ? (
          <div data-testid="upload-progress">
            <Typography.Text>{progress.name}</Typography.Text>
            <Progress
              percent={progress.percent < 0 ? 100 : progress.percent}
              status={progress.percent < 0 ? "exception" : progress.percent === 100 ? "success" : "active"}
              aria-label={`${t("uploading")} ${progress.name}`}
            />
          </div>
        ) : null}
        <ActionError error={action.error} testId="attachment-error" />
      </Space>
    </Card>
  );
}
