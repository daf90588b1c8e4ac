// Workbench: /projects/{id}/road-show, where the bureau's to-do (处理投融资路演申请) leads — the project's title and its
// road-show card (the same as on the project's page), with a link back to the project.
import { Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import { RoadShow } from "./RoadShow.tsx";

export default function RoadShowPage() {
  const { projectId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(
    () => body(client.GET("/v1/projects/{projectId}", { params: { path: { projectId } } })),
    [projectId],
  );
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("fuRoadShow")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(view) => (
          <>
            <Typography.Paragraph>
              <Link to={`/projects/${encodeURIComponent(projectId)}`}>{view.project.title ?? projectId}</Link>{" "}
              <span className="muted">{projectId}</span>
            </Typography.Paragraph>
            <RoadShow
              projectId={projectId}
              view={view}
              reload={loaded.state === "ready" ? loaded.reload : () => {}}
            />
          </>
        )}
      </Show>
    </section>
  );
}
