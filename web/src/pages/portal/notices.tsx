// Workbench: public notices (公示) as anyone reads them — the notice's working-day window (first and last day, the end
// instant), its status in words, the provisional mark with its note and the correction note when the API gives them.
import { Alert, Descriptions, Space, Tag } from "antd";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { day, when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";

export type PublicNotice = Answer<"/v1/public/notices/{noticeId}">;

export async function loadPublicNotices(): Promise<PublicNotice[]> {
  return (await allPages((cursor) =>
    body(
      client.GET("/v1/public/notices", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    ),
  )) as PublicNotice[];
}

// Dark text on the tag's light ground (Ant Design's orange and green presets are below 4.5:1).
const provisionalTag = { color: "#874d00", background: "#fff7e6", borderColor: "#ffd591" } as const;
const extendedTag = { color: "#135200", background: "#f6ffed", borderColor: "#b7eb8f" } as const;

export function NoticeStatus({ notice }: { notice: PublicNotice }) {
  const { t } = useWords();
  return (
    <Space size={4} wrap>
      <Tag color={notice.acceptingObjections ? "blue" : undefined}>
        {t(`ptNotice-${notice.status}` as WordKey)}
      </Tag>
      {notice.provisional ? (
        <Tag style={provisionalTag} data-testid="provisional-mark">
          {t("ptProvisional")}
        </Tag>
      ) : null}
      {notice.correction ? <Tag style={extendedTag}>{t("ptExtended")}</Tag> : null}
    </Space>
  );
}

/** The window: published, first and last working day, the end instant; the notes on a provisional or moved end. */
export function NoticeWindow({ notice: n }: { notice: PublicNotice }) {
  const { t, tf, lang } = useWords();
  return (
    <Space orientation="vertical" size="small" style={{ width: "100%" }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="notice-window">
        <Descriptions.Item label={t("status")}>
          <NoticeStatus notice={n} />
        </Descriptions.Item>
        <Descriptions.Item label={t("ptPublishedAt")}>{when(n.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label={t("ptNoticePeriod")}>
          <span data-testid="notice-period">
            {tf("ptNoticeDays", { first: day(n.firstDay), last: day(n.lastDay), n: n.workingDays })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("ptObjectionsUntil")}>{when(n.endsAt)}</Descriptions.Item>
      </Descriptions>
      {n.provisionalNote ? (
        <Alert
          type="warning"
          showIcon
          data-testid="provisional-note"
          title={t("ptProvisional")}
          description={lang === "en" ? n.provisionalNote.en : n.provisionalNote.zh}
        />
      ) : null}
      {n.correction ? (
        <Alert
          type="success"
          showIcon
          data-testid="correction-note"
          title={t("ptExtended")}
          description={lang === "en" ? n.correction.note : n.correction.noteZh}
        />
      ) : null}
    </Space>
  );
}
