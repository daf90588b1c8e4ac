// Workbench: a project's page (项目) — parties and money, the timeline of milestones and tranches, its documents with
// their SHA-256 hashes, and its audit trail: every change of its records, hash-chained, each chain checked by the API
// up to the record's head (a deleted newest event shows as truncated). The long sections fold (Collapse): on a step's
// own page (/projects/{id}/termination …) all of them, so the step's form is reached without scrolling past them.

import { Alert, Card, Collapse, Descriptions, Empty, Tag, Typography } from "antd";
import { Suspense, useEffect } from "react";
import { Link, useLocation, useParams } from "react-router";
import { type Answer, ApiError, body, client } from "../api/client.ts";
import { areas } from "../areas/all.ts";
import type { ProjectActionProps } from "../areas/area.ts";
import { hasRole, who } from "../auth.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Show, useLoad } from "../components/Load.tsx";
import { day, when, yuan } from "../format.ts";
import { useWords } from "../i18n.tsx";
import { moneyColumn } from "./common.tsx";
import { ExpertOpinions } from "./project-opinions.tsx";
import { TimelineChart, type TimelineRow, type Track, timelineRows } from "./project-timeline.tsx";

type View = Answer<"/v1/projects/{projectId}">;
type Trail = Answer<"/v1/projects/{projectId}/audit-trail">;
type TrailRecord = Trail["records"][number];
type TrailEvent = Trail["events"][number];

/** Who may read a project's audit trail (the catalog's roles of GET /v1/projects/{projectId}/audit-trail). */
const auditTrailRoles = ["bureau", "approver", "finance", "admin", "auditor"];

async function loadProject(projectId: string) {
  const path = { params: { path: { projectId } } };
  const [view, trail] = await Promise.all([
    body(client.GET("/v1/projects/{projectId}", path)),
    // The audit trail is programme staff's: a party of the project (its enterprise, its solvers) sees the page without
    // it — not asked for by other roles, and a refusal (a role changed since sign-in) shows the page without it too.
    hasRole(who(), ...auditTrailRoles)
      ? body(client.GET("/v1/projects/{projectId}/audit-trail", path)).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 403) return undefined;
          throw e;
        })
      : Promise.resolve(undefined),
  ]);
  return { view, trail };
}

const short = (hash: string | undefined) => (hash ? `${hash.slice(0, 12)}…` : "—");

interface DocumentRow {
  key: string;
  milestone: string;
  kind: string;
  name: string;
  size: string;
  sha256: string;
  at: string;
  verified?: boolean;
}

function documents(
  track: Track | undefined,
  auditReportWord: string,
  label: (c: string) => string,
): DocumentRow[] {
  const milestones = track?.milestones ?? [];
  const files = milestones.flatMap((m) =>
    m.files.map((f) => ({
      key: f.fileId,
      milestone: String(m.index),
      kind: label(f.kind),
      name: f.fileName,
      size: `${f.sizeBytes} B`,
      sha256: f.sha256,
      at: when(f.reservedAt),
      verified: Boolean(f.verifiedAt),
    })),
  );
  const acceptanceReport = track?.acceptance?.auditReport;
  const reports = [
    ...milestones.flatMap((m) => (m.auditReports ?? []).map((r) => ({ r, milestone: String(m.index) }))),
    ...(track?.auditReports ?? []).map((r) => ({ r, milestone: "—" })),
    ...(acceptanceReport ? [{ r: acceptanceReport, milestone: "—" }] : []),
  ].map(({ r, milestone }) => ({
    key: r.jsonKey,
    milestone,
    kind: `${auditReportWord} · ${r.event}`,
    name: r.jsonKey.split("/").pop() ?? "",
    size: "",
    sha256: r.sha256,
    at: when(r.at),
  }));
  return [...files, ...reports];
}

/** Every area's forms for this project (each shows itself only to whom it concerns). */
function ProjectActions(props: ProjectActionProps) {
  const actions = areas.flatMap((a) => a.projectActions ?? []);
  return (
    <div className="project-actions" data-testid="project-actions">
      {actions.map((Action, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list of actions is fixed at build time
        <Suspense key={i} fallback={null}>
          <Action {...props} />
        </Suspense>
      ))}
    </div>
  );
}

