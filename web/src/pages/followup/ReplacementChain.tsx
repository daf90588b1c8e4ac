// Workbench (the performance card, Performance.tsx): a project's replacement chain (递补, 泰安《实施意见》第24条) by names —
// whom it replaced, whether an objection to its notice was upheld (递补公示异议成立) and it ended, who replaced it in turn,
// a next candidate waiting for the bureau's 就高不重复 decision, or nobody left (无可递补对象, the money stays with finance).
import { Descriptions, Tag } from "antd";
import { Link } from "react-router";
import type { Answer } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { day, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";

type Performance = NonNullable<Answer<"/v1/projects/{projectId}/performance">>;

/** A project of the chain by its lead solver's name, linked to its page. */
function ProjectLink({ id, names, testId }: { id: string; names: Record<string, string>; testId: string }) {
  return (
    <Link to={`/projects/${encodeURIComponent(id)}`} data-testid={testId}>
      {names[id] ?? id}
    </Link>
  );
}

export function ReplacementChain({ perf }: { perf: Performance }) {
  const { t, tf } = useWords();
  const names = perf.names ?? {};
  const withdrawn = perf.withdrawn;
  const next = perf.nextOffer;
  // The evaluation's own decision shows the first replacement; the chain shows what a withdrawal changed.
  if (!perf.replaces && !withdrawn && !next) return null;
  const skipped = next?.skipped ?? [];
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      title={t("pfChain")}
      style={{ marginBottom: 12 }}
      data-testid="replacement-chain"
    >
      {perf.replaces ? (
        <Descriptions.Item label={t("pfChainFrom")}>
          <ProjectLink id={perf.replaces} names={names} testId="chain-replaces" />
        </Descriptions.Item>
      ) : null}
      {withdrawn && withdrawn.originProjectId !== perf.replaces ? (
        <Descriptions.Item label={t("pfChainOrigin")}>
          <ProjectLink id={withdrawn.originProjectId} names={names} testId="chain-origin" />
        </Descriptions.Item>
      ) : null}
      {withdrawn ? (
        <>
          <Descriptions.Item label={t("pfChainEnded")}>
            <Tag color="red" data-testid="chain-withdrawn">
              {t("pfChainWithdrawn")}
            </Tag>
            <span className="muted">{day(withdrawn.at)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("pfChainRuling")}>{withdrawn.ruling}</Descriptions.Item>
          <Descriptions.Item label={t("pfChainOffered")}>
            <span className="money">{yuan(withdrawn.offeredFen)}</span>
          </Descriptions.Item>
        </>
      ) : null}
      {withdrawn && perf.replacedBy ? (
        <Descriptions.Item label={t("pfChainNext")}>
          <ProjectLink id={perf.replacedBy} names={names} testId="chain-replaced-by" />
        </Descriptions.Item>
      ) : null}
      {next?.status === "awaiting-overlap" && next.applicationId ? (
        <Descriptions.Item label={t("pfChainAwaiting")}>
          <span data-testid="chain-awaiting">{names[next.applicationId] ?? next.applicationId}</span>
          {hasRole(who(), "bureau") ? (
            <>
              {" "}
              <Link to="/bureau/overlap">{t("pfChainDecide")}</Link>
            </>
          ) : null}
        </Descriptions.Item>
      ) : null}
      {next?.status === "none-left" ? (
        <Descriptions.Item label={t("pfChainNone")}>
          <span data-testid="chain-none-left">
            {tf("pfChainNoneText", { left: yuan(next.leftFen ?? 0) })}
          </span>
        </Descriptions.Item>
      ) : null}
      {skipped.length > 0 ? (
        <Descriptions.Item label={t("pfChainSkipped")}>
          {skipped.map((id) => names[id] ?? id).join("、")}
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
