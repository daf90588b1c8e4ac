// Workbench: the public portal's first page (公开信息) — the programmes (批次) with their year, fields and the policy's
// public terms, each linking to its published challenges; no sign-in.
import { Card, Descriptions, Empty, Space, Tag, Typography } from "antd";
import { Link } from "react-router";
import { Show, useLoad } from "../../components/Load.tsx";
import { yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { cardTitle, loadPublicProgrammes } from "./challenges.tsx";
import { PublicFrame } from "./PublicFrame.tsx";

const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

export default function PublicProgrammes() {
  const { t, tf, named } = useWords();
  const loaded = useLoad(loadPublicProgrammes, []);
  return (
    <PublicFrame>
      <Typography.Title level={1} className="page-title">
        {t("ptProgrammes")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("ptIntro")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {(programmes) =>
          programmes.length === 0 ? (
            <Empty description={t("noProgrammes")} />
          ) : (
            <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
              {programmes.map((p) => (
                <Card
                  key={p.id}
                  data-testid="public-programme"
                  title={<h2 style={cardTitle}>{named(p.name, p.nameZh)}</h2>}
                  extra={
                    <Link to={`/public/challenges?${new URLSearchParams({ programme: p.id })}`}>
                      {t("ptSeeChallenges")}
                    </Link>
                  }
                >
                  <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                    <Descriptions.Item label={t("year")}>{p.year}</Descriptions.Item>
                    <Descriptions.Item label={t("policy")}>{p.policy.nameZh}</Descriptions.Item>
                    <Descriptions.Item label={t("ptFields")}>
                      {p.fields.map((f) => (
                        <Tag key={f}>{f}</Tag>
                      ))}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("ptSubsidyRate")}>
                      {percent(p.policy.subsidyRateBp)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("ptPolicyCap")}>
                      <span className="money">{yuan(p.policy.capFen)}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t("ptMaxPeriod")}>
                      {tf("ptMonths", { n: p.policy.maxPeriodMonths })}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("ptYoungShare")}>
                      {percent(p.policy.youngResearcherMinShareBp)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("ptNoticeLength")}>
                      {tf("ptWorkingDays", { n: p.policy.noticeWorkingDays })}
                    </Descriptions.Item>
                  </Descriptions>
                </Card>
              ))}
            </Space>
          )
        }
      </Show>
    </PublicFrame>
  );
}
