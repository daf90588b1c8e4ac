// Workbench: an application's content read-only (a submitted one, or a consortium member's view) — members, team
// with ages, budget items in yuan, milestones with their indicators.
import { Card, Descriptions, Space, Table, Tag } from "antd";
import { yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { cardTitle } from "../portal/challenges.tsx";
import { type ApplicationView, ageOn } from "./application-form.tsx";
import { todayInBeijing } from "./common.tsx";

export function ApplicationSummary({ app }: { app: ApplicationView }) {
  const { t, tf } = useWords();
  const name = (org: string) =>
    app.organisationNames?.[org] ? `${app.organisationNames[org]} (${org})` : org;
  const today = todayInBeijing();
  return (
    <Card size="small" title={<h2 style={cardTitle}>{t("svContent")}</h2>} data-testid="application-summary">
      <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
        <Descriptions bordered size="small" column={1}>
          <Descriptions.Item label={t("svLeadName")}>{name(app.leadOrganisationId)}</Descriptions.Item>
          <Descriptions.Item label={t("svConsortium")}>
            {app.memberOrganisationIds.length === 0
              ? t("svNoMembers")
              : app.memberOrganisationIds.map(name).join("；")}
          </Descriptions.Item>
          <Descriptions.Item label={t("svPeriod")}>
            {tf("ptMonths", { n: app.periodMonths })}
          </Descriptions.Item>
          <Descriptions.Item label={t("svTechnicalPlan")}>
            <span style={{ whiteSpace: "pre-wrap" }}>{app.technicalPlan}</span>
          </Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          pagination={false}
          rowKey="personId"
          dataSource={app.team}
          title={() => t("svTeam")}
          columns={[
            { title: t("svPersonName"), key: "name", render: (_, m) => `${m.name} (${m.personId})` },
            { title: t("svPersonOrg"), dataIndex: "organisationId", key: "org" },
            { title: t("svPersonRole"), dataIndex: "role", key: "role" },
            {
              title: t("svBirthDate"),
              key: "birth",
              render: (_, m) => `${m.birthDate}（${tf("svAge", { n: ageOn(m.birthDate, today) ?? "" })}）`,
            },
            {
              title: "",
              key: "marks",
              render: (_, m) => (
                <Space size={2}>
                  {m.isLead ? <Tag>{t("svIsLead")}</Tag> : null}
                  {m.isKey ? <Tag>{t("svIsKey")}</Tag> : null}
                  {m.personId === app.chiefEngineerId ? <Tag color="blue">{t("svChiefEngineer")}</Tag> : null}
                </Space>
              ),
            },
          ]}
        />
        <Table
          size="small"
          pagination={false}
          rowKey={(b) => b.item}
          dataSource={app.budget}
          title={() => t("svBudget")}
          columns={[
            { title: t("svBudgetItem"), dataIndex: "item", key: "item" },
            {
              title: t("svAmount"),
              key: "amount",
              align: "right",
              className: "money",
              render: (_, b) => yuan(b.amountFen),
            },
          ]}
        />
        <Table
          size="small"
          pagination={false}
          rowKey={(m) => `${m.monthsAfterStart}-${m.name}`}
          dataSource={app.milestones}
          title={() => t("svSchedule")}
          columns={[
            { title: t("svMilestone"), dataIndex: "name", key: "name" },
            { title: t("svMonthsAfterStart"), dataIndex: "monthsAfterStart", key: "months", align: "right" },
            {
              title: t("svIndicator"),
              key: "indicators",
              render: (_, m) =>
                m.indicators.map((i) => `${i.name} ${i.target}${i.unit ? ` ${i.unit}` : ""}`).join("；"),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
