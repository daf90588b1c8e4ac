// End-to-end: a real kill -9 of the platform (a child process, as `npm start` runs it) while the table's stream is
// being delivered, and a restart on the same data directory — at a notification's send (the e-mail taken by the relay,
// the send not yet recorded) and right after a domain event was appended to the event log (before the stream moved
// on): the change's notification shows once, its e-mail once, and the event log holds its event once.
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import type { CloudEvent } from "../../functions/events/model.ts";
import type { CrashPoint } from "../../functions/platform/ports/faults.ts";
import { localNames } from "../../infra/resources.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("events-restart");
const { api, token } = child;
afterEach(() => child.cleanUp());

/** A milestone's reminder as the project's timer writes it: the track's audit event and the enterprise's to-do, in one transaction. */
async function remindMilestone(): Promise<void> {
  const { client, close } = child.dynamo();
  const todo = {
    id: "PROJECT_TRACK#prj-crash#project.file-milestone-report#0",
    action: "project.file-milestone-report",
    key: "0",
    since: "2025-07-01T00:00:00.000Z",
    deadline: "2025-12-31T15:59:59.999Z",
    link: "/projects/prj-crash/milestones/0/report",
    title: "高性能铸造工艺",
    recordKind: "PROJECT_TRACK",
    recordId: "prj-crash",
  };
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: localNames.table,
            Item: {
              pk: "PROJECT_TRACK#prj-crash",
              sk: "AUDIT#0000000007",
              kind: "audit",
              recordKind: "PROJECT_TRACK",
              recordId: "prj-crash",
              version: 7,
              action: "milestone.reminded",
              at: "2025-12-17T00:00:00.000Z",
              actor: "workflow",
              role: "workflow",
              detail: { milestone: 0, dueDate: "2025-12-31" },
            },
          },
        },
        {
          Put: {
            TableName: localNames.table,
            Item: {
              pk: "TODO#ROLE#enterprise@ent-crash",
              sk: `0#${todo.deadline}#${todo.since}#${todo.id}`,
              kind: "todo",
              todo,
            },
          },
        },
      ],
    }),
  );
  close();
}

const cases: { point: CrashPoint; when: string }[] = [
  { point: "notification.after-send", when: "after the relay took the e-mail, before the send is recorded" },
  {
    point: "domain-event.after-publish",
    when: "after the event was appended to the log, before the stream moved on",
  },
];

describe("kill -9 while the outbox is delivered", () => {
  it.each(cases)(
    "at $point ($when): one inbox entry, one e-mail shown, one event in the log",
    async ({ point }) => {
      await child.start({ crashAt: point });
      const saved = await api.call("PUT", "/v1/me/notification-preferences", {
        token: await token("e1", "ent-crash", "enterprise"),
        body: { channels: ["email"], email: "e1@ent-crash.example" },
      });
      expect(saved.status).toBe(200);
      const exit = child.died();
      await remindMilestone();
      expect(await exit).toBe("SIGKILL");

      const platform = await child.start();
      await platform.settle();
      await platform.settle();
      const inbox = await api.get<{ items: { type: string }[] }>(
        "/v1/me/notifications",
        await token("e1", "ent-crash", "enterprise"),
      );
      expect(inbox.body.items.map((n) => n.type)).toEqual(["todo.project.file-milestone-report"]);
      const mail = await api.get<{ items: { subject: string }[] }>(
        "/local/mailbox/messages?to=e1%40ent-crash.example",
      );
      expect(mail.body.items.map((m) => m.subject)).toEqual(["新的待办：提交里程碑报告"]);
      const log = (await api.get<{ items: CloudEvent[] }>("/local/events")).body.items;
      expect(log.map((e) => [e.id, e.type])).toEqual([
        ["PROJECT_TRACK#prj-crash#7", "cn.gov.jiebang.project.milestone-reminded"],
      ]);
      expect(log[0]!.data).toEqual({
        recordKind: "PROJECT_TRACK",
        recordId: "prj-crash",
        version: 7,
        action: "milestone.reminded",
        milestone: 0,
        dueDate: "2025-12-31",
      });
    },
    240_000,
  );
});
