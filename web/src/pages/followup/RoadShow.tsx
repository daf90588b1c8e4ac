// Workbench (on a project's page and at /projects/{id}/road-show, the bureau's to-do): the investment road-show
// (投融资路演, 《太原市…行动方案》四（五）) — the enterprise's or lead solver's request, the bureau's decision fixing the session
// (date, venue, invited financial and venture institutions), each institution's declared interest (yuan, entered as
// yuan and sent as fen) and their total, declared and not committed.
import { Card, Descriptions, Empty, Form, Input, Radio, Select, Tag, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { day, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { toFen } from "../bureau/money.ts";
import { YuanField } from "../bureau/parts.tsx";
import { moneyColumn } from "../common.tsx";
import { followupReaders } from "./Budget.tsx";
import { orNone, todayInBeijing } from "./parts.ts";

interface RequestValues {
  reason?: string;
  followOnNeed?: string;
}
interface DecisionValues {
  decision?: "approve" | "decline";
  comment?: string;
  date?: string;
  venue?: string;
  financial?: string[];
  venture?: string[];
}
interface InterestValues {
  institution?: string;
  amount?: string;
  declaredOn?: string;
}

export function RoadShow({ projectId, view }: ProjectActionProps) {
  const { t } = useWords();
  const user = who();
  const running = view.track?.status === "in-progress";
  // Only a project with its track (a task book drafted) has follow-up: before that the route answers 404.
  const readable = hasRole(user, ...followupReaders) && Boolean(view.track);
  const loaded = useLoad(
    async () =>
      readable
        ? orNone(body(client.GET("/v1/projects/{projectId}/road-show", { params: { path: { projectId } } })))
        : null,
    [projectId, readable],
  );
  const isRequester =
    hasRole(user, "enterprise") ||
    (hasRole(user, "solver") && user?.org === view.project.solverLead.organisationId);
  const bureau = hasRole(user, "bureau");
  const path = { params: { path: { projectId } } };
  const reload = () => (loaded.state === "ready" ? loaded.reload() : undefined);
  if (!view.track) return null;
  return (
    <Show loaded={loaded}>
      {(show) => {
        if (!show && !(running && isRequester)) return null;
        const required = { required: true, message: t("buRequired") };
        return (
          <Card title={t("fuRoadShow")} style={{ marginTop: 16 }} data-testid="road-show">
            <Typography.Paragraph type="secondary">{t("fuRoadShowHint")}</Typography.Paragraph>
            {show ? (
              <>
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t("status")}>
                    <Tag data-testid="road-show-status">
                      {show.status === "requested"
                        ? t("fuRoadShowRequested")
                        : show.status === "scheduled"
                          ? t("fuRoadShowScheduled")
                          : t("fuRoadShowDeclined")}
                    </Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t("reason")}>{show.request.reason}</Descriptions.Item>
                  <Descriptions.Item label={t("fuFollowOnNeed")}>
                    <span className="money">{yuan(show.request.followOnNeedFen)}</span>
                  </Descriptions.Item>
                  {show.session ? (
                    <>
                      <Descriptions.Item label={t("fuSessionDate")}>
                        {day(show.session.date)}
                      </Descriptions.Item>
                      <Descriptions.Item label={t("fuVenue")}>{show.session.venue}</Descriptions.Item>
                      <Descriptions.Item label={t("fuInstitution")}>
                        {show.session.institutions.map((i) => i.name).join("、")}
                      </Descriptions.Item>
                    </>
                  ) : null}
                  {show.decision?.comment ? (
                    <Descriptions.Item label={t("buComment")}>{show.decision.comment}</Descriptions.Item>
                  ) : null}
                </Descriptions>
                {show.status === "scheduled" ? (
                  show.interests.length === 0 ? (
                    <Empty description={t("fuNoInterest")} />
                  ) : (
                    <DataTable
                      testid="road-show-interests"
                      size="small"
                      pagination={false}
                      rowKey={(r) => String(r.seq)}
                      dataSource={[...show.interests]}
                      style={{ marginTop: 12 }}
                      columns={[
                        { title: t("fuInstitution"), key: "i", render: (_, r) => r.institution },
                        moneyColumn(
                          t("fuInterestAmount"),
                          (r: (typeof show.interests)[number]) => r.amountFen,
                          "a",
                        ),
                        { title: t("fuDeclaredOn"), key: "d", render: (_, r) => day(r.declaredOn) },
                      ]}
                    />
                  )
                ) : null}
                {show.status === "scheduled" ? (
                  <Typography.Paragraph strong style={{ marginTop: 12 }} data-testid="road-show-total">
                    {t("fuDeclaredTotal")}：
                    <span className="money">{yuan(show.declaredInterestFen ?? 0)}</span>
                  </Typography.Paragraph>
                ) : null}
              </>
            ) : null}
            {running && isRequester && (!show || show.status === "declined") ? (
              <ActionForm<RequestValues, unknown>
                testId="road-show-request"
                submitLabel={t("fuRequestRoadShow")}
                once
                submit={(v) =>
                  body(
                    client.POST("/v1/projects/{projectId}/road-show", {
                      ...path,
                      body: { reason: (v.reason ?? "").trim(), followOnNeedFen: toFen(v.followOnNeed) ?? 0 },
                    }),
                  )
                }
                done={reload}
                result={() => t("fuRoadShowDone")}
              >
                <Form.Item name="reason" label={t("reason")} rules={[required]}>
                  <Input.TextArea rows={2} maxLength={5000} />
                </Form.Item>
                <YuanField name="followOnNeed" label={t("fuFollowOnNeed")} required testId="road-show-need" />
              </ActionForm>
            ) : null}
            {bureau && show?.status === "requested" ? <Decision projectId={projectId} done={reload} /> : null}
            {bureau && show?.status === "scheduled" && show.session ? (
              <ActionForm<InterestValues, unknown>
                testId="road-show-interest"
                submitLabel={t("fuRecordInterest")}
                initialValues={{ declaredOn: todayInBeijing() }}
                submit={(v) =>
                  body(
                    client.POST("/v1/projects/{projectId}/road-show/interests", {
                      ...path,
                      body: {
                        institution: v.institution ?? "",
                        amountFen: toFen(v.amount) ?? 0,
                        declaredOn: v.declaredOn ?? "",
                      },
                    }),
                  )
                }
                done={reload}
                result={() => t("fuRoadShowDone")}
              >
                <Form.Item name="institution" label={t("fuInstitution")} rules={[required]}>
                  <Select
                    aria-label={t("fuInstitution")}
                    data-testid="interest-institution"
                    options={show.session.institutions.map((i) => ({ value: i.name, label: i.name }))}
                  />
                </Form.Item>
                <YuanField name="amount" label={t("fuInterestAmount")} required testId="interest-amount" />
                <Form.Item name="declaredOn" label={t("fuDeclaredOn")} rules={[required]}>
                  <DateField />
                </Form.Item>
              </ActionForm>
            ) : null}
          </Card>
        );
      }}
    </Show>
  );
}

