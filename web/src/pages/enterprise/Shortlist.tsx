// Workbench (enterprise): the shortlist decision (确定入围) on a challenge's award round — the ranking the experts'
// scores made (rank, weighted score, lead organisation), and the enterprise's choice: one winner, or a horse race
// (赛马) with how many winners; confirmed first, then the bureau and the approver confirm it.
import { Alert, Card, Form, InputNumber, Radio, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { orgName } from "./Applications.tsx";

type Award = Answer<"/v1/awards/{challengeId}">;
type Ranked = Award["ranking"][number];
type Application = Answer<"/v1/applications/{applicationId}">;

const score = (bp: number) => (bp / 100).toFixed(2);

export default function ShortlistPage() {
  const { challengeId = "" } = useParams();
  const { t, tf, label, stage } = useWords();
  const loaded = useLoad(async () => {
    const path = { params: { path: { challengeId } } };
    const [challenge, award, applications] = await Promise.all([
      body(client.GET("/v1/challenges/{challengeId}", path)),
      body(client.GET("/v1/awards/{challengeId}", path)),
      allPages((cursor) =>
        body(
          client.GET("/v1/challenges/{challengeId}/applications", {
            params: { path: { challengeId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ) as Promise<Application[]>,
    ]);
    return { challenge, award, applications };
  }, [challengeId]);
  return (
    <section>
      <Typography.Paragraph>
        <Link to="/enterprise/challenges">← {t("myChallenges")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ challenge, award, applications }) => {
          const byId = new Map(applications.map((a) => [a.id, a]));
          const waiting = award.waitingFor?.kind === "shortlist";
          const horseRace = challenge.horseRace;
          return (
            <>
              <Typography.Title level={1} className="page-title">
                {challenge.title} · {t("shortlistDecision")}
              </Typography.Title>
              <Typography.Paragraph>
                <Tag data-testid="award-stage">
                  {award.waitingFor ? label(award.waitingFor.kind) : stage(award.status)}
                </Tag>
                <span data-testid="shortlist-decided">
                  {award.shortlist
                    ? award.shortlist.race
                      ? tf("shortlistedRace", { n: award.shortlist.winners })
                      : t("shortlistedOne")
                    : null}
                </span>
              </Typography.Paragraph>
              {award.sentBack ? (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={`${t("sentBack")} ${when(award.sentBack.at)}：${award.sentBack.reason}`}
                />
              ) : null}
              <DataTable<Ranked>
                testid="ranking"
                size="small"
                pagination={false}
                rowKey="applicationId"
                dataSource={[...award.ranking].sort((a, b) => a.rank - b.rank)}
                columns={[
                  { title: t("rank"), dataIndex: "rank", align: "right" },
                  {
                    title: t("leadOrganisation"),
                    key: "lead",
                    render: (_, r) => {
                      const a = byId.get(r.applicationId);
                      return (
                        <>
                          {a ? orgName(a, a.leadOrganisationId) : (r.leadOrganisationId ?? "")}
                          <div className="muted">{r.applicationId}</div>
                        </>
                      );
                    },
                  },
                  {
                    title: t("score"),
                    key: "score",
                    align: "right",
                    render: (_, r) => score(r.scoreBp),
                  },
                  {
                    title: t("requested"),
                    key: "requested",
                    align: "right",
                    className: "money",
                    render: (_, r) => {
                      const a = byId.get(r.applicationId);
                      return a ? yuan(a.requestedFen) : "—";
                    },
                  },
                ]}
                style={{ marginBottom: 16 }}
              />
              {waiting ? (
                <Card title={t("shortlistDecision")}>
                  <ActionForm<{ race: boolean; winners: number }, unknown>
                    testId="shortlist-form"
                    submitLabel={t("decideShortlist")}
                    confirm={t("decideShortlistConfirm")}
                    danger={false}
                    once
                    initialValues={{ race: false, winners: 1 }}
                    submit={(v) =>
                      body(
                        client.POST("/v1/awards/{challengeId}/shortlist", {
                          params: { path: { challengeId } },
                          body: { race: v.race, winners: v.race ? v.winners : 1 },
                        }),
                      )
                    }
                    done={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
                  >
                    <Form.Item label={t("raceOrNot")} name="race" rules={[{ required: true }]}>
                      <Radio.Group
                        options={[
                          { value: false, label: t("oneWinner") },
                          { value: true, label: t("horseRaceWinners"), disabled: !horseRace.allowed },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate={(a, b) => a.race !== b.race}>
                      {({ getFieldValue }) =>
                        getFieldValue("race") ? (
                          <Form.Item
                            label={t("winners")}
                            name="winners"
                            extra={tf("winnersHint", { n: horseRace.maxWinners })}
                            rules={[{ required: true, message: t("required") }]}
                          >
                            <InputNumber name="winners" min={2} max={10} precision={0} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </ActionForm>
                </Card>
              ) : null}
            </>
          );
        }}
      </Show>
    </section>
  );
}
