// Workbench (admin): failed notification sends (发送失败) — each send that used up its attempts, with its recipient,
// channel, attempts and last error (GET /v1/admin/notification-failures), newest first, paged; an admin sends one back
// for another attempt (重试, POST /v1/admin/notification-failures/retry), the auditor only reads.
import { Alert, Button, Empty, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionError, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

type Failure = Answer<"/v1/admin/notification-failures">["items"][number];

const channelWord: Record<string, WordKey> = { email: "nfEmail", sms: "nfSms", wechat: "nfWechat" };

/** `ROLE#enterprise@tyhi` → "enterprise@tyhi", `USER#x` → "x": the key the notification was addressed to. */
const addressee = (recipient: string) => recipient.replace(/^(ROLE|USER|STAFF)#/, "");

export default function FailuresPage() {
  const { t } = useWords();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [reloads, setReloads] = useState(0);
  const [retried, setRetried] = useState(false);
  const { run, running, error } = useAction();
  const retries = hasRole(who(), "admin");
  const loaded = useLoad(
    () =>
      body(client.GET("/v1/admin/notification-failures", { params: { query: cursor ? { cursor } : {} } })),
    [cursor, reloads],
  );
  const retry = async (f: Failure) => {
    setRetried(false);
    const outcome = await run(() =>
      body(
        client.POST("/v1/admin/notification-failures/retry", {
          body: {
            notificationId: f.notificationId,
            userId: f.userId,
            channel: f.channel as "email" | "sms" | "wechat",
          },
        }),
      ),
    );
    if (outcome.ok) {
      setRetried(true);
      setReloads((n) => n + 1);
    }
  };
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("nfFailures")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("nfFailuresIntro")}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <ActionError error={error} />
        {retried ? (
          <Alert type="success" showIcon role="status" data-testid="action-done" title={t("nfRetried")} />
        ) : null}
      </Space>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty description={t("nfNoFailures")} />
          ) : (
            <>
              <DataTable<Failure>
                testid="notification-failures"
                size="small"
                rowKey={(f) => `${f.notificationId}/${f.userId}/${f.channel}`}
                dataSource={[...page.items]}
                pagination={false}
                columns={[
                  {
                    title: t("nfRecipient"),
                    key: "who",
                    render: (_, f) => (
                      <>
                        <div>{f.userId}</div>
                        <Typography.Text type="secondary">{addressee(f.recipient)}</Typography.Text>
                      </>
                    ),
                  },
                  { title: t("nfType"), key: "type", render: (_, f) => f.type },
                  {
                    title: t("nfChannel"),
                    key: "channel",
                    render: (_, f) => (channelWord[f.channel] ? t(channelWord[f.channel]!) : f.channel),
                  },
                  {
                    title: t("nfAttempts"),
                    key: "attempts",
                    align: "right",
                    render: (_, f) => f.attempts,
                  },
                  {
                    title: t("nfLastError"),
                    key: "error",
                    render: (_, f) => (
                      <>
                        <Tag className="bad">{f.status === "failed" ? t("nfFailed") : f.status}</Tag>
                        <span>{f.error ?? ""}</span>
                      </>
                    ),
                  },
                  { title: t("nfAt"), key: "at", render: (_, f) => when(f.at) },
                  ...(retries
                    ? [
                        {
                          title: t("nfRetry"),
                          key: "retry",
                          render: (_: unknown, f: Failure) => (
                            <Button size="small" disabled={running} onClick={() => void retry(f)}>
                              {t("nfRetry")}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
              {page.next ? <Button onClick={() => setCursor(page.next)}>{t("inboxMore")}</Button> : null}
            </>
          )
        }
      </Show>
    </section>
  );
}
