// Workbench (enterprise): a challenge's applications (揭榜申请) as its enterprise sees them — the lead organisation,
// the money asked, the period, both sides' signatures of the 揭榜 agreement — and the enterprise's signature on an
// application still in draft (confirmed first; sent with the version read, so a changed application is not signed).
import { Button, Empty, Modal, Space, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { Person } from "../../components/Person.tsx";
import { when } from "../../format.ts";
import { ActionError, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { moneyColumn } from "../common.tsx";

type Application = Answer<"/v1/applications/{applicationId}">;

export const orgName = (a: Pick<Application, "organisationNames">, id: string | undefined) =>
  (id && a.organisationNames?.[id]) || id || "";

export default function ApplicationsPage() {
  const { challengeId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(async () => {
    const [challenge, applications] = await Promise.all([
      body(client.GET("/v1/challenges/{challengeId}", { params: { path: { challengeId } } })),
      allPages((cursor) =>
        body(
          client.GET("/v1/challenges/{challengeId}/applications", {
            params: { path: { challengeId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        ),
      ) as Promise<Application[]>,
    ]);
    return { challenge, applications };
  }, [challengeId]);
  return (
    <section>
      <Typography.Paragraph>
        <Link to="/enterprise/challenges">← {t("myChallenges")}</Link>
      </Typography.Paragraph>
      <Show loaded={loaded}>
        {({ challenge, applications }) => (
          <>
            <Typography.Title level={1} className="page-title">
              {challenge.title} · {t("applicationsAndAgreements")}
            </Typography.Title>
            <ApplicationTable
              applications={applications}
              reload={() => (loaded.state === "ready" ? loaded.reload() : undefined)}
            />
          </>
        )}
      </Show>
    </section>
  );
}

function ApplicationTable({ applications, reload }: { applications: Application[]; reload: () => void }) {
  const { t, tf } = useWords();
  const signing = useAction();
  const sign = (a: Application) =>
    Modal.confirm({
      title: t("confirmTitle"),
      content: tf("signAgreementConfirm", { org: orgName(a, a.leadOrganisationId) }),
      okText: t("signAgreement"),
      cancelText: t("cancel"),
      okButtonProps: { "data-testid": "confirm-ok" } as never,
      onOk: async () => {
        const outcome = await signing.run(() =>
          body(
            client.POST("/v1/applications/{applicationId}/agreement/sign", {
              params: { path: { applicationId: a.id } },
              headers: { "if-match": `"${a.version}"` },
            }),
          ),
        );
        if (outcome.ok) reload();
      },
    });
  if (applications.length === 0) return <Empty description={t("noApplications")} />;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <ActionError error={signing.error} />
      <DataTable<Application>
        testid="applications"
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={applications}
        columns={[
          {
            title: t("leadOrganisation"),
            key: "lead",
            render: (_, a) => (
              <>
                {orgName(a, a.leadOrganisationId)}
                <div className="muted">
                  {a.memberOrganisationIds.map((m) => orgName(a, m)).join("、") || a.id}
                </div>
              </>
            ),
          },
          { title: t("status"), key: "status", render: (_, a) => <Tag>{t(`app_${a.status}` as never)}</Tag> },
          moneyColumn<Application>(t("enAppRdBudget"), (a) => a.rdInvestmentFen, "rd"),
          moneyColumn<Application>(t("requested"), (a) => a.requestedFen, "requested"),
          { title: t("period"), key: "period", render: (_, a) => tf("monthsN", { n: a.periodMonths }) },
          {
            title: t("agreement"),
            key: "agreement",
            render: (_, a) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {t("partyEnterprise")}：
                  {a.agreement.enterpriseSignedAt ? (
                    <>
                      ✓ {when(a.agreement.enterpriseSignedAt)} ·{" "}
                      <Person id={a.agreement.enterpriseSignedBy} name={a.agreement.enterpriseSignedByName} />
                    </>
                  ) : (
                    t("notSigned")
                  )}
                </span>
                <span>
                  {t("partySolver")}：
                  {a.agreement.solverSignedAt ? (
                    <>
                      ✓ {when(a.agreement.solverSignedAt)} ·{" "}
                      <Person id={a.agreement.solverSignedBy} name={a.agreement.solverSignedByName} />
                    </>
                  ) : (
                    t("notSigned")
                  )}
                </span>
              </Space>
            ),
          },
          {
            title: t("action"),
            key: "sign",
            render: (_, a) =>
              a.status === "draft" && !a.agreement.enterpriseSignedAt ? (
                <Button
                  type="primary"
                  size="small"
                  disabled={signing.running}
                  data-testid="sign-agreement"
                  onClick={() => sign(a)}
                >
                  {t("signAgreement")}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
