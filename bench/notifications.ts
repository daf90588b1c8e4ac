// Benchmark (bench/): stream delivery on the embedded runtime — notifications delivered per second from the records
// table's stream (the notifications-stream function, handed batches by the local poller) to the inbox and the local
// SMTP server. Bureau officers choose e-mail; the enterprises of a few signed projects then ask for investment
// road-shows (each request a to-do for the bureau: one inbox entry and one e-mail per officer), the bureau declining
// each so it may be asked again — over HTTP, the real write path. Counted from the inbox items and the mailbox.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { shanghaiDate } from "../functions/kernel/dates.ts";
import { dynamo } from "../functions/platform/clients.ts";
import { localNames } from "../infra/resources.ts";
import { type Runtime, startRuntime } from "../local/runtime.ts";
import { expectStatus, projectFlow } from "../tests/support/project-flow.ts";
import { type Figure, httpClient, loadSuiteRuntime, round } from "./support.ts";

/** The bureau's inbox: the to-dos of the role `bureau` are told to its recipient key. */
const bureauInbox = "INBOX#ROLE#bureau";
const officers = ["b1", "b2"] as const;
const mailOf = (user: string) => `${user}@stb.taiyuan.example`;

/** How many items the bureau's inbox holds (each notification's inbox entry is written once). */
async function inboxEntries(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: localNames.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": bureauInbox },
        Select: "COUNT",
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** The e-mails the local SMTP server accepted for the officers, once per Message-ID. */
function mails(runtime: Runtime): number {
  return officers.reduce((sum, user) => sum + runtime.notifications.mailbox.messages(mailOf(user)).length, 0);
}

interface StreamStats {
  delivered: number;
  batches: number;
  failures: number;
}

/** POST /local/settle: the workflows idle and the stream drained; the stream poller's counters. */
async function settle(flow: ReturnType<typeof projectFlow>): Promise<StreamStats> {
  const got = await flow.api.post<{ stream: StreamStats }>("/local/settle", undefined);
  expectStatus(got, 200);
  return got.body.stream;
}

export async function notificationFigures(): Promise<Figure[]> {
  const changes = Number(process.env["BENCH_NOTIFICATIONS"] ?? 500);
  const lanes = Number(process.env["BENCH_NOTIFICATIONS_PROJECTS"] ?? 4);
  const client = httpClient(lanes);
  const pollMs = 20;
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-bench-notifications-"));
  // Monday 2 June 2025, 10:00 in Shanghai (outside anyone's quiet hours: none are set).
  const runtime = await startRuntime({
    dataDir,
    clockStart: "2025-06-02T02:00:00.000Z",
    ...loadSuiteRuntime,
  });
  const flow = projectFlow(() => runtime);
  try {
    // The bureau officers choose e-mail (the inbox is always theirs).
    for (const user of officers) {
      const saved = await flow.api.call("PUT", "/v1/me/notification-preferences", {
        token: await flow.as(user, "taiyuan-stb", "bureau"),
        body: { channels: ["email"], email: mailOf(user) },
      });
      expectStatus(saved, 200);
    }
    const start = shanghaiDate(runtime.clock.now());
    const projects = await Promise.all(
      Array.from({ length: lanes }, (_, i) =>
        flow.signedProject({ solverOrg: `uni-nb-${i}`, enterpriseOrg: `ent-nb-${i}`, startDate: start }),
      ),
    );
    // Everything the set-up caused delivered first: the measured window holds only the road-show requests.
    const before = { stream: await settle(flow), inbox: await inboxEntries(), mails: mails(runtime) };

    const perLane = Math.ceil(changes / lanes);
    const requests = perLane * lanes;
    const bureau = await flow.bureau();
    // The measured writes on keep-alive node:http (bench/support.ts httpClient), without the tests' response checks.
    const post = async (path: string, token: string, body: unknown, status: number) => {
      const got = await client.send(
        "POST",
        `${runtime.info.apiUrl}${path}`,
        { authorization: `Bearer ${token}`, "content-type": "application/json" },
        JSON.stringify(body),
      );
      if (got.status !== status) throw new Error(`POST ${path}: ${got.status} ${JSON.stringify(got.json())}`);
    };
    const began = performance.now();
    await Promise.all(
      projects.map(async (p) => {
        const enterprise = await flow.enterprise(p.enterpriseOrg);
        const path = `/v1/projects/${p.projectId}/road-show`;
        for (let k = 0; k < perLane; k++) {
          const reason = `后续融资路演申请 ${k + 1}`;
          await post(path, enterprise, { reason, followOnNeedFen: 500_000_000 }, 201);
          // Declined at once, so the next request is a new to-do (its own since: the clock follows real time).
          await post(`${path}/decision`, bureau, { decision: "decline", comment: "本期暂不安排" }, 200);
        }
      }),
    );
    const lastWrite = performance.now();

    // Drained: every request's inbox entry and every officer's e-mail there, delivered by the background poller.
    const expected = { inbox: requests, mails: requests * officers.length };
    let inbox = 0;
    let mailed = 0;
    const deadline = lastWrite + 600_000;
    // The inbox entry of a notification is written before its e-mails are sent: the mailbox (a file read whole) is
    // read only once every inbox entry is there, so the counting takes little from the delivery it watches.
    for (;;) {
      inbox = (await inboxEntries()) - before.inbox;
      if (inbox >= expected.inbox) mailed = mails(runtime) - before.mails;
      if ((inbox >= expected.inbox && mailed >= expected.mails) || performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    const drained = performance.now();
    // A drain on top shows whether anything was still to come (it should add nothing), and gives the counters.
    const after = await settle(flow);
    const finalInbox = (await inboxEntries()) - before.inbox;
    const finalMails = mails(runtime) - before.mails;
    if (finalInbox !== inbox || finalMails !== mailed || inbox < expected.inbox || mailed < expected.mails) {
      throw new Error(
        `delivered ${finalInbox}/${expected.inbox} inbox entries and ${finalMails}/${expected.mails} e-mails` +
          ` (${inbox} and ${mailed} when the poller was taken as drained)`,
      );
    }
    const windowS = (drained - began) / 1000;
    const batches = after.batches - before.stream.batches;
    const records = after.delivered - before.stream.delivered;
    const note =
      "through the background stream poller (a pass every 200 ms, GetRecords of up to 100 records, one batch at a " +
      "time to the notifications-stream function), each e-mail a loopback SMTP round trip to the local mail server " +
      `(sent one after the other within a batch); counted from the bureau's inbox items and the mailbox, polled every ${pollMs} ms`;
    const detail = {
      requests,
      projects: lanes,
      officersWithEmail: officers.length,
      inboxEntries: inbox,
      emails: mailed,
      writePhaseS: round((lastWrite - began) / 1000, 2),
      windowS: round(windowS, 2),
      streamRecords: records,
      streamFailures: after.failures - before.stream.failures,
      note,
    };
    if (process.env["BENCH_VERBOSE"]) console.error("notifications", detail);
    return [
      {
        name: `stream delivery: notifications delivered per second (${requests} to-dos; inbox entries + e-mails)`,
        value: round((inbox + mailed) / windowS, 1),
        unit: "/s",
        runs: 1,
        detail: {
          ...detail,
          inboxPerS: round(inbox / windowS, 1),
          emailsPerS: round(mailed / windowS, 1),
          window: "first write to the last delivery seen; the HTTP writes (requests and declines) overlap it",
        },
      },
      {
        name: "stream delivery: last write to the stream drained",
        value: Math.round(drained - lastWrite),
        unit: "ms",
        runs: 1,
        detail: { note: `includes up to one polling interval (200 ms) and the ${pollMs} ms count poll` },
      },
      {
        name: "stream delivery: stream batches",
        value: batches,
        unit: "batches",
        runs: 1,
        detail: { streamRecords: records, recordsPerBatch: batches > 0 ? round(records / batches, 1) : 0 },
      },
    ];
  } finally {
    client.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
