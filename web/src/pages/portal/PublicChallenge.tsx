// Workbench: one published challenge on the public portal (榜单详情), as GET /v1/public/challenges/{challengeId} gives it;
// a solver is pointed to sign in to apply.
import { Alert, Space, Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import { ChallengeDetails, loadPublicProgrammes } from "./challenges.tsx";
import { PublicFrame } from "./PublicFrame.tsx";

export default function PublicChallengePage() {
  const { t } = useWords();
  const { challengeId = "" } = useParams();
  const loaded = useLoad(async () => {
    const [challenge, programmes] = await Promise.all([
      body(client.GET("/v1/public/challenges/{challengeId}", { params: { path: { challengeId } } })),
      loadPublicProgrammes(),
    ]);
    return { challenge, programmes };
  }, [challengeId]);
  return (
    <PublicFrame>
      <Show loaded={loaded}>
        {({ challenge, programmes }) => (
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Link to="/public/challenges">← {t("ptChallenges")}</Link>
            <Typography.Title level={1} className="page-title" data-testid="challenge-title">
              {challenge.title}
            </Typography.Title>
            <Typography.Text className="muted">{challenge.id}</Typography.Text>
            {challenge.status === "open" ? (
              <Alert
                type="info"
                showIcon
                title={
                  <span>
                    {t("ptApplyHint")}{" "}
                    <Link to={`/signin?${new URLSearchParams({ next: `/open-challenges/${challenge.id}` })}`}>
                      {t("ptSignInToApply")}
                    </Link>
                  </span>
                }
              />
            ) : null}
            <ChallengeDetails challenge={challenge} programmes={programmes} />
          </Space>
        )}
      </Show>
    </PublicFrame>
  );
}