function ProjectView({ view, trail, reload }: { view: View; trail: Trail | undefined; reload: () => void }) {
  const w = useWords();
  const { t, stage, label } = w;
  const { project, track, names } = view;
  const taskBook = track?.taskBook;
  const tranches = [...view.tranches].sort((a, b) => a.index - b.index);
  const rows = timelineRows(taskBook, track, tranches, w);
  const docs = documents(track, t("auditReports"), label);
  const { pathname, hash } = useLocation();
  // "/projects/{id}" is the project itself; a longer path is one of its steps (termination, a milestone, …).
  const atStep = pathname.replace(/\/+$/, "").split("/").length > 3;
  const open = [...(atStep ? [] : ["timeline"]), ...(hash === "#audit-trail" ? ["audit"] : [])];
  useEffect(() => {
    if (hash === "#audit-trail") document.getElementById("audit-trail")?.scrollIntoView({ block: "start" });
  }, [hash]);
  const timeline =
    rows.length === 0 ? (
      <Empty description={t("noTaskBook")} />
    ) : (
      <Card>
        <TimelineChart taskBook={taskBook} rows={rows} w={w} />
        <DataTable<TimelineRow>
          testid="timeline"
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          onRow={(r) => ({ "data-row": r.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t("date"),
              key: "date",
              render: (_, r) => (r.date ? `${r.date}${r.kind === "milestone" ? ` (${t("due")})` : ""}` : "—"),
            },
            { title: t("item"), dataIndex: "title" },
            {
              title: t("status"),
              key: "status",
              render: (_, r) => <Tag className={`status status-${r.status}`}>{stage(r.status)}</Tag>,
            },
            moneyColumn<TimelineRow>(t("amount"), (r) => r.amountFen, "amount"),
            { title: t("note"), key: "note", render: (_, r) => <span className="muted">{r.note}</span> },
          ]}
        />
      </Card>
    );
  const documentTable =
    docs.length === 0 ? (
      <Empty description={t("noDocuments")} />
    ) : (
      <DataTable<DocumentRow>
        testid="documents"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={docs}
        columns={[
          { title: t("milestone"), dataIndex: "milestone" },
          { title: t("kind"), dataIndex: "kind" },
          { title: t("fileName"), dataIndex: "name" },
          { title: t("size"), dataIndex: "size", align: "right" },
          { title: "SHA-256", key: "sha", render: (_, d) => <code className="hash">{d.sha256}</code> },
          {
            title: t("time"),
            key: "at",
            render: (_, d) => (
              <>
                {d.at}
                {d.verified === undefined ? null : (
                  <div className={d.verified ? "ok" : "muted"}>
                    {d.verified ? `✓ ${t("verified")}` : t("notVerified")}
                  </div>
                )}
              </>
            ),
          },
        ]}
      />
    );
  return (
    <>
      <Typography.Paragraph>
        <Link to="/programmes">← {t("programmes")}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} className="page-title" data-testid="project-title">
        {names.title}{" "}
        <Typography.Text type="secondary" className="page-title-id" data-secondary>
          {project.id}
        </Typography.Text>
      </Typography.Title>
      <Card data-testid="project-summary">
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t("status")}>
            <Tag className={`status status-${project.status}`}>{stage(project.status)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("programme")}>
            <span title={project.programmeId}>{names.programme}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("policy")}>{names.policy}</Descriptions.Item>
          <Descriptions.Item label={t("enterprise")}>
            <span title={project.enterprise.organisationId}>{project.enterprise.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("solverLead")}>
            <span title={project.solverLead.organisationId}>{project.solverLead.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("grant")}>
            <span className="money">{yuan(project.grantFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("rdInvestment")}>
            <span className="money">{yuan(project.rdInvestmentFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("taskBookPeriod")}>
            {taskBook
              ? `${day(taskBook.startDate)} – ${day(taskBook.endDate)}${
                  taskBook.signedOn ? ` · ${t("signedOn")} ${day(taskBook.signedOn)}` : ""
                }`
              : t("noTaskBook")}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <ProjectActions projectId={project.id} view={view} reload={reload} />

      <ExpertOpinions track={track} experts={names.experts} />

      <Collapse
        className="project-sections"
        data-testid="project-sections"
        defaultActiveKey={open}
        items={[
          { key: "timeline", label: t("timeline"), forceRender: true, children: timeline },
          { key: "documents", label: t("documents"), forceRender: true, children: documentTable },
          ...(trail === undefined
            ? []
            : [
                {
                  key: "audit",
                  label: t("auditTrail"),
                  forceRender: true,
                  children: <AuditTrail trail={trail} />,
                },
              ]),
        ]}
      />
    </>
  );
}

