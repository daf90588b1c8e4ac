// Workbench: signing the task book (任务书, “军令状”) on the project page — one form for every signatory, role-neutral:
// the bureau, the project's enterprise and its lead solver each sign the current revision (any order); it shows the
// three parties' signatures on that revision and, to a signatory who has not signed it yet, the signing form.
import { Card, Checkbox, Descriptions, Form, Tag } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { Person } from "../../components/Person.tsx";
import { day, when, yuan } from "../../format.ts";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

type Party = "bureau" | "enterprise" | "solver";

/** Which signatory the signed-in user is for this project, if any. */
export function signatoryParty(view: ProjectActionProps["view"]): Party | undefined {
  const user = who();
  if (!user) return undefined;
  if (hasRole(user, "bureau")) return "bureau";
  if (hasRole(user, "enterprise") && view.project.enterpriseOrganisationIds.includes(user.org))
    return "enterprise";
  if (hasRole(user, "solver") && view.project.solverLead.organisationId === user.org) return "solver";
  return undefined;
}

const partyWord = { bureau: "partyBureau", enterprise: "partyEnterprise", solver: "partySolver" } as const;

export function TaskBookSignature({ projectId, view, reload }: ProjectActionProps) {
  const { t, tf } = useWords();
  const book = view.track?.taskBook;
  const party = signatoryParty(view);
  if (!book || !party || view.track?.status !== "drafting") return null;
  const signatures = book.signatures.filter((s) => s.revision === book.revision);
  const mine = signatures.find((s) => s.party === party);
  return (
    <Card
      id="task-book"
      title={tf("signTaskBookRevision", { n: book.revision })}
      data-testid="task-book-sign"
      style={{ marginTop: 16 }}
    >
      <Descriptions column={2} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("taskBookPeriod")}>
          {day(book.startDate)} – {day(book.endDate)} ({tf("monthsN", { n: book.periodMonths })})
        </Descriptions.Item>
        <Descriptions.Item label={t("grant")}>
          <span className="money">{yuan(book.grantFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("milestones")} span={2}>
          {book.milestones.map((m) => `${m.index}. ${m.title} (${day(m.dueDate)})`).join("；")}
        </Descriptions.Item>
        <Descriptions.Item label={t("ipTerms")} span={2}>
          {book.ipTerms}
        </Descriptions.Item>
        <Descriptions.Item label={t("rewardPenaltyTerms")} span={2}>
          {book.rewardPenaltyTerms}
        </Descriptions.Item>
        {(["bureau", "enterprise", "solver"] as const).map((p) => {
          const s = signatures.find((x) => x.party === p);
          return (
            <Descriptions.Item key={p} label={t(partyWord[p])}>
              {s ? (
                <span className="ok" data-testid={`signed-${p}`}>
                  ✓ {t("signed")} {when(s.at)} · <Person id={s.by} name={s.byName} />
                </span>
              ) : (
                <Tag data-testid={`unsigned-${p}`}>{t("notSigned")}</Tag>
              )}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
      {mine ? null : (
        <ActionForm<{ read: boolean }, unknown>
          testId="task-book-sign-form"
          submitLabel={tf("signAs", { party: t(partyWord[party]) })}
          confirm={tf("signTaskBookConfirm", { n: book.revision })}
          danger={false}
          once
          submit={() =>
            body(
              client.POST("/v1/projects/{projectId}/task-book/sign", {
                params: { path: { projectId } },
                body: { revision: book.revision },
              }),
            )
          }
          result={() => tf("taskBookSigned", { n: book.revision })}
          done={() => reload()}
        >
          <Form.Item
            name="read"
            valuePropName="checked"
            rules={[
              {
                validator: (_, v: boolean) =>
                  v ? Promise.resolve() : Promise.reject(new Error(t("mustConfirmRead"))),
              },
            ]}
            required
          >
            <Checkbox data-testid="task-book-read">{tf("taskBookRead", { n: book.revision })}</Checkbox>
          </Form.Item>
        </ActionForm>
      )}
    </Card>
  );
}
