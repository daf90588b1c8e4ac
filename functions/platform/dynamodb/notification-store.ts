// Adapter: the NotificationStore on the records table — a notification's delivery record (pk `NOTIFICATION#<id>`, sk
// `NOTIFICATION`) and its inbox item (pk `INBOX#<recipient key>`, sk `<at>#<id>`, `readBy` a string set) written once
// by conditional puts; channel sends (sk `SEND#<user>#<channel>`, failed ones under gsi1 `NOTIFICATION#FAILED`, sent
// back by an admin only while failed); preferences (pk `NOTIFY_PREFS#<user>`) and their subscriber items (pk
// `NOTIFY_SUB#<recipient key>`, sk the user).
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type CursorKey, invalidCursor, openCursor, sealCursor } from "../cursors.ts";
import type {
  ChannelSend,
  FailedSend,
  InboxEntry,
  Notification,
  NotificationStore,
  Preferences,
  SendKey,
} from "../ports/notifications.ts";

const deliveryKey = (id: string) => ({ pk: `NOTIFICATION#${id}`, sk: "NOTIFICATION" });
const inboxKey = (n: Pick<Notification, "recipient" | "at" | "id">) => ({
  pk: `INBOX#${n.recipient}`,
  sk: `${n.at}#${n.id}`,
});
const sendKey = (k: SendKey) => ({
  pk: `NOTIFICATION#${k.notificationId}`,
  sk: `SEND#${k.userId}#${k.channel}`,
});
const prefsKey = (user: string) => ({ pk: `NOTIFY_PREFS#${user}`, sk: "NOTIFY_PREFS" });
const failedPartition = "NOTIFICATION#FAILED";
const pendingPartition = "NOTIFICATION#PENDING";

/** A channel send's item: failed ones under gsi1 `NOTIFICATION#FAILED`, waiting ones under `NOTIFICATION#PENDING`. */
const sendItem = (key: SendKey, n: Notification, state: ChannelSend) => ({
  ...sendKey(key),
  kind: "notification-send",
  send: state,
  failed: { ...key, ...state, type: n.type, recipient: n.recipient },
  ...(state.status === "failed"
    ? {
        gsi1pk: failedPartition,
        gsi1sk: `${state.at}#${key.notificationId}#${key.userId}#${key.channel}`,
      }
    : state.status === "sent"
      ? {}
      : {
          gsi1pk: pendingPartition,
          gsi1sk: `${state.notBefore ?? state.at}#${key.notificationId}#${key.userId}#${key.channel}`,
        }),
});

