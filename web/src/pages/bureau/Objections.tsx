// Workbench (bureau): the objections (异议) to a public notice of winners (公示) and the bureau's ruling on each —
// upheld (the winner is removed and the next-ranked applicant is offered the place, 递补, on a new notice) or
// dismissed (the winner stands) — with a confirmation that says which.
import { Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { PageTitle } from "./parts.tsx";

type Notice = Answer<"/v1/public/notices/{noticeId}">;
type Objection = Answer<"/v1/notices/{noticeId}/objections">["items"][number];

async function load(noticeId: string) {
  const path = { params: { path: { noticeId } } };
  const [notice, objections] = await Promise.all([
    body(client.GET("/v1/public/notices/{noticeId}", path)),
    body(client.GET("/v1/notices/{noticeId}/objections", path)),
  ]);
  return { notice, objections: objections.items };
}

export default function ObjectionsPage() {
  const { noticeId = "" } = useParams();
  const { t, tf } = useWords();
  const loaded = useLoad(() => load(noticeId), [noticeId]);
  return (
    <section>
      <Show loaded={loaded}>
        {({ notice, objections }) => (
          <>
            <PageTitle back={t("myTasks")} backTo="/tasks">
              {t("buObjectionsTo")} {notice.title}
            </PageTitle>
            <Card data-testid="notice-summary">
              <Descriptions
                size="small"
                column={2}
                items={[
                  { label: t("buNoticeRound"), children: tf("buNoticeSeq", { n: notice.seq }) },
                  { label: t("status"), children: t(`buNotice_${notice.status}` as WordKey) },
                  {
                    label: t("buNoticePeriod"),
                    children: `${day(notice.firstDay)} – ${day(notice.lastDay)} (${tf("buWorkingDays", { n: notice.workingDays })})`,
                  },
                  {
                    label: t("buWinners"),
                    children: notice.winners
                      .map((w) => `${tf("buPosition", { n: w.position })} ${w.organisations.join("、")}`)
                      .join("；"),
                  },
                ]}
              />
            </Card>
            {objections.length === 0 ? (
              <Typography.Paragraph style={{ marginTop: 16 }}>{t("buNoObjections")}</Typography.Paragraph>
            ) : null}
            {objections.map((o) => (
              <ObjectionCard
                key={o.id}
                notice={notice}
                objection={o}
                reload={loaded.state === "ready" ? loaded.reload : () => undefined}
              />
            ))}
          </>
        )}
      </Show>
    </section>
  );
}

function ObjectionCard({
  notice,
  objection: o,
  reload,
}: {
  notice: Notice;
  objection: Objection;
  reload: () => void;
}) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<{ decision: "upheld" | "dismissed"; reason: string }>();
  const decision = Form.useWatch("decision", form);
  const winner = notice.winners.find((w) => w.position === o.winnerPosition);
  const winnerName = winner?.organisations.join("、") ?? tf("buPosition", { n: o.winnerPosition });
  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="objection"
      title={
        <Space>
          {tf("buObjectionAgainst", { winner: winnerName })}
          <Tag>{t(`buObjection_${o.status}` as WordKey)}</Tag>
        </Space>
      }
    >
      <Typography.Paragraph>{o.text}</Typography.Paragraph>
      <Typography.Paragraph className="muted">
        {t("buRaisedAt")} {when(o.createdAt)}
        {o.contact ? ` · ${t("buContact")} ${o.contact}` : ""} · {o.id}
      </Typography.Paragraph>
      {o.ruling ? (
        <Typography.Paragraph data-testid="ruling">
          {t("buRuling")}：{t(`buObjection_${o.ruling.decision}` as WordKey)} · {o.ruling.reason} ·{" "}
          {when(o.ruling.at)}
        </Typography.Paragraph>
      ) : (
        <ActionForm<{ decision: "upheld" | "dismissed"; reason: string }, unknown>
          form={form}
          testId="ruling-form"
          submitLabel={t("buSendRuling")}
          once
          confirm={
            decision === "upheld"
              ? tf("buUpheldConsequence", { winner: winnerName })
              : tf("buDismissedConsequence", { winner: winnerName })
          }
          danger={decision === "upheld"}
          submit={(v) =>
            body(
              client.POST("/v1/notices/{noticeId}/objections/{objectionId}/ruling", {
                params: { path: { noticeId: notice.id, objectionId: o.id } },
                body: { decision: v.decision, reason: v.reason.trim() },
              }),
            )
          }
          done={reload}
          result={() => t("buRulingSent")}
        >
          <Form.Item
            name="decision"
            label={t("buRuling")}
            rules={[{ required: true, message: t("buRequired") }]}
          >
            <Radio.Group
              data-testid="ruling-decision"
              options={[
                { value: "dismissed", label: t("buObjection_dismissed") },
                { value: "upheld", label: t("buObjection_upheld") },
              ]}
            />
          </Form.Item>
          {decision ? (
            <Typography.Paragraph
              className={decision === "upheld" ? "bad" : "muted"}
              data-testid="ruling-consequence"
            >
              {decision === "upheld"
                ? tf("buUpheldConsequence", { winner: winnerName })
                : tf("buDismissedConsequence", { winner: winnerName })}
            </Typography.Paragraph>
          ) : null}
          <Form.Item
            name="reason"
            label={t("buRulingReason")}
            rules={[{ required: true, message: t("buRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={5000} data-testid="ruling-reason" />
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}
