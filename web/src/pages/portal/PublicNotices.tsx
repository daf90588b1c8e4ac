// Workbench: the public notices (公示) list — newest first, each with its challenge title, winners, working-day window
// and status; no sign-in.
import { Empty, Typography } from "antd";
import { Link } from "react-router";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadPublicNotices, NoticeStatus, type PublicNotice } from "./notices.tsx";
import { PublicFrame } from "./PublicFrame.tsx";

export default function PublicNotices() {
  const { t, tf } = useWords();
  const loaded = useLoad(loadPublicNotices, []);
  return (
    <PublicFrame>
      <Typography.Title level={1} className="page-title">
        {t("ptNotices")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("ptNoticesIntro")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {(notices) =>
          notices.length === 0 ? (
            <Empty description={t("ptNoNotices")} />
          ) : (
            <DataTable<PublicNotice>
              testid="notice-list"
              rowKey="id"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={notices}
              onRow={(n) => ({ "data-notice": n.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t("title"),
                  key: "title",
                  render: (_, n) => (
                    <Link to={`/public/notices/${encodeURIComponent(n.id)}`}>
                      {n.title}
                      {n.seq > 1 ? ` ${tf("ptNoticeSeq", { n: n.seq })}` : ""}
                    </Link>
                  ),
                },
                {
                  title: t("ptWinners"),
                  key: "winners",
                  render: (_, n) => n.winners.map((w) => w.organisations.join("、")).join("；"),
                },
                {
                  title: t("ptNoticePeriod"),
                  key: "period",
                  render: (_, n) =>
                    tf("ptNoticeDays", { first: day(n.firstDay), last: day(n.lastDay), n: n.workingDays }),
                },
                { title: t("status"), key: "status", render: (_, n) => <NoticeStatus notice={n} /> },
              ]}
            />
          )
        }
      </Show>
    </PublicFrame>
  );
}
