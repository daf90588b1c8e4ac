// End-to-end: a real kill -9 of the platform (a child process, as `npm start` runs it) at the send of a notification —
// after the loopback SMTP server took the e-mail, before the send is recorded — and a restart on the same data
// directory: the stream resumes from its last finished batch, the inbox shows the notification once, and the mailbox
// shows the e-mail once although the relay received it twice (the same Message-ID).
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { localNames } from "../../infra/resources.ts";
import { restartablePlatform } from "../support/restartable.ts";

const child = restartablePlatform("notification-restart");
const { api, token } = child;
afterEach(() => child.cleanUp());

describe("kill -9 at a notification's send", () => {
  it("after the relay took the e-mail: one inbox entry, one e-mail shown (received twice)", async () => {
    await child.start({ crashAt: "notification.after-send" });
    const enterprise = await token("e1", "ent-crash", "enterprise");
    const saved = await api.call("PUT", "/v1/me/notification-preferences", {
      token: enterprise,
      body: { channels: ["email"], email: "e1@ent-crash.example" },
    });
    expect(saved.status).toBe(200);

    // A to-do item appears for the enterprise (as a record change writes it, in its transaction): the outbox entry.
    const exit = child.died();
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
      new PutCommand({
        TableName: localNames.table,
        Item: {
          pk: "TODO#ROLE#enterprise@ent-crash",
          sk: `0#${todo.deadline}#${todo.since}#${todo.id}`,
          kind: "todo",
          todo,
        },
      }),
    );
    close();
    // The stream poller hands it to the stream function, which sends the e-mail and dies before recording it.
    expect(await exit).toBe("SIGKILL");

    const platform = await child.start();
    await platform.settle();
    const inbox = await api.get<{ items: { type: string; title: string }[] }>(
      "/v1/me/notifications",
      await token("e1", "ent-crash", "enterprise"),
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((n) => n.type)).toEqual(["todo.project.file-milestone-report"]);
    const mail = await api.get<{
      items: { subject: string; deliveries: number }[];
      receptions: number;
    }>("/local/mailbox/messages?to=e1%40ent-crash.example");
    expect(mail.body.items).toHaveLength(1);
    expect(mail.body.items[0]!.subject).toBe("新的待办：提交里程碑报告");
    // Received before the kill and again after the restart: shown once.
    expect(mail.body.items[0]!.deliveries).toBe(2);
    expect(mail.body.receptions).toBe(2);

    // Settled again: nothing more is sent.
    await platform.settle();
    const again = await api.get<{ receptions: number }>("/local/mailbox/messages");
    expect(again.body.receptions).toBe(2);
  }, 180_000);
});
