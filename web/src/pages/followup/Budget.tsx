// Workbench (on a project's page): the task book's budget and the chief engineer's rights (《太原市…行动方案》四（七）2) —
// items as signed and now, each reallocation (a budget revision) and personnel change, seen by the enterprise, the
// solver and staff; the solver side reallocates (equipment: the organisation; other costs: the chief engineer), the
// bureau decides a change of chief engineer or sub-project lead with a reason.
import { AutoComplete, Card, Empty, Form, Input, Radio, Select, Typography } from "antd";
import { type Answer, body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { toFen } from "../bureau/money.ts";
import { YuanField } from "../bureau/parts.tsx";
import { moneyColumn } from "../common.tsx";
import { orNone } from "./parts.ts";

type Budget = Answer<"/v1/projects/{projectId}/budget">;
interface MoveValues {
  fromItem?: string;
  toItem?: string;
  amount?: string;
  actingAs?: "solver-organisation" | "chief-engineer";
  reason?: string;
}
interface PersonValues {
  role?: "chief-engineer" | "sub-project-lead";
  subProject?: string;
  name?: string;
  personId?: string;
  personOrganisationId?: string;
  reason?: string;
}

/** The roles the follow-up reads (budget, road-show) are open to; experts are not among them. */
export const followupReaders = ["enterprise", "solver", "bureau", "approver", "finance", "admin", "auditor"];

export function BudgetAction({ projectId, view }: ProjectActionProps) {
  const { t } = useWords();
  const user = who();
  // Who may read a project's budget (the route's roles): a panel expert on the page reads nothing, not a 403.
  const signed = Boolean(view.track?.taskBook?.signedAt) && hasRole(user, ...followupReaders);
  const loaded = useLoad(
    async () =>
      signed
        ? orNone(body(client.GET("/v1/projects/{projectId}/budget", { params: { path: { projectId } } })))
        : null,
    [projectId, signed],
  );
  if (!signed) return null;
  const running = view.track?.status === "in-progress";
  const solverOrgs = [view.project.solverLead, ...view.project.solverMembers];
  const isSolver = hasRole(user, "solver") && solverOrgs.some((o) => o.organisationId === user?.org);
  const reload = () => (loaded.state === "ready" ? loaded.reload() : undefined);
  return (
    <Show loaded={loaded}>
      {(budget) =>
        budget ? (
          <Card title={t("fuBudget")} style={{ marginTop: 16 }} data-testid="budget">
            <Typography.Paragraph type="secondary">{t("fuBudgetHint")}</Typography.Paragraph>
            <Items budget={budget} />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t("fuChiefEngineer")}：
              <span data-testid="chief-engineer">
                {budget.chiefEngineer.name ?? budget.chiefEngineer.personId}
              </span>{" "}
              <span className="muted">{budget.chiefEngineer.personId}</span>
            </Typography.Paragraph>
            <Revisions budget={budget} />
            {running && isSolver ? <Reallocate projectId={projectId} budget={budget} done={reload} /> : null}
            {running && hasRole(user, "bureau") ? (
              <Personnel projectId={projectId} orgs={solverOrgs} done={reload} />
            ) : null}
          </Card>
        ) : null
      }
    </Show>
  );
}

function Items({ budget }: { budget: Budget }) {
  const { t } = useWords();
  const rows = budget.items.map((i) => ({
    ...i,
    signedFen: budget.signedItems.find((s) => s.item === i.item)?.amountFen ?? 0,
  }));
  return (
    <DataTable
      testid="budget-items"
      size="small"
      pagination={false}
      rowKey={(r) => r.item}
      dataSource={rows}
      columns={[
        { title: t("fuItem"), key: "item", render: (_, r) => r.item },
        {
          title: t("fuCategory"),
          key: "c",
          render: (_, r) => (r.category === "equipment" ? t("fuEquipment") : t("fuOther")),
        },
        moneyColumn(t("fuSigned"), (r: (typeof rows)[number]) => r.signedFen, "signed"),
        moneyColumn(t("fuNow"), (r: (typeof rows)[number]) => r.amountFen, "now"),
      ]}
      summary={() => (
        <tr>
          <td colSpan={2}>
            {t("fuTotal")}（{t("fuGrant")} <span className="money">{yuan(budget.grantFen)}</span>）
          </td>
          <td className="money" style={{ textAlign: "right" }}>
            {yuan(budget.totalFen)}
          </td>
          <td className="money" style={{ textAlign: "right" }} data-testid="budget-total">
            {yuan(budget.items.reduce((s, i) => s + i.amountFen, 0))}
          </td>
        </tr>
      )}
    />
  );
}

