// Workbench: the solver's open challenges (揭榜) — the published challenges now taking applications, searched by
// words, field, programme and deadline (GET /v1/public/challenges: the programme is the API's filter, the rest the
// page's), each linking to its page with the application form.
import { Typography } from "antd";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import {
  ChallengeSearch,
  loadPublicChallenges,
  loadPublicProgrammes,
  useChallengeSearch,
} from "../portal/challenges.tsx";

export default function OpenChallenges() {
  const { t } = useWords();
  const { filter, set } = useChallengeSearch();
  const loaded = useLoad(async () => {
    const [programmes, challenges] = await Promise.all([
      loadPublicProgrammes(),
      loadPublicChallenges(filter.programme || undefined),
    ]);
    return { programmes, challenges: challenges.filter((c) => c.status === "open") };
  }, [filter.programme]);
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("svOpenChallenges")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("svOpenChallengesIntro")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {({ programmes, challenges }) => (
          <ChallengeSearch
            programmes={programmes}
            challenges={challenges}
            filter={{ ...filter, open: false }}
            set={set}
            hideOpenOnly
            linkTo={(c) => `/open-challenges/${encodeURIComponent(c.id)}`}
          />
        )}
      </Show>
    </section>
  );
}
