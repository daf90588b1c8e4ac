// Workbench (enterprise and bureau): a challenge's horse race (赛马) at its key milestone — the parallel projects with
// their solvers and status, the decisions so far (the bureau's, the enterprise's, each by the decider's name), and the
// signed-in party's decision while the race waits for it (the bureau's 待办 links here): which projects continue and,
// the bureau only, for each that closes the spending verified for its settlement (yuan, sent as fen); confirmed first.
// When the bureau and the enterprise agree, the others close with settlement.
import { Alert, Card, Form, Input, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { CheckboxChoices } from "../../components/CheckboxChoices.tsx";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
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
  const party = hasRole(who(), "bureau") ? "bureau" : "enterprise";
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
        {party === "bureau" ? (
          <Link to="/">← {t("home")}</Link>
        ) : (
          <Link to="/enterprise/challenges">← {t("myChallenges")}</Link>
        )}
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ challenge, race }) => {
          const decisions = race.race?.decisions ?? [];
          const mine = decisions.find((d) => d.party === party);
          const other = decisions.find((d) => d.party !== party);
          const same = (a: readonly string[], b: readonly string[]) =>
            a.length === b.length && a.every((x) => b.includes(x));
          // As the race's to-dos (functions/projects/rules/horse-race-todos.ts): not chosen yet, or the other party
          // chose differently since.
          const waitsForMe =
            !mine || (other !== undefined && !same(other.continuing, mine.continuing) && mine.at <= other.at);
          const deciding =
            (race.race === null ? race.projects.length >= 2 : race.race.status === "deciding") && waitsForMe;
          // A project of the race by its lead solver's name (the projects share the challenge's title).
          const solvers = (ids: readonly string[]) =>
            ids.map((id) => race.projects.find((p) => p.projectId === id)?.solver.name ?? id).join("、");
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
                      <>
                        <Link to={`/projects/${encodeURIComponent(p.projectId)}`}>{challenge.title}</Link>
                        <div className="muted" data-secondary>
                          {p.projectId}
                        </div>
                      </>
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
                  data-testid={`race-decision-${d.party}`}
                  title={
                    <>
                      {role(d.party)} <Person id={d.by} name={d.byName} /> {when(d.at)}：{t("continuing")}{" "}
                      {solvers(d.continuing)}
                    </>
                  }
                />
              ))}
              {race.race?.outcome ? (
                <Alert
                  type="success"
                  showIcon
                  title={`${t("raceDecided")} ${when(race.race.outcome.decidedAt)}：${t("continuing")} ${solvers(race.race.outcome.continuing)}`}
                  data-testid="race-outcome"
                />
              ) : null}
              {deciding ? (
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
                            // The bureau settles each project that closes; the enterprise sends none (the API
                            // refuses an enterprise's settlements: SETTLEMENT_BY_BUREAU).
                            ...(party === "bureau"
                              ? {
                                  settlements: closing.map((p) => ({
                                    projectId: p.projectId,
                                    verifiedSpendingFen: fenOf(v.settlements?.[p.projectId]) ?? 0,
                                  })),
                                }
                              : {}),
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
                      <CheckboxChoices
                        options={race.projects.map((p) => ({
                          value: p.projectId,
                          label: p.solver.name,
                        }))}
                      />
                    </Form.Item>
                    {(party === "bureau" ? race.projects : []).map((p) => (
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
