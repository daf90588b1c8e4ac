// Workbench: a project's page (项目) — parties and money, the timeline of milestones and tranches, its documents with
// their SHA-256 hashes, and its audit trail: every change of its records, hash-chained, each chain checked by the API
// up to the record's head (a deleted newest event shows as truncated).

import { Alert, Card, Descriptions, Empty, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { ApiError, body, client } from "../api/client.ts";
import { at, bool, type Json, list, num, optNum, optStr, str } from "../api/read.ts";
import { areas } from "../areas/all.ts";
import type { ProjectActionProps } from "../areas/area.ts";
import { hasRole, who } from "../auth.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Show, useLoad } from "../components/Load.tsx";
import { day, when, yuan } from "../format.ts";
import { useWords } from "../i18n.tsx";
import { moneyColumn } from "./common.tsx";
import { TimelineChart, type TimelineRow, timelineRows } from "./project-timeline.tsx";

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

const short = (hash: string) => (hash ? `${hash.slice(0, 12)}…` : "—");

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

function documents(track: Json, auditReportWord: string, label: (c: string) => string): DocumentRow[] {
  const milestones = list(track, "milestones");
  const files = milestones.flatMap((m) =>
    list(m, "files").map((f) => ({
      key: str(f, "fileId"),
      milestone: String(num(m, "index")),
      kind: label(str(f, "kind")),
      name: str(f, "fileName"),
      size: `${num(f, "sizeBytes")} B`,
      sha256: str(f, "sha256"),
      at: when(optStr(f, "reservedAt")),
      verified: Boolean(optStr(f, "verifiedAt")),
    })),
  );
  const reports = [
    ...milestones.flatMap((m) =>
      list(m, "auditReports").map((r) => ({ r, milestone: String(num(m, "index")) })),
    ),
    ...list(track, "auditReports").map((r) => ({ r, milestone: "—" })),
    ...(at(track, "acceptance", "auditReport")
      ? [{ r: at(track, "acceptance", "auditReport"), milestone: "—" }]
      : []),
  ].map(({ r, milestone }) => ({
    key: str(r, "jsonKey"),
    milestone,
    kind: `${auditReportWord} · ${str(r, "event")}`,
    name: str(r, "jsonKey").split("/").pop() ?? "",
    size: "",
    sha256: str(r, "sha256"),
    at: when(optStr(r, "at")),
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
        <Action key={i} {...props} />
      ))}
    </div>
  );
}

function ProjectView({ view, trail, reload }: { view: Json; trail: Json | undefined; reload: () => void }) {
  const w = useWords();
  const { t, stage, label } = w;
  const project = at(view, "project");
  const track = at(view, "track");
  const taskBook = at(track, "taskBook");
  const tranches = [...list(view, "tranches")].sort((a, b) => num(a, "index") - num(b, "index"));
  const rows = timelineRows(taskBook, track, tranches, w);
  const docs = documents(track, t("auditReports"), label);
  return (
    <>
      <Typography.Paragraph>
        <Link to="/programmes">← {t("programmes")}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} className="page-title" data-testid="project-title">
        {t("project")} {str(project, "id")}
      </Typography.Title>
      <Card data-testid="project-summary">
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t("status")}>
            <Tag className={`status status-${str(project, "status")}`}>{stage(str(project, "status"))}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("programme")}>{str(project, "programmeId")}</Descriptions.Item>
          <Descriptions.Item label={t("challenge")}>{str(project, "challengeId")}</Descriptions.Item>
          <Descriptions.Item label={t("enterprise")}>
            {str(at(project, "enterprise"), "name")}
          </Descriptions.Item>
          <Descriptions.Item label={t("solverLead")}>
            {str(at(project, "solverLead"), "name")}
          </Descriptions.Item>
          <Descriptions.Item label={t("grant")}>
            <span className="money">{yuan(num(project, "grantFen"))}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("rdInvestment")}>
            <span className="money">{yuan(num(project, "rdInvestmentFen"))}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("taskBookPeriod")}>
            {taskBook
              ? `${day(str(taskBook, "startDate"))} – ${day(str(taskBook, "endDate"))}${
                  optStr(taskBook, "signedOn")
                    ? ` · ${t("signedOn")} ${day(optStr(taskBook, "signedOn"))}`
                    : ""
                }`
              : t("noTaskBook")}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <ProjectActions
        projectId={str(project, "id")}
        view={view as ProjectActionProps["view"]}
        reload={reload}
      />

      <Typography.Title level={2}>{t("timeline")}</Typography.Title>
      {rows.length === 0 ? (
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
                render: (_, r) =>
                  r.date ? `${r.date}${r.kind === "milestone" ? ` (${t("due")})` : ""}` : "—",
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
      )}

      <Typography.Title level={2}>{t("documents")}</Typography.Title>
      {docs.length === 0 ? (
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
      )}

      {trail === undefined ? null : <AuditTrail trail={trail} />}
    </>
  );
}

