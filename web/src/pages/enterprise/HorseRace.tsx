// Workbench (enterprise): a challenge's horse race (赛马) at its key milestone — the parallel projects with their
// solvers and status, the decisions so far (the bureau's, the enterprise's), and the enterprise's decision: which
// projects continue, and for each that closes the spending verified for its settlement (yuan, sent as fen); confirmed
// first. When the bureau and the enterprise agree, the others close with settlement.
import { Alert, Card, Checkbox, Form, Input, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { fenOf } from "./upload.ts";

interface Values {
  continuing: string[];
  settlements?: Record<string, string>;
}

export default function HorseRacePage() {
  const { challengeId = "" } = useParams();
  const { t, stage, role } = useWords();
  const loaded = useLoad(async () => {
    const path = { params: { path: { challengeId } } };
    const [challenge, race] = await Promise.all([
      body(client.GET("/v1/challenges/{challengeId}", path)),
      body(client.GET("/v1/challenges/{challengeId}/horse-race", path)),
    ]);
    return { challenge, race };
  }, [challengeId]);
  return (
    <section>
      <Typography.Paragraph>
        <Link to="/enterprise/challenges">← {t("myChallenges")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ challenge, race }) => {
          const mine = race.race?.decisions.find((d) => d.party === "enterprise");
          const deciding = race.race?.status === "deciding";
          return (
            <>
              <Typography.Title level={1} className="page-title">
                {challenge.title} · {t("horseRace")}
              </Typography.Title>
              <DataTable
                testid="race-projects"
                size="small"
                pagination={false}
                rowKey="projectId"
                dataSource={race.projects}
                columns={[
                  {
                    title: t("project"),
                    key: "p",
                    render: (_, p) => (
                      <Link to={`/projects/${encodeURIComponent(p.projectId)}`}>{p.projectId}</Link>
                    ),
                  },
                  { title: t("solverLead"), key: "s", render: (_, p) => p.solver.name },
                  { title: t("keyMilestone"), dataIndex: "keyMilestone", align: "right" },
                  {
                    title: t("status"),
                    key: "st",
                    render: (_, p) => <Tag className={`status status-${p.status}`}>{stage(p.status)}</Tag>,
                  },
                ]}
                style={{ marginBottom: 16 }}
              />
              {race.race === null ? <Alert type="info" showIcon title={t("raceNotYet")} /> : null}
              {(race.race?.decisions ?? []).map((d) => (
                <Alert
                  key={d.party}
                  type="success"
                  showIcon
                  style={{ marginBottom: 8 }}
                  title={`${role(d.party)} ${when(d.at)}：${t("continuing")} ${d.continuing.join("、")}`}
                />
              ))}
              {race.race?.outcome ? (
                <Alert
                  type="success"
                  showIcon
                  title={`${t("raceDecided")} ${when(race.race.outcome.decidedAt)}：${t("continuing")} ${race.race.outcome.continuing.join("、")}`}
                />
              ) : null}
              {deciding && !mine ? (
                <Card title={t("raceDecision")}>
                  <ActionForm<Values, unknown>
                    testId="race-form"
                    submitLabel={t("decideRace")}
                    confirm={t("decideRaceConfirm")}
                    once
                    submit={(v) => {
                      const closing = race.projects.filter((p) => !v.continuing.includes(p.projectId));
                      return body(
                        client.POST("/v1/challenges/{challengeId}/horse-race/decision", {
                          params: { path: { challengeId } },
                          body: {
                            continuing: v.continuing,
                            settlements: closing.map((p) => ({
                              projectId: p.projectId,
                              verifiedSpendingFen: fenOf(v.settlements?.[p.projectId]) ?? 0,
                            })),
                          },
                        }),
                      );
                    }}
                    done={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
                  >
                    <Form.Item
                      label={t("continuing")}
                      name="continuing"
                      rules={[{ required: true, type: "array", min: 1, message: t("chooseContinuing") }]}
                    >
                      <Checkbox.Group
                        options={race.projects.map((p) => ({
                          value: p.projectId,
                          label: `${p.solver.name} (${p.projectId})`,
                        }))}
                      />
                    </Form.Item>
                    {race.projects.map((p) => (
                      <Form.Item
                        key={p.projectId}
                        label={`${t("verifiedSpending")} · ${p.solver.name}`}
                        name={["settlements", p.projectId]}
                        extra={t("verifiedSpendingHint")}
                        rules={[
                          {
                            validator: (_, v: string | undefined) =>
                              !v || fenOf(v) !== undefined
                                ? Promise.resolve()
                                : Promise.reject(new Error(t("yuanFormat"))),
                          },
                        ]}
                      >
                        <Input inputMode="decimal" style={{ width: 220, textAlign: "right" }} />
                      </Form.Item>
                    ))}
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
