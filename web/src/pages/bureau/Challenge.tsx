// Workbench (bureau): a challenge (榜单) — its summary; while a draft, the edit form (PATCH with If-Match: the version
// edited) and the submission for sign-off; once unsolved (流榜), republication with a new window; links to the
// sign-off when it waits for the bureau, and to the award confirmation; a notice extended when the State Council's
// arrangement was loaded (公示期已顺延), with the bureau's confirmation that it re-announced the corrected end.
import { Alert, Button, Card, Form, Input, InputNumber, Space, Switch, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { hasRole, who } from "../../auth.ts";
import { DateField } from "../../components/DateField.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { when, yuan } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { type Challenge, ChallengeSummary, loadChallenge } from "./challenge-parts.tsx";
import { beijingInstant } from "./DemandDecision.tsx";
import { fenToInput, toFen } from "./money.ts";
import { PageTitle, PolicyLimits, type Programme, YuanField } from "./parts.tsx";

const dateOf = (iso: string | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : undefined;

export default function ChallengePage() {
  const { challengeId = "" } = useParams();
  const { t } = useWords();
  const loaded = useLoad(() => loadChallenge(challengeId), [challengeId]);
  return (
    <section>
      <Show loaded={loaded}>
        {({ challenge, programme }) => {
          const reload = loaded.state === "ready" ? loaded.reload : () => undefined;
          // The forms are the bureau's; other roles (the approver, an enterprise) see the challenge only.
          const bureau = hasRole(who(), "bureau");
          return (
            <>
              <PageTitle back={t("buDemandQueue")} backTo="/bureau/demands">
                <span data-testid="challenge-title">{challenge.title}</span>
              </PageTitle>
              <ChallengeSummary challenge={challenge} programme={programme} />
              {bureau && challenge.status === "draft" ? (
                <>
                  <EditDraft challenge={challenge} programme={programme} reload={reload} />
                  <Submit challenge={challenge} reload={reload} />
                </>
              ) : null}
              {bureau && challenge.status === "awaiting-bureau" ? (
                <Alert
                  style={{ marginTop: 16 }}
                  type="info"
                  showIcon
                  title={<Link to={`/challenges/${challenge.id}/sign-off`}>{t("buGoSignOff")}</Link>}
                />
              ) : null}
              {bureau && challenge.status === "unsolved" ? (
                <Republish challenge={challenge} programme={programme} reload={reload} />
              ) : null}
              {["on-notice", "awarded"].includes(challenge.status) ? (
                <NoticeExtended challengeId={challenge.id} bureau={bureau} />
              ) : null}
              {["shortlisting", "on-notice", "awarded"].includes(challenge.status) ? (
                <Typography.Paragraph style={{ marginTop: 16 }}>
                  <Link to={`/awards/${challenge.id}/confirmation`}>{t("buAwardConfirmation")}</Link>
                </Typography.Paragraph>
              ) : null}
            </>
          );
        }}
      </Show>
    </section>
  );
}

interface EditValues {
  title: string;
  description: string;
  solverRequirements: string;
  fundingCapFen: string;
  opensAt?: string;
  closesAt?: string;
  periodMonths: number;
  horseRace: { allowed: boolean; maxWinners: number };
  caseByCaseReason?: string;
}

function EditDraft({
  challenge: c,
  programme,
  reload,
}: {
  challenge: Challenge;
  programme: Programme;
  reload: () => void;
}) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<EditValues>();
  const race = Form.useWatch(["horseRace", "allowed"], form) ?? c.horseRace.allowed;
  const policy = programme.policy;
  const required = { required: true, message: t("buRequired") };
  const initialValues: EditValues = {
    title: c.title,
    description: c.description,
    solverRequirements: c.solverRequirements,
    fundingCapFen: fenToInput(c.fundingCapFen),
    ...(c.window ? { opensAt: dateOf(c.window.opensAt), closesAt: dateOf(c.window.closesAt) } : {}),
    periodMonths: c.periodMonths,
    horseRace: c.horseRace,
  };
  // A new version (this form's save, a resubmission) shows the draft as stored, while the form — and its "saved"
  // result — stays (a remount on the version would drop the result the moment it is shown).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-synced on the stored version only, not on each render's object
  useEffect(() => form.setFieldsValue(initialValues), [c.version]);
  return (
    <Card title={t("buEditDraft")} style={{ marginTop: 16 }}>
      <PolicyLimits programme={programme} />
      <div style={{ height: 16 }} />
      <ActionForm<EditValues, unknown>
        form={form}
        testId="edit-challenge"
        submitLabel={t("buSaveDraft")}
        initialValues={initialValues}
        submit={(v) =>
          body(
            client.PATCH("/v1/challenges/{challengeId}", {
              params: { path: { challengeId: c.id } },
              headers: { "If-Match": `"${c.version}"` },
              body: {
                title: v.title.trim(),
                description: v.description.trim(),
                solverRequirements: v.solverRequirements.trim(),
                fundingCapFen: toFen(v.fundingCapFen) ?? 0,
                ...(v.opensAt && v.closesAt
                  ? {
                      window: {
                        opensAt: beijingInstant(v.opensAt, false),
                        closesAt: beijingInstant(v.closesAt, true),
                      },
                    }
                  : {}),
                periodMonths: v.periodMonths,
                horseRace: {
                  allowed: v.horseRace.allowed,
                  maxWinners: v.horseRace.allowed ? v.horseRace.maxWinners : 1,
                },
                ...(v.caseByCaseReason?.trim() ? { caseByCaseReason: v.caseByCaseReason.trim() } : {}),
              },
            }),
          )
        }
        done={reload}
        result={() => t("buSaved")}
      >
        <Form.Item name="title" label={t("buChallengeTitle")} rules={[required]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t("buDescription")} rules={[required]}>
          <Input.TextArea rows={3} maxLength={20000} />
        </Form.Item>
        <Form.Item name="solverRequirements" label={t("buSolverRequirements")} rules={[required]}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <YuanField
          name="fundingCapFen"
          label={t("fundingCap")}
          required
          extra={tf("buCapLimit", {
            cap: yuan(policy.capFen),
            budget: yuan(programme.budgetFen),
            exception: policy.allowsCaseByCaseException ? t("buCaseByCaseYes") : t("buCaseByCaseNo"),
          })}
        />
        {policy.allowsCaseByCaseException ? (
          <Form.Item name="caseByCaseReason" label={t("buCaseByCaseReason")} extra={t("buCaseByCaseHint")}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ) : null}
        <Space wrap size="large">
          <Form.Item name="opensAt" label={t("buOpensOn")} rules={[required]}>
            <DateField />
          </Form.Item>
          <Form.Item name="closesAt" label={t("buClosesOn")} rules={[required]}>
            <DateField />
          </Form.Item>
          <Form.Item
            name="periodMonths"
            label={t("buPeriodMonths")}
            rules={[required]}
            extra={tf("buMaxMonths", { n: policy.maxPeriodMonths })}
          >
            <InputNumber min={1} max={120} precision={0} />
          </Form.Item>
          <Form.Item name={["horseRace", "allowed"]} label={t("buHorseRace")} valuePropName="checked">
            <Switch />
          </Form.Item>
          {race ? (
            <Form.Item
              name={["horseRace", "maxWinners"]}
              label={t("buMaxWinners")}
              extra={tf("buHorseRaceMax", { n: policy.horseRaceLimit })}
            >
              <InputNumber min={1} max={10} precision={0} />
            </Form.Item>
          ) : null}
        </Space>
      </ActionForm>
    </Card>
  );
}

function Submit({ challenge, reload }: { challenge: Challenge; reload: () => void }) {
  const { t } = useWords();
  const { run, running, error } = useAction();
  return (
    <Card title={t("buSubmitForSignOff")} style={{ marginTop: 16 }}>
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Typography.Text>{t("buSubmitHint")}</Typography.Text>
        <ActionError error={error} />
        <Button
          type="primary"
          data-testid="submit-challenge"
          loading={running}
          disabled={running}
          onClick={async () => {
            const done = await run(() =>
              body(
                client.POST("/v1/challenges/{challengeId}/submit", {
                  params: { path: { challengeId: challenge.id } },
                }),
              ),
            );
            if (done.ok) reload();
          }}
        >
          {t("buSubmitForSignOff")}
        </Button>
      </Space>
    </Card>
  );
}

function Republish({
  challenge,
  programme,
  reload,
}: {
  challenge: Challenge;
  programme: Programme;
  reload: () => void;
}) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  return (
    <Card title={t("buRepublish")} style={{ marginTop: 16 }}>
      <PolicyLimits programme={programme} />
      <ActionForm<{ opensAt: string; closesAt: string }, unknown>
        testId="republish"
        submitLabel={t("buRepublish")}
        once
        submit={(v) =>
          body(
            client.POST("/v1/challenges/{challengeId}/republish", {
              params: { path: { challengeId: challenge.id } },
              body: {
                window: {
                  opensAt: beijingInstant(v.opensAt, false),
                  closesAt: beijingInstant(v.closesAt, true),
                },
              },
            }),
          )
        }
        done={reload}
      >
        <Space wrap size="large">
          <Form.Item name="opensAt" label={t("buOpensOn")} rules={[required]}>
            <DateField />
          </Form.Item>
          <Form.Item name="closesAt" label={t("buClosesOn")} rules={[required]}>
            <DateField />
          </Form.Item>
        </Space>
      </ActionForm>
    </Card>
  );
}