export function dynamoNotificationStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  cursorKey: CursorKey,
): NotificationStore {
  const hidden = "NOT contains(#ex, :me)";
  /** One key's inbox items newer-first after `before`, up to `limit` shown to the person (four eyes filtered out). */
  async function queryKey(recipient: string, userId: string, before: string | undefined, limit: number) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: before ? "pk = :pk AND sk < :before" : "pk = :pk",
          FilterExpression: hidden,
          ExpressionAttributeNames: { "#ex": "exceptUsers" },
          ExpressionAttributeValues: {
            ":pk": `INBOX#${recipient}`,
            ":me": userId,
            ...(before ? { ":before": before } : {}),
          },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items.slice(0, limit);
  }

  const scopeOf = (recipients: readonly string[], userId: string) =>
    JSON.stringify(["notifications", [...recipients].sort(), userId]);

  return {
    async record(n, at) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...deliveryKey(n.id), kind: "notification", notification: n, createdAt: at },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...inboxKey(n),
                    kind: "inbox",
                    notification: n,
                    ...(n.exceptUsers?.length ? { exceptUsers: [...n.exceptUsers] } : {}),
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (
          error instanceof TransactionCanceledException &&
          (error.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed")
        )
          return false;
        throw error;
      }
    },

    async get(id) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: deliveryKey(id), ConsistentRead: true }),
      );
      return result.Item?.["notification"] as Notification | undefined;
    },

    async inbox(recipients, person, options) {
      let before: string | undefined;
      if (options.cursor) {
        const place = openCursor(cursorKey, options.cursor, scopeOf(recipients, person.userId));
        if (typeof place !== "string" || place === "") throw invalidCursor();
        before = place;
      }
      const pages = await Promise.all(
        [...new Set(recipients)].map((r) => queryKey(r, person.userId, before, options.limit + 1)),
      );
      const merged = pages
        .flat()
        .sort((a, b) => (String(a["sk"]) < String(b["sk"]) ? 1 : -1))
        .filter((item) => {
          const n = item["notification"] as Notification;
          return !(n.exceptOrganisations ?? []).includes(person.organisationId);
        });
      const shown = merged.slice(0, options.limit);
      const items: InboxEntry[] = shown.map((item) => ({
        notification: item["notification"] as Notification,
        read: ((item["readBy"] as Set<string> | undefined) ?? new Set()).has(person.userId),
      }));
      const last = shown.at(-1);
      return merged.length > options.limit && last
        ? { items, next: sealCursor(cursorKey, String(last["sk"]), scopeOf(recipients, person.userId)) }
        : { items };
    },

    async unread(recipients, person, cap) {
      let count = 0;
      for (const recipient of new Set(recipients)) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk",
              FilterExpression: `${hidden} AND NOT contains(#rb, :me)`,
              ExpressionAttributeNames: { "#ex": "exceptUsers", "#rb": "readBy" },
              ExpressionAttributeValues: { ":pk": `INBOX#${recipient}`, ":me": person.userId },
              ScanIndexForward: false,
              ConsistentRead: true,
              Select: "COUNT",
              Limit: cap + 1,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start && count <= cap);
        if (count > cap) return { count: cap, capped: true };
      }
      return { count, capped: false };
    },

    async markRead(n, userId) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: inboxKey(n),
          UpdateExpression: "ADD #rb :me",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#rb": "readBy" },
          ExpressionAttributeValues: { ":me": new Set([userId]) },
        }),
      );
    },

    async send(key) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: sendKey(key), ConsistentRead: true }),
      );
      return result.Item?.["send"] as ChannelSend | undefined;
    },

    async recordSend(key, n, state) {
      await client.send(new PutCommand({ TableName: tableName, Item: sendItem(key, n, state) }));
    },

    async retryFailed(key, n, state) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: sendItem(key, n, state),
            ConditionExpression: "#send.#status = :failed",
            ExpressionAttributeNames: { "#send": "send", "#status": "status" },
            ExpressionAttributeValues: { ":failed": "failed" },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async failures(options) {
      const scope = JSON.stringify(["notification-failures"]);
      let start: Record<string, unknown> | undefined;
      if (options.cursor) {
        const place = openCursor(cursorKey, options.cursor, scope);
        if (typeof place !== "object" || place === null) throw invalidCursor();
        start = place as Record<string, unknown>;
      }
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": failedPartition },
          ScanIndexForward: false,
          Limit: options.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const items = (page.Items ?? []).map((item) => item["failed"] as FailedSend);
      return page.LastEvaluatedKey
        ? { items, next: sealCursor(cursorKey, page.LastEvaluatedKey, scope) }
        : { items };
    },

    async due(now, limit) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk <= :now",
          ExpressionAttributeValues: { ":pk": pendingPartition, ":now": `${now}~` },
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => item["failed"] as FailedSend);
    },

    async preferences(userId) {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: prefsKey(userId), ConsistentRead: true }),
      );
      return result.Item?.["prefs"] as Preferences | undefined;
    },

    async savePreferences(prefs, keys) {
      const previous = await client.send(
        new GetCommand({ TableName: tableName, Key: prefsKey(prefs.userId), ConsistentRead: true }),
      );
      const oldKeys = (previous.Item?.["keys"] as string[] | undefined) ?? [];
      const requests = [
        ...oldKeys
          .filter((k) => !keys.includes(k))
          .map((k) => ({ DeleteRequest: { Key: { pk: `NOTIFY_SUB#${k}`, sk: prefs.userId } } })),
        ...keys.map((k) => ({
          PutRequest: { Item: { pk: `NOTIFY_SUB#${k}`, sk: prefs.userId, kind: "notify-sub", prefs } },
        })),
      ];
      for (let i = 0; i < requests.length; i += 25) {
        await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(i, i + 25) } }),
        );
      }
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...prefsKey(prefs.userId), kind: "notify-prefs", prefs, keys: [...keys] },
        }),
      );
    },

    async subscribers(recipient) {
      const out: Preferences[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": `NOTIFY_SUB#${recipient}` },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        out.push(...(page.Items ?? []).map((i) => i["prefs"] as Preferences));
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },
  };
}