/** The project's audit trail: each record's hash chain checked, then every event (programme staff only). */
function AuditTrail({ trail }: { trail: Json }) {
  const { t, tf, role } = useWords();
  const records = list(trail, "records");
  const broken = records.filter((r) => !bool(r, "ok"));
  const events = list(trail, "events");
  return (
    <>
      <Typography.Title level={2} id="audit-trail">
        {t("auditTrail")}
      </Typography.Title>
      <Alert
        data-testid="chain-status"
        type={bool(trail, "ok") ? "success" : "error"}
        showIcon
        title={
          bool(trail, "ok")
            ? tf("chainsOk", { n: records.length })
            : `${t("chainsBroken")}${broken
                .map(
                  (r) =>
                    `${str(r, "recordKind")} ${str(r, "recordId")} v${str(r, "brokenAt")} (${str(r, "reason")})`,
                )
                .join(", ")}`
        }
        style={{ marginBottom: 12 }}
      />
      <DataTable<Json>
        testid="audit-records"
        size="small"
        pagination={false}
        rowKey={(r) => `${str(r, "recordKind")}#${str(r, "recordId")}`}
        dataSource={records}
        columns={[
          { title: t("record"), key: "kind", render: (_, r) => str(r, "recordKind") },
          { title: "ID", key: "id", render: (_, r) => <code>{str(r, "recordId")}</code> },
          {
            title: t("version"),
            key: "version",
            align: "right",
            render: (_, r) => optNum(r, "version") ?? "—",
          },
          { title: t("events"), key: "events", align: "right", render: (_, r) => num(r, "events") },
          {
            title: t("chainCheck"),
            key: "ok",
            render: (_, r) =>
              bool(r, "ok") ? (
                <span className="ok">✓ {t("intact")}</span>
              ) : (
                <span className="bad">
                  ✗ v{str(r, "brokenAt")} {str(r, "reason")}
                </span>
              ),
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      <DataTable<Json>
        testid="audit-trail"
        size="small"
        pagination={false}
        rowKey={(e) => `${str(e, "recordKind")}#${str(e, "recordId")}#${str(e, "version")}`}
        dataSource={events}
        columns={[
          { title: t("time"), key: "at", render: (_, e) => when(str(e, "at")) },
          {
            title: t("record"),
            key: "record",
            render: (_, e) => (
              <>
                {str(e, "recordKind")}
                <div className="muted">{str(e, "recordId")}</div>
              </>
            ),
          },
          { title: t("version"), key: "version", align: "right", render: (_, e) => num(e, "version") },
          {
            title: t("actor"),
            key: "actor",
            render: (_, e) => (
              <>
                {str(e, "actor")}
                <div className="muted">{role(str(e, "role"))}</div>
              </>
            ),
          },
          { title: t("action"), key: "action", render: (_, e) => str(e, "action") },
          {
            title: t("hash"),
            key: "hash",
            render: (_, e) => (
              <code className="hash short" title={str(e, "hash")}>
                {short(str(e, "hash"))}
              </code>
            ),
          },
          {
            title: t("prevHash"),
            key: "prev",
            render: (_, e) => (
              <code className="hash short muted" title={str(e, "prevHash")}>
                {short(str(e, "prevHash"))}
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
