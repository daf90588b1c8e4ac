// Workbench (bureau): a challenge's summary card (title, programme by name, status, cap against the policy, window,
// period, horse race, sign-offs so far) shared by the challenge page and the sign-off page.
import { Card, Descriptions, Tag } from "antd";
import { type Answer, body, client } from "../../api/client.ts";
import { day, when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { loadProgramme, type Programme, useProgrammeName } from "./parts.tsx";

export type Challenge = Answer<"/v1/challenges/{challengeId}">;

export async function loadChallenge(challengeId: string) {
  const challenge = await body(
    client.GET("/v1/challenges/{challengeId}", { params: { path: { challengeId } } }),
  );
  const programme = await loadProgramme(challenge.programmeId);
  return { challenge, programme };
}

export function ChallengeSummary({
  challenge: c,
  programme,
}: {
  challenge: Challenge;
  programme: Programme;
}) {
  const { t, tf, stage, label, role } = useWords();
  const name = useProgrammeName();
  const aboveCap = c.fundingCapFen > programme.policy.capFen;
  return (
    <Card data-testid="challenge-summary">
      <Descriptions
        size="small"
        column={2}
        items={[
          { label: t("programme"), children: name(programme) },
          {
            label: t("status"),
            children: (
              <span data-testid="challenge-status">
                <Tag className={`status status-${c.status}`}>{stage(c.status)}</Tag>
                {c.waitingFor ? <span className="muted">{label(c.waitingFor.kind)}</span> : null}
              </span>
            ),
          },
          {
            label: t("fundingCap"),
            children: (
              <span>
                <span className="money">{yuan(c.fundingCapFen)}</span>{" "}
                <span className={aboveCap ? "bad" : "muted"}>
                  {tf(aboveCap ? "buAboveCap" : "buWithinCap", { cap: yuan(programme.policy.capFen) })}
                </span>
              </span>
            ),
          },
          { label: t("buField"), children: c.field },
          {
            label: t("buWindow"),
            children: c.window ? `${when(c.window.opensAt)} – ${when(c.window.closesAt)}` : "—",
          },
          { label: t("buPeriodMonths"), children: tf("buMonths", { n: c.periodMonths }) },
          {
            label: t("buHorseRace"),
            children: c.horseRace.allowed ? tf("buUpToWinners", { n: c.horseRace.maxWinners }) : t("buNo"),
          },
          ...(c.caseByCase
            ? [{ label: t("buCaseByCaseReason"), children: c.caseByCase.reason, span: 2 }]
            : []),
          { label: t("buDescription"), children: c.description, span: 2 },
          {
            label: t("buSignOffs"),
            span: 2,
            children: (c.signOffs ?? []).length
              ? (c.signOffs ?? []).map((s) => (
                  <div key={`${s.stage}-${s.at}`}>
                    {role(s.stage)} · {s.decision === "approve" ? t("buApprove") : t("buSendBack")} ·{" "}
                    {day(s.at)}
                    {s.comment ? ` · ${s.comment}` : ""}
                  </div>
                ))
              : "—",
          },
        ]}
      />
    </Card>
  );
}
