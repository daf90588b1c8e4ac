// Workbench: the experts' opinions on a project's page — each decided milestone review's and the final acceptance's
// votes, with the expert's name as stored with the vote (for a vote stored without one, the pool's name). Shown
// once the review is decided, so a panel member who has not voted never reads the others' opinions first.
import { Typography } from "antd";
import { DataTable } from "../components/DataTable.tsx";
import { Person } from "../components/Person.tsx";
import { when } from "../format.ts";
import { useWords } from "../i18n.tsx";
import type { WordKey } from "../words.ts";
import type { Track } from "./project-timeline.tsx";

interface OpinionRow {
  key: string;
  review: string;
  expertId: string;
  expertName: string | undefined;
  verdict: string;
  score: number | undefined;
  comment: string;
  at: string;
}

export function opinionRows(
  track: Track | undefined,
  milestoneWord: (n: number) => string,
  acceptanceWord: string,
) {
  const rows: OpinionRow[] = [];
  for (const m of track?.milestones ?? []) {
    m.reports.forEach((report, i) => {
      if (!report.decision) return;
      for (const v of report.votes)
        rows.push({
          key: `m${m.index}-${i}-${v.expertId}`,
          review: milestoneWord(m.index),
          expertId: v.expertId,
          expertName: v.expertName,
          verdict: v.verdict,
          score: undefined,
          comment: v.comment,
          at: v.at,
        });
    });
  }
  const acceptance = track?.acceptance;
  if (acceptance?.result)
    for (const v of acceptance.votes)
      rows.push({
        key: `acceptance-${v.expertId}`,
        review: acceptanceWord,
        expertId: v.expertId,
        expertName: v.expertName,
        verdict: v.verdict,
        score: v.performanceScore,
        comment: v.comment,
        at: v.at,
      });
  return rows;
}

export function ExpertOpinions({
  track,
  experts = {},
}: {
  track: Track | undefined;
  /** The experts' names in the pool, by id (the project view's names.experts): for a vote stored without a name. */
  experts?: Readonly<Record<string, string>>;
}) {
  const { t, tf } = useWords();
  const rows = opinionRows(track, (n) => tf("milestoneReview", { n }), t("acceptanceReview"));
  if (rows.length === 0) return null;
  return (
    <>
      <Typography.Title level={2}>{t("expertOpinions")}</Typography.Title>
      <DataTable<OpinionRow>
        testid="expert-opinions"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { title: t("item"), dataIndex: "review" },
          {
            title: t("opinionExpert"),
            key: "expert",
            render: (_, r) => (
              <Person
                id={r.expertId}
                name={r.expertName && r.expertName !== r.expertId ? r.expertName : experts[r.expertId]}
              />
            ),
          },
          {
            title: t("opinionVerdict"),
            key: "verdict",
            render: (_, r) => t(`verdict-${r.verdict}` as WordKey),
          },
          { title: t("opinionScore"), key: "score", align: "right", render: (_, r) => r.score ?? "—" },
          { title: t("opinionComment"), dataIndex: "comment" },
          { title: t("time"), key: "at", render: (_, r) => when(r.at) },
        ]}
        style={{ marginBottom: 16 }}
      />
    </>
  );
}
