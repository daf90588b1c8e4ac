// Workbench: applying to a challenge (揭榜) — the application form saved as a draft (POST
// /v1/challenges/{challengeId}/applications), then the application's page for the agreement and submission.
import { Form, Space, Typography } from "antd";
import { Link, useNavigate, useParams } from "react-router";
import { body, client } from "../../api/client.ts";
import { who } from "../../auth.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import {
  type ApplicationFields,
  ApplicationFormFields,
  contentOf,
  emptyFields,
  onFormFields,
} from "./application-form.tsx";
import { loadChallenge, todayInBeijing } from "./common.tsx";

export default function NewApplication() {
  const { t, tf } = useWords();
  const navigate = useNavigate();
  const { challengeId = "" } = useParams();
  const [form] = Form.useForm<ApplicationFields>();
  const leadOrg = who()?.org ?? "";
  const loaded = useLoad(() => loadChallenge(challengeId), [challengeId]);
  return (
    <section>
      <Show loaded={loaded}>
        {(challenge) => (
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Link to={`/open-challenges/${encodeURIComponent(challenge.id)}`}>← {challenge.title}</Link>
            <Typography.Title level={1} className="page-title">
              {t("svNewApplication")}：{challenge.title}
            </Typography.Title>
            <Typography.Paragraph className="muted">
              {tf("svNewApplicationIntro", { cap: yuan(challenge.fundingCapFen), n: challenge.periodMonths })}
            </Typography.Paragraph>
            <ActionForm<ApplicationFields, { id: string }>
              form={form}
              testId="application-form"
              submitLabel={t("svSaveDraft")}
              initialValues={{ ...emptyFields(leadOrg), periodMonths: challenge.periodMonths }}
              submit={async (v) => {
                try {
                  return await body(
                    client.POST("/v1/challenges/{challengeId}/applications", {
                      params: { path: { challengeId } },
                      body: contentOf(v, leadOrg),
                    }),
                  );
                } catch (e) {
                  throw onFormFields(e);
                }
              }}
              done={(a) => navigate(`/my-applications/${encodeURIComponent(a.id)}?saved=1`)}
            >
              <ApplicationFormFields
                form={form}
                leadOrg={leadOrg}
                challenge={challenge}
                today={todayInBeijing()}
              />
            </ActionForm>
          </Space>
        )}
      </Show>
    </section>
  );
}
