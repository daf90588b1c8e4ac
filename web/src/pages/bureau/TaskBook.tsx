// Workbench (bureau, on a project's page): the task book (任务书) — drafting it from the winning application (start date,
// IP and reward/penalty terms), then while unsigned its revision (start date, each milestone's due date, the horse
// race's key milestone; every signature void) with the tranche split in yuan checked against the grant, and the
// bureau's signature on the current revision.
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import type { ProjectActionProps } from "../../areas/area.ts";
import { hasRole, who } from "../../auth.ts";
import { DateField } from "../../components/DateField.tsx";
import { Person } from "../../components/Person.tsx";
import { day, yuan } from "../../format.ts";
import { ActionError, ActionForm, useAction } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import { addMonths, dueDateProblem, splitAddsUp } from "./task-book-rules.ts";

type Track = NonNullable<ProjectActionProps["view"]["track"]>;
type Book = NonNullable<Track["taskBook"]>;

export function TaskBookAction({ projectId, view, reload }: ProjectActionProps) {
  const { t } = useWords();
  if (!hasRole(who(), "bureau")) return null;
  const book = view.track?.taskBook;
  if (!book && view.project.status === "awaiting-task-book") {
    return (
      <Card title={t("buDraftTaskBook")} style={{ marginTop: 16 }} data-testid="task-book-draft">
        <DraftForm projectId={projectId} reload={reload} />
      </Card>
    );
  }
  if (!book || view.track?.status !== "drafting") return null;
  return (
    <Card title={t("buReviseTaskBook")} style={{ marginTop: 16 }} data-testid="task-book-revise">
      <Tranches book={book} />
      <Signatures projectId={projectId} book={book} reload={reload} />
      <ReviseForm key={book.revision} projectId={projectId} book={book} reload={reload} />
    </Card>
  );
}

interface DraftValues {
  startDate: string;
  ipTerms: string;
  rewardPenaltyTerms: string;
  horseRaceKeyMilestone?: number;
}

