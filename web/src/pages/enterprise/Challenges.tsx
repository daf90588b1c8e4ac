// Workbench (enterprise): the challenges it posted (我的榜单) across programmes — each with its status and what it waits
// for, and the enterprise's steps on it: the 揭榜 agreements to sign, the shortlist decision, the horse race.
import { Empty, Space, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";
import { loadProgrammeList } from "./Demands.tsx";

type Challenge = Answer<"/v1/challenges">["items"][number];

export default function ChallengesPage() {
  const { t, stage, named, label } = useWords();
  const loaded = useLoad(async () => {
    const programmes = await loadProgrammeList();
    const names = new Map(programmes.map((p) => [p.id, named(p.name, p.nameZh)]));
    const challenges = (
      await Promise.all(
        programmes.map(
          (p) =>
            allPages((cursor) =>
              body(
                client.GET("/v1/challenges", {
                  params: { query: { programmeId: p.id, limit: 100, ...(cursor ? { cursor } : {}) } },
                }),
              ),
            ) as Promise<Challenge[]>,
        ),
      )
    ).flat();
    return { names, challenges };
  }, []);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("myChallenges")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ names, challenges }) =>
          challenges.length === 0 ? (
            <Empty description={t("noPostedChallenges")} />
          ) : (
            <DataTable<Challenge>
              testid="my-challenges"
              size="small"
              pagination={false}
              rowKey="id"
              dataSource={challenges}
              columns={[
                {
                  title: t("challenge"),
                  key: "title",
                  render: (_, c) => (
                    <>
                      {c.title}
                      <div className="muted">{c.id}</div>
                    </>
                  ),
                },
                { title: t("programme"), key: "programme", render: (_, c) => names.get(c.programmeId) },
                {
                  title: t("status"),
                  key: "status",
                  render: (_, c) => (
                    <Space orientation="vertical" size={0}>
                      <Tag className={`status status-${c.status}`}>{stage(c.status)}</Tag>
                      {c.waitingFor ? <span className="muted">{label(c.waitingFor.kind)}</span> : null}
                    </Space>
                  ),
                },
                moneyColumn<Challenge>(t("fundingCap"), (c) => c.fundingCapFen, "cap"),
                {
                  title: t("yourSteps"),
                  key: "steps",
                  render: (_, c) => {
                    const id = encodeURIComponent(c.id);
                    return (
                      <Space wrap>
                        <Link to={`/challenges/${id}/applications`}>{t("applicationsAndAgreements")}</Link>
                        <Link to={`/awards/${id}/shortlist`}>{t("shortlistDecision")}</Link>
                        {c.horseRace.allowed ? (
                          <Link to={`/challenges/${id}/horse-race`}>{t("horseRace")}</Link>
                        ) : null}
                      </Space>
                    );
                  },
                },
              ]}
            />
          )
        }
      </Show>
    </section>
  );
}
