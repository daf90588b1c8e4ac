// Workbench: one public notice (公示) — the challenge, the winners, the working-day window with its notes, and the
// objection form (异议, no sign-in: POST /v1/public/notices/{noticeId}/objections) answering with the received reference.
import { Alert, Card, Form, Input, Select, Space, Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { cardTitle } from "./challenges.tsx";
import { NoticeWindow, type PublicNotice } from "./notices.tsx";
import { PublicFrame } from "./PublicFrame.tsx";

interface ObjectionFields {
  winnerPosition?: number;
  text: string;
  contact?: string;
}

function ObjectionForm({ notice }: { notice: PublicNotice }) {
  const { t, tf } = useWords();
  if (!notice.acceptingObjections) {
    return <Alert type="info" showIcon title={t("ptObjectionsClosed")} data-testid="objections-closed" />;
  }
  return (
    <ActionForm<ObjectionFields, Awaited<ReturnType<typeof send>>>
      testId="objection-form"
      submitLabel={t("ptSendObjection")}
      once
      submit={(v) => send(notice.id, v)}
      result={(r) => (
        <span data-testid="objection-received">
          {tf("ptObjectionReceived", { id: r.id, at: when(r.createdAt) })}
        </span>
      )}
    >
      {notice.winners.length > 1 ? (
        <Form.Item
          name="winnerPosition"
          label={t("ptObjectionAbout")}
          rules={[{ required: true, message: t("ptChooseWinner") }]}
        >
          <Select
            data-testid="objection-winner"
            aria-label={t("ptObjectionAbout")}
            options={notice.winners.map((w) => ({
              value: w.position,
              label: `${tf("ptPosition", { n: w.position })} ${w.organisations.join("、")}`,
            }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item
        name="text"
        label={t("ptObjectionText")}
        extra={t("ptObjectionTextHint")}
        rules={[
          { required: true, whitespace: true, message: t("ptObjectionTextRequired") },
          { min: 10, message: t("ptObjectionTextMin") },
          { max: 2000, message: t("ptObjectionTextMax") },
        ]}
      >
        <Input.TextArea rows={5} maxLength={2000} showCount data-testid="objection-text" />
      </Form.Item>
      <Form.Item
        name="contact"
        label={t("ptObjectionContact")}
        extra={t("ptObjectionContactHint")}
        rules={[{ max: 200 }]}
      >
        <Input maxLength={200} data-testid="objection-contact" />
      </Form.Item>
    </ActionForm>
  );
}

function send(noticeId: string, v: ObjectionFields) {
  const contact = v.contact?.trim();
  return body(
    client.POST("/v1/public/notices/{noticeId}/objections", {
      params: { path: { noticeId } },
      body: {
        text: v.text.trim(),
        ...(v.winnerPosition ? { winnerPosition: v.winnerPosition } : {}),
        ...(contact ? { contact } : {}),
      },
    }),
  );
}

export default function PublicNoticePage() {
  const { t, tf } = useWords();
  const { noticeId = "" } = useParams();
  const loaded = useLoad(
    () => body(client.GET("/v1/public/notices/{noticeId}", { params: { path: { noticeId } } })),
    [noticeId],
  );
  return (
    <PublicFrame>
      <Show loaded={loaded}>
        {(notice) => (
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Link to="/public/notices">← {t("ptNotices")}</Link>
            <Typography.Title level={1} className="page-title" data-testid="notice-title">
              {t("ptNoticeOf")}
              {notice.title}
              {notice.seq > 1 ? ` ${tf("ptNoticeSeq", { n: notice.seq })}` : ""}
            </Typography.Title>
            <Link to={`/public/challenges/${encodeURIComponent(notice.challengeId)}`}>
              {t("ptSeeChallenge")}
            </Link>
            {notice.replacement ? (
              <Typography.Paragraph data-testid="notice-replacement">
                {tf("ptReplacement", { replaced: notice.replacement.replacedOrganisations.join("、") })}
              </Typography.Paragraph>
            ) : null}
            <Card size="small" title={<h2 style={cardTitle}>{t("ptWinners")}</h2>}>
              <ol style={{ margin: 0 }} data-testid="notice-winners">
                {notice.winners.map((w) => (
                  <li key={w.position}>{w.organisations.join("、")}</li>
                ))}
              </ol>
            </Card>
            <NoticeWindow notice={notice} />
            <Card size="small" title={<h2 style={cardTitle}>{t("ptObjection")}</h2>}>
              <Typography.Paragraph className="muted">{t("ptObjectionIntro")}</Typography.Paragraph>
              <ObjectionForm notice={notice} />
            </Card>
          </Space>
        )}
      </Show>
    </PublicFrame>
  );
}
