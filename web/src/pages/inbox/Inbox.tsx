// Workbench: the inbox (站内信) — the signed-in person's notifications newest first (GET /v1/me/notifications), unread
// ones marked, each opening its page and marked read (POST /v1/me/notifications/read); paged with the sealed cursor.
import { Button, Empty, List, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { inboxChangedEvent } from "./events.ts";

export default function InboxPage() {
  const { t } = useWords();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const loaded = useLoad(
    () => body(client.GET("/v1/me/notifications", { params: { query: cursor ? { cursor } : {} } })),
    [cursor, attempt],
  );
  const markRead = async (id: string) => {
    await body(client.POST("/v1/me/notifications/read", { body: { ids: [id] } }));
    window.dispatchEvent(new Event(inboxChangedEvent));
    setAttempt((n) => n + 1);
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Title level={3}>{t("inbox")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("inboxIntro")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty description={t("noNotifications")} />
          ) : (
            <>
              <List
                data-testid="inbox"
                dataSource={page.items}
                renderItem={(n) => (
                  <List.Item
                    data-testid="inbox-item"
                    actions={[
                      <Link key="open" to={n.link} onClick={() => (n.read ? undefined : void markRead(n.id))}>
                        {t("inboxOpen")}
                      </Link>,
                      n.read ? null : (
                        <Button key="read" size="small" onClick={() => void markRead(n.id)}>
                          {t("inboxMarkRead")}
                        </Button>
                      ),
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          {n.read ? null : <Tag color="blue">{t("inboxUnread")}</Tag>}
                          <span style={{ fontWeight: n.read ? "normal" : 600 }}>{n.title}</span>
                        </Space>
                      }
                      description={
                        <>
                          <div>{n.body}</div>
                          <Typography.Text type="secondary">{when(n.at)}</Typography.Text>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
              {page.next ? <Button onClick={() => setCursor(page.next)}>{t("inboxMore")}</Button> : null}
            </>
          )
        }
      </Show>
    </Space>
  );
}
