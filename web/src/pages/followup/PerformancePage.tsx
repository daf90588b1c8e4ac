// Workbench: /projects/{id}/performance, where the experts' (打分) and the bureau's (决定) to-dos lead — the project's
// performance card. An expert reads only the evaluation (the project's page is not theirs); the others also the project.
import { Typography } from "antd";
import { Link, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { useWords } from "../../i18n.tsx";
import { PerformanceCard } from "./Performance.tsx";

export default function PerformancePage() {
  const { projectId = "" } = useParams();
  const { t } = useWords();
  const expertOnly = hasRole(who(), "expert") && !hasRole(who(), "bureau", "enterprise", "solver");
  const loaded = useLoad(
    async () =>
      expertOnly ? null : body(client.GET("/v1/projects/{projectId}", { params: { path: { projectId } } })),
    [projectId, expertOnly],
  );
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("pfTitle")}
      </Typography.Title>
      <Show loaded={loaded}>
        {(view) => (
          <>
            <Typography.Paragraph>
              {view ? (
                <Link to={`/projects/${encodeURIComponent(projectId)}`}>
                  {view.project.title ?? projectId}
                </Link>
              ) : null}{" "}
              {view && view.project.title === projectId ? null : (
                <span className="muted" data-secondary>
                  {projectId}
                </span>
              )}
            </Typography.Paragraph>
            <PerformanceCard
              projectId={projectId}
              changed={() => (loaded.state === "ready" && view ? loaded.reload() : undefined)}
              context={{
                running: view?.track?.status === "in-progress",
                leadSolverId: view?.project.solverLead.organisationId,
                milestones: view?.track?.taskBook?.milestones ?? [],
                title: view && view.names.title !== projectId ? view.names.title : undefined,
              }}
            />
          </>
        )}
      </Show>
    </section>
  );
}
