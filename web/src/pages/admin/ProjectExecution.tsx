// Workbench: on a project's page (admin, auditor), the execution the project is waiting in — the lifecycle chain's
// execution in charge, or the phase execution of the older project-phase — linked to the executions inspector, whose
// graph highlights the state it stands in.
import { Card, Typography } from "antd";
import { Link } from "react-router";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { useWords } from "../../i18n.tsx";

/** The project's current execution: its machine (catalog name) and execution name, while the project runs. */
export function currentExecution(
  projectId: string,
  track: ProjectActionProps["view"]["track"],
): { machine: string; name: string; stage?: string } | undefined {
  if (!track || track.status === "closed") return undefined;
  if (track.lifecycle) {
    const { machine, execution, parked } = track.lifecycle;
    return parked ? { machine, name: execution, stage: parked.stage } : { machine, name: execution };
  }
  if (track.phase === undefined) return undefined;
  return { machine: "project-phase", name: `project-${projectId}-p${track.phase}` };
}

export function ProjectExecutionLink({ projectId, view }: ProjectActionProps) {
  const { t } = useWords();
  if (!hasRole(who(), "admin", "auditor")) return null;
  const current = currentExecution(projectId, view.track);
  if (!current) return null;
  const to = `/executions/view?${new URLSearchParams({ sm: current.machine, name: current.name })}`;
  return (
    <Card
      size="small"
      title={t("currentExecution")}
      style={{ marginBottom: 16 }}
      data-testid="project-execution"
    >
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        <Link to={to} data-testid="project-execution-link">
          {current.name}
        </Link>{" "}
        <span className="muted">
          ({current.machine}
          {current.stage ? ` · ${t("waitingAt")} ${current.stage}` : ""})
        </span>
      </Typography.Paragraph>
    </Card>
  );
}