type AwardView = Answer<"/v1/awards/{challengeId}">;

/**
 * A notice extended by the official calendar (award/notice-calendar.ts): from and to, when, and that the corrected end
 * is to be re-announced; the bureau confirms it did (POST /v1/awards/{challengeId}/notice-reannouncement), which
 * ends its to-do (待办). Nothing shows when no notice was extended, or to a role that may not read the award.
 */
function NoticeExtended({ challengeId, bureau }: { challengeId: string; bureau: boolean }) {
  const { t, tf } = useWords();
  const [award, setAward] = useState<AwardView | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` reloads after the confirmation
  useEffect(() => {
    let current = true;
    body(client.GET("/v1/awards/{challengeId}", { params: { path: { challengeId } } })).then(
      (a) => current && setAward(a),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [challengeId, attempt]);
  const extended = award?.noticeExtended;
  if (!extended) return null;
  const dates = { from: extended.previousLastDay, to: extended.lastDay };
  const done = extended.reannounced;
  return (
    <Card style={{ marginTop: 16 }} data-testid="notice-extended">
      <Space orientation="vertical" style={{ width: "100%" }}>
        <Alert
          type={done ? "info" : "warning"}
          showIcon
          title={tf("buNoticeExtendedTitle", dates)}
          description={tf("buNoticeExtendedBody", { ...dates, at: when(extended.at), year: extended.year })}
        />
        {done ? (
          <Alert
            type="success"
            showIcon
            data-testid="notice-reannounced"
            title={tf("buReannounced", { by: done.byName ?? done.by, at: when(done.at) })}
            description={done.note}
          />
        ) : bureau ? (
          <ActionForm<{ note?: string }, AwardView>
            testId="reannounce"
            submitLabel={t("buReannounceConfirm")}
            confirm={tf("buReannounceConfirmText", dates)}
            danger={false}
            once
            submit={(v) =>
              body(
                client.POST("/v1/awards/{challengeId}/notice-reannouncement", {
                  params: { path: { challengeId } },
                  body: v.note?.trim() ? { note: v.note.trim() } : {},
                }),
              )
            }
            done={() => setAttempt((n) => n + 1)}
          >
            <Form.Item name="note" label={t("buReannounceNote")}>
              <Input maxLength={2000} placeholder={t("buReannounceNoteHint")} />
            </Form.Item>
          </ActionForm>
        ) : null}
      </Space>
    </Card>
  );
}
