// Workbench: an open challenge as the solver sees it (榜单详情) — its public details, the solver organisation's
// applications to it (GET /v1/applications?challengeId=) and the way to apply (a new application form).
import { Alert, Button, Card, List, Space, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { when } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { ChallengeDetails, cardTitle, loadPublicProgrammes } from "../portal/challenges.tsx";
import { ApplicationStatus, loadChallenge } from "./common.tsx";

type Mine = Answer<"/v1/applications">["items"][number];

export async function loadMyApplications(challengeId?: string): Promise<Mine[]> {
  return (await allPages((cursor) =>
    body(
      client.GET("/v1/applications", {
        params: {
          query: { limit: 100, ...(challengeId ? { challengeId } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    ),
  )) as Mine[];
}

export default function SolverChallenge() {
  const { t } = useWords();
  const navigate = useNavigate();
  const { challengeId = "" } = useParams();
  const loaded = useLoad(async () => {
    const [challenge, programmes, mine] = await Promise.all([
      loadChallenge(challengeId),
      loadPublicProgrammes(),
      loadMyApplications(challengeId),
    ]);
    return { challenge, programmes, mine };
  }, [challengeId]);
  return (
    <section>
      <Show loaded={loaded}>
        {({ challenge, programmes, mine }) => (
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Link to="/open-challenges">← {t("svOpenChallenges")}</Link>
            <Typography.Title level={1} className="page-title" data-testid="challenge-title">
              {challenge.title}
            </Typography.Title>
            <Typography.Text className="muted">{challenge.id}</Typography.Text>
            {challenge.status === "open" ? (
              <Button
                type="primary"
                data-testid="apply"
                onClick={() => navigate(`/open-challenges/${encodeURIComponent(challenge.id)}/apply`)}
                style={{ alignSelf: "flex-start" }}
              >
                {t("svApply")}
              </Button>
            ) : (
              <Alert type="info" showIcon title={t("svNotOpen")} />
            )}
            {mine.length > 0 ? (
              <Card size="small" title={<h2 style={cardTitle}>{t("svMyApplicationsHere")}</h2>}>
                <List
                  dataSource={mine}
                  renderItem={(a) => (
                    <List.Item>
                      <Space>
                        <Link to={`/my-applications/${encodeURIComponent(a.id)}`}>{a.id}</Link>
                        <ApplicationStatus status={a.status} />
                        <span className="muted">{when(a.updatedAt)}</span>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            ) : null}
            <ChallengeDetails challenge={challenge} programmes={programmes} />
          </Space>
        )}
      </Show>
    </section>
  );
}
