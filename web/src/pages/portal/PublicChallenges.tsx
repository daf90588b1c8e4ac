// Workbench: the public portal's published challenges (张榜公布) — search by words, field, programme and deadline; no
// sign-in. The programme is asked of GET /v1/public/challenges, the rest filtered in the page.
import { Typography } from "antd";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import {
  ChallengeSearch,
  loadPublicChallenges,
  loadPublicProgrammes,
  useChallengeSearch,
} from "./challenges.tsx";
import { PublicFrame } from "./PublicFrame.tsx";

export default function PublicChallenges() {
  const { t } = useWords();
  const { filter, set } = useChallengeSearch();
  const loaded = useLoad(async () => {
    const [programmes, challenges] = await Promise.all([
      loadPublicProgrammes(),
      loadPublicChallenges(filter.programme || undefined),
    ]);
    return { programmes, challenges };
  }, [filter.programme]);
  return (
    <PublicFrame>
      <Typography.Title level={1} className="page-title">
        {t("ptChallenges")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ programmes, challenges }) => (
          <ChallengeSearch
            programmes={programmes}
            challenges={challenges}
            filter={filter}
            set={set}
            linkTo={(c) => `/public/challenges/${encodeURIComponent(c.id)}`}
          />
        )}
      </Show>
    </PublicFrame>
  );
}