function Revisions({ budget }: { budget: Budget }) {
  const { t } = useWords();
  return (
    <>
      {budget.revisions.length === 0 ? (
        <Empty description={t("fuNoRevisions")} />
      ) : (
        <DataTable
          testid="budget-revisions"
          size="small"
          pagination={false}
          rowKey={(r) => String(r.revision)}
          dataSource={[...budget.revisions]}
          style={{ marginTop: 12 }}
          columns={[
            { title: t("fuRevision"), key: "r", render: (_, r) => r.revision },
            { title: t("fuFromItem"), key: "f", render: (_, r) => r.fromItem },
            { title: t("fuToItem"), key: "to", render: (_, r) => r.toItem },
            moneyColumn(t("fuAmount"), (r: Budget["revisions"][number]) => r.amountFen, "a"),
            { title: t("fuActingAs"), key: "h", render: (_, r) => t(`fuHolder_${r.holder}` as WordKey) },
            { title: t("reason"), key: "why", render: (_, r) => r.reason },
            { title: t("taskSince"), key: "at", render: (_, r) => when(r.at) },
          ]}
        />
      )}
      {budget.personnelChanges.length > 0 ? (
        <DataTable
          testid="personnel-changes"
          size="small"
          pagination={false}
          rowKey={(r) => String(r.seq)}
          dataSource={[...budget.personnelChanges]}
          style={{ marginTop: 12 }}
          title={() => t("fuPersonnelChanges")}
          columns={[
            { title: t("fuRole"), key: "role", render: (_, r) => t(`fuRole_${r.role}` as WordKey) },
            { title: t("fuSubProject"), key: "sp", render: (_, r) => r.subProject ?? "" },
            {
              title: t("fuPersonName"),
              key: "to",
              render: (_, r) => `${r.from?.name ?? r.from?.personId ?? ""} → ${r.to.name}`,
            },
            { title: t("reason"), key: "why", render: (_, r) => r.reason },
            { title: t("taskSince"), key: "at", render: (_, r) => when(r.at) },
          ]}
        />
      ) : null}
    </>
  );
}

function Reallocate({ projectId, budget, done }: { projectId: string; budget: Budget; done: () => void }) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  const items = budget.items.map((i) => ({ value: i.item, label: i.item }));
  return (
    <ActionForm<MoveValues, unknown>
      testId="budget-reallocation"
      submitLabel={t("fuReallocate")}
      initialValues={{ actingAs: "chief-engineer" }}
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/budget/reallocations", {
            params: { path: { projectId } },
            body: {
              fromItem: v.fromItem ?? "",
              toItem: (v.toItem ?? "").trim(),
              amountFen: toFen(v.amount) ?? 0,
              actingAs: v.actingAs ?? "chief-engineer",
              reason: (v.reason ?? "").trim(),
            },
          }),
        )
      }
      done={done}
      result={() => t("fuRoadShowDone")}
    >
      <Form.Item name="fromItem" label={t("fuFromItem")} rules={[required]}>
        <Select aria-label={t("fuFromItem")} data-testid="budget-from" options={items} />
      </Form.Item>
      <Form.Item name="toItem" label={t("fuToItem")} rules={[required]} extra={t("fuToItemHint")}>
        <AutoComplete aria-label={t("fuToItem")} data-testid="budget-to" options={items} />
      </Form.Item>
      <YuanField name="amount" label={t("fuAmount")} required testId="budget-amount" />
      <Form.Item name="actingAs" label={t("fuActingAs")} rules={[required]}>
        <Radio.Group
          data-testid="budget-acting-as"
          options={(["chief-engineer", "solver-organisation"] as const).map((h) => ({
            value: h,
            label: t(`fuHolder_${h}` as WordKey),
          }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t("reason")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionForm>
  );
}

function Personnel(props: {
  projectId: string;
  orgs: readonly { organisationId: string; name: string }[];
  done: () => void;
}) {
  const { t } = useWords();
  const [form] = Form.useForm<PersonValues>();
  const role = Form.useWatch("role", form) ?? "chief-engineer";
  const required = { required: true, message: t("buRequired") };
  return (
    <Card type="inner" title={t("fuPersonnel")} style={{ marginTop: 16 }}>
      <ActionForm<PersonValues, unknown>
        form={form}
        testId="personnel-change"
        submitLabel={t("fuChangePersonnel")}
        confirm={t("fuConfirmPersonnel")}
        danger={false}
        initialValues={{ role: "chief-engineer", personOrganisationId: props.orgs[0]?.organisationId }}
        submit={(v) =>
          body(
            client.POST("/v1/projects/{projectId}/personnel-changes", {
              params: { path: { projectId: props.projectId } },
              body: {
                role: v.role ?? "chief-engineer",
                ...(v.role === "sub-project-lead" ? { subProject: (v.subProject ?? "").trim() } : {}),
                personId: (v.personId ?? "").trim(),
                name: (v.name ?? "").trim(),
                personOrganisationId: v.personOrganisationId ?? "",
                reason: (v.reason ?? "").trim(),
              },
            }),
          )
        }
        done={props.done}
        result={() => t("fuRoadShowDone")}
      >
        <Form.Item name="role" label={t("fuRole")} rules={[required]}>
          <Radio.Group
            options={(["chief-engineer", "sub-project-lead"] as const).map((r) => ({
              value: r,
              label: t(`fuRole_${r}` as WordKey),
            }))}
          />
        </Form.Item>
        {role === "sub-project-lead" ? (
          <Form.Item name="subProject" label={t("fuSubProject")} rules={[required]}>
            <Input maxLength={200} />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t("fuPersonName")} rules={[required]}>
          <Input maxLength={100} data-testid="personnel-name" />
        </Form.Item>
        <Form.Item name="personId" label={t("fuPersonId")} rules={[required]}>
          <Input maxLength={64} data-testid="personnel-id" />
        </Form.Item>
        <Form.Item name="personOrganisationId" label={t("fuPersonOrganisation")} rules={[required]}>
          <Select
            aria-label={t("fuPersonOrganisation")}
            options={props.orgs.map((o) => ({ value: o.organisationId, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t("reason")} rules={[required]}>
          <Input.TextArea rows={2} maxLength={5000} data-testid="personnel-reason" />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}