function DraftForm({ projectId, reload }: { projectId: string; reload: () => void }) {
  const { t } = useWords();
  const required = { required: true, message: t("buRequired") };
  return (
    <ActionForm<DraftValues, unknown>
      testId="draft-task-book"
      submitLabel={t("buDraftTaskBook")}
      once
      submit={(v) =>
        body(
          client.POST("/v1/projects/{projectId}/task-book", {
            params: { path: { projectId } },
            body: {
              startDate: v.startDate,
              ipTerms: v.ipTerms.trim(),
              rewardPenaltyTerms: v.rewardPenaltyTerms.trim(),
              ...(v.horseRaceKeyMilestone ? { horseRaceKeyMilestone: v.horseRaceKeyMilestone } : {}),
            },
          }),
        )
      }
      done={reload}
      result={() => t("buTaskBookDrafted")}
    >
      <Form.Item name="startDate" label={t("buStartDate")} rules={[required]}>
        <DateField data-testid="start-date" />
      </Form.Item>
      <Form.Item name="ipTerms" label={t("buIpTerms")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={20000} data-testid="ip-terms" />
      </Form.Item>
      <Form.Item name="rewardPenaltyTerms" label={t("buRewardPenaltyTerms")} rules={[required]}>
        <Input.TextArea rows={2} maxLength={20000} data-testid="reward-penalty-terms" />
      </Form.Item>
      <Form.Item name="horseRaceKeyMilestone" label={t("buKeyMilestone")} extra={t("buKeyMilestoneHint")}>
        <InputNumber min={1} max={36} precision={0} />
      </Form.Item>
    </ActionForm>
  );
}

function Tranches({ book }: { book: Book }) {
  const { t, tf, condition } = useWords();
  const ok = splitAddsUp(book.tranches, book.grantFen);
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t("buTrancheSplit")}
      </Typography.Title>
      <div data-testid="tranche-split">
        <Table
          size="small"
          pagination={false}
          rowKey="index"
          dataSource={book.tranches}
          columns={[
            { title: t("tranche"), key: "i", render: (_, r) => tf("trancheN", { n: r.index }) },
            { title: t("condition"), key: "c", render: (_, r) => condition(r.conditionToken) },
            {
              title: t("buShare"),
              key: "s",
              align: "right",
              render: (_, r) => `${((r.amountFen * 100) / Math.max(book.grantFen, 1)).toFixed(2)}%`,
            },
            {
              title: t("amount"),
              key: "a",
              align: "right",
              className: "money",
              render: (_, r) => yuan(r.amountFen),
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>
                {t("buGrantTotal")}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} className="money">
                {yuan(book.grantFen)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </div>
      <Typography.Paragraph className={ok ? "ok" : "bad"} data-testid="split-check">
        {ok ? t("buSplitAddsUp") : t("buSplitWrong")} · {t("taskBookPeriod")} {day(book.startDate)} –{" "}
        {day(book.endDate)} ({tf("buMonths", { n: book.periodMonths })})
      </Typography.Paragraph>
    </>
  );
}

function Signatures({ projectId, book, reload }: { projectId: string; book: Book; reload: () => void }) {
  const { t, tf, role } = useWords();
  const { run, running, error } = useAction();
  const signed = book.signatures.filter((s) => s.revision === book.revision);
  const bureauSigned = signed.some((s) => s.party === "bureau");
  return (
    <Space orientation="vertical" style={{ width: "100%", marginBottom: 16 }} data-testid="signatures">
      <Typography.Text>
        {tf("buRevisionN", { n: book.revision })} ·{" "}
        {(["bureau", "enterprise", "solver"] as const).map((p, i) => {
          const s = signed.find((x) => x.party === p);
          return (
            <span key={p} data-testid={`signature-${p}`}>
              {i > 0 ? "；" : ""}
              {role(p)} {s ? t("buSigned") : t("buNotSigned")}
              {s ? (
                <>
                  {"（"}
                  <Person id={s.by} name={s.byName} />
                  {"）"}
                </>
              ) : null}
            </span>
          );
        })}
      </Typography.Text>
      <ActionError error={error} />
      {bureauSigned ? null : (
        <Button
          data-testid="sign-task-book"
          loading={running}
          disabled={running}
          onClick={async () => {
            const done = await run(() =>
              body(
                client.POST("/v1/projects/{projectId}/task-book/sign", {
                  params: { path: { projectId } },
                  body: { revision: book.revision },
                }),
              ),
            );
            if (done.ok) reload();
          }}
        >
          {tf("buSignRevision", { n: book.revision })}
        </Button>
      )}
    </Space>
  );
}

interface ReviseValues {
  startDate: string;
  horseRaceKeyMilestone?: number;
  milestones: { index: number; dueDate: string }[];
}

function ReviseForm({ projectId, book, reload }: { projectId: string; book: Book; reload: () => void }) {
  const { t, tf } = useWords();
  const [form] = Form.useForm<ReviseValues>();
  const start = Form.useWatch("startDate", form) ?? book.startDate;
  const problem = (key: string) => t(`buDue_${key}` as WordKey);
  return (
    <ActionForm<ReviseValues, unknown>
      form={form}
      testId="revise-task-book"
      submitLabel={t("buSaveRevision")}
      confirm={
        book.signatures.some((s) => s.revision === book.revision) ? t("buRevisionVoidsSignatures") : undefined
      }
      danger={false}
      initialValues={{
        startDate: book.startDate,
        ...(book.horseRaceKeyMilestone ? { horseRaceKeyMilestone: book.horseRaceKeyMilestone } : {}),
        milestones: book.milestones.map((m) => ({ index: m.index, dueDate: m.dueDate })),
      }}
      submit={(v) =>
        body(
          client.PATCH("/v1/projects/{projectId}/task-book", {
            params: { path: { projectId } },
            body: {
              revision: book.revision,
              ...(v.startDate !== book.startDate ? { startDate: v.startDate } : {}),
              ...(v.horseRaceKeyMilestone ? { horseRaceKeyMilestone: v.horseRaceKeyMilestone } : {}),
              milestones: v.milestones.map((m) => ({ index: m.index, dueDate: m.dueDate })),
            },
          }),
        )
      }
      done={reload}
      result={() => t("buRevisionSaved")}
    >
      <Form.Item
        name="startDate"
        label={t("buStartDate")}
        rules={[{ required: true, message: t("buRequired") }]}
      >
        <DateField />
      </Form.Item>
      <Typography.Paragraph className="muted">
        {tf("buPeriodEnds", { end: start ? addMonths(start, book.periodMonths) : "—", n: book.periodMonths })}
      </Typography.Paragraph>
      <Form.List name="milestones">
        {(fields) =>
          fields.map((f, i) => {
            const m = book.milestones[i];
            return (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, "index"]} hidden>
                  <InputNumber />
                </Form.Item>
                <Form.Item
                  name={[f.name, "dueDate"]}
                  label={`${tf("milestoneN", { n: m?.index ?? i + 1 })} ${m?.title ?? ""}${
                    m?.releasesTranche ? ` · ${tf("buReleases", { n: m.releasesTranche })}` : ""
                  }`}
                  dependencies={["startDate"]}
                  rules={[
                    {
                      validator: (_, due: string | undefined) => {
                        const p = dueDateProblem(due, form.getFieldValue("startDate"), book.periodMonths);
                        return p ? Promise.reject(problem(p)) : Promise.resolve();
                      },
                    },
                  ]}
                >
                  <DateField data-testid={`due-${i + 1}`} />
                </Form.Item>
              </Space>
            );
          })
        }
      </Form.List>
      <Form.Item
        name="horseRaceKeyMilestone"
        label={t("buKeyMilestone")}
        rules={[
          {
            validator: (_, v: number | undefined) =>
              v === undefined || v === null || (v >= 1 && v <= book.milestones.length)
                ? Promise.resolve()
                : Promise.reject(tf("buKeyMilestoneRange", { n: book.milestones.length })),
          },
        ]}
      >
        <InputNumber min={1} max={36} precision={0} />
      </Form.Item>
      {book.voided?.length ? (
        <Alert type="warning" showIcon title={tf("buVoidedBefore", { n: book.voided.length })} />
      ) : null}
    </ActionForm>
  );
}