/** The project's audit trail: each record's hash chain checked, then every event (programme staff only). */
function AuditTrail({ trail }: { trail: Trail }) {
  const { t, tf, role } = useWords();
  const { records, events } = trail;
  const broken = records.filter((r) => !r.ok);
  const brokenAt = (r: TrailRecord) => ("brokenAt" in r ? `v${r.brokenAt} (${r.reason})` : "");
  return (
    <>
      <div id="audit-trail" />
      <Alert
        data-testid="chain-status"
        type={trail.ok ? "success" : "error"}
        showIcon
        title={
          trail.ok
            ? tf("chainsOk", { n: records.length })
            : `${t("chainsBroken")}${broken.map((r) => `${r.recordKind} ${r.recordId} ${brokenAt(r)}`).join(", ")}`
        }
        style={{ marginBottom: 12 }}
      />
      <DataTable<TrailRecord>
        testid="audit-records"
        size="small"
        pagination={false}
        rowKey={(r) => `${r.recordKind}#${r.recordId}`}
        dataSource={records}
        columns={[
          { title: t("record"), key: "kind", render: (_, r) => r.recordKind },
          {
            title: "ID",
            key: "id",
            render: (_, r) => (
              <code className="muted" data-secondary>
                {r.recordId}
              </code>
            ),
          },
          { title: t("version"), key: "version", align: "right", render: (_, r) => r.version ?? "—" },
          { title: t("events"), key: "events", align: "right", render: (_, r) => r.events },
          {
            title: t("chainCheck"),
            key: "ok",
            render: (_, r) =>
              r.ok ? (
                <span className="ok">✓ {t("intact")}</span>
              ) : (
                <span className="bad">✗ {brokenAt(r)}</span>
              ),
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      <DataTable<TrailEvent>
        testid="audit-trail"
        size="small"
        pagination={false}
        rowKey={(e) => `${e.recordKind}#${e.recordId}#${e.version}`}
        dataSource={events}
        columns={[
          { title: t("time"), key: "at", render: (_, e) => when(e.at) },
          {
            title: t("record"),
            key: "record",
            render: (_, e) => (
              <>
                {e.recordKind}
                <div className="muted">{e.recordId}</div>
              </>
            ),
          },
          { title: t("version"), key: "version", align: "right", render: (_, e) => e.version },
          {
            title: t("actor"),
            key: "actor",
            render: (_, e) => (
              <>
                <span className="muted" data-secondary>
                  {e.actor}
                </span>
                <div>{role(e.role)}</div>
              </>
            ),
          },
          { title: t("action"), key: "action", render: (_, e) => e.action },
          {
            title: t("hash"),
            key: "hash",
            render: (_, e) => (
              <code className="hash short" title={e.hash}>
                {short(e.hash)}
              </code>
            ),
          },
          {
            title: t("prevHash"),
            key: "prev",
            render: (_, e) => (
              <code className="hash short muted" title={e.prevHash}>
                {short(e.prevHash)}
              </code>
            ),
          },
        ]}
      />
    </>
  );
}

export default function ProjectPage() {
  const { projectId = "" } = useParams();
  const loaded = useLoad(() => loadProject(projectId), [projectId]);
  return (
    <section>
      <Show loaded={loaded}>
        {({ view, trail }) => (
          <ProjectView
            view={view}
            trail={trail}
            reload={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
          />
        )}
      </Show>
    </section>
  );
}