function Decision({ projectId, done }: { projectId: string; done: () => void }) {
  const { t } = useWords();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch("decision", form) ?? "approve";
  const required = { required: true, message: t("buRequired") };
  const institutions = (v: DecisionValues) => [
    ...(v.financial ?? []).map((name) => ({ name: name.trim(), kind: "fund" as const })),
    ...(v.venture ?? []).map((name) => ({ name: name.trim(), kind: "venture" as const })),
  ];
  return (
    <ActionForm<DecisionValues, unknown>
      form={form}
      testId="road-show-decision"
      submitLabel={t("fuDecideRoadShow")}
      once
      initialValues={{ decision: "approve" }}
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/road-show/decision", {
            params: { path: { projectId } },
            body:
              v.decision === "decline"
                ? { decision: "decline", comment: (v.comment ?? "").trim() }
                : {
                    decision: "approve",
                    comment: (v.comment ?? "").trim(),
                    session: {
                      date: v.date ?? "",
                      venue: (v.venue ?? "").trim(),
                      institutions: institutions(v),
                    },
                  },
          }),
        )
      }
      done={done}
      result={() => t("fuRoadShowDone")}
    >
      <Form.Item name="decision" label={t("buDecision")} rules={[required]}>
        <Radio.Group
          data-testid="road-show-decision-kind"
          options={[
            { value: "approve", label: t("fuApproveRoadShow") },
            { value: "decline", label: t("fuDeclineRoadShow") },
          ]}
        />
      </Form.Item>
      {decision === "approve" ? (
        <>
          <Form.Item name="date" label={t("fuSessionDate")} rules={[required]}>
            <DateField data-testid="road-show-date" />
          </Form.Item>
          <Form.Item name="venue" label={t("fuVenue")} rules={[required]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="financial"
            label={t("fuFinancialInstitutions")}
            extra={t("fuInstitutionsHint")}
            dependencies={["venture"]}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v?: string[]) =>
                  (v?.length ?? 0) + ((getFieldValue("venture") as string[] | undefined)?.length ?? 0) > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("fuNeedOneInstitution"))),
              }),
            ]}
          >
            <Select
              mode="tags"
              aria-label={t("fuFinancialInstitutions")}
              data-testid="road-show-financial"
              open={false}
            />
          </Form.Item>
          <Form.Item name="venture" label={t("fuVentureInstitutions")} extra={t("fuInstitutionsHint")}>
            <Select
              mode="tags"
              aria-label={t("fuVentureInstitutions")}
              data-testid="road-show-venture"
              open={false}
            />
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="comment" label={t("buComment")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </ActionForm>
  );
}

/** On the project's page. */
export const RoadShowAction = RoadShow;
