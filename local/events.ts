// Embedded runtime: the domain events' event log (events.jsonl in the data directory, written by the
// domain-events-stream function, functions/events/adapters/event-log.ts) and its webhook subscriptions — an admin
// subscribes a URL with a secret; each event is POSTed to each subscription in the log's order, signed
// (functions/events/rules/signature.ts), retried with backoff on the runtime's clock (30 s doubling to an hour,
// 6 attempts, then recorded as failed and skipped). Subscriptions and each one's place persist in the data directory:
// a restart (a kill -9 included) goes on from the last delivery recorded, so a receiver gets each event at least once.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventLogTail } from "../functions/events/adapters/event-log.ts";
import type { CloudEvent } from "../functions/events/model.ts";
import { signatureHeader, webhookSignature } from "../functions/events/rules/signature.ts";

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
  /** Only these types (absent: every type). */
  readonly types?: readonly string[];
  readonly createdAt: string;
}

export interface WebhookFailure {
  readonly eventId: string;
  readonly type: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly at: string;
}

interface Place {
  /** Index in the event log of the next event to deliver. */
  next: number;
  attempt: number;
  notBefore?: number;
  lastError?: string;
  delivered: number;
  failures: WebhookFailure[];
}

interface State {
  subscriptions: WebhookSubscription[];
  places: Record<string, Place>;
}

export const webhookMaxAttempts = 6;
/** The wait before attempt n+1 after n failed ones: 30 s doubling, at most an hour. */
export const webhookBackoffMs = (failedAttempts: number) =>
  Math.min(3_600_000, 30_000 * 2 ** (failedAttempts - 1));

export interface LocalEvents {
  readonly logFile: string;
  subscribe(input: unknown): WebhookSubscription;
  /** Subscriptions without their secrets, each with its place and failures (the admins' view). */
  view(): unknown[];
  /** Delivers what is due to every subscription; how many deliveries succeeded. */
  dispatch(): Promise<number>;
}

export function localEvents(dataDir: string, now: () => number): LocalEvents {
  const logFile = join(dataDir, "events.jsonl");
  const stateFile = join(dataDir, "webhooks.json");
  let state: State = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, "utf8")) as State)
    : { subscriptions: [], places: {} };
  const save = () => {
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(state));
    renameSync(`${stateFile}.tmp`, stateFile);
  };

  async function send(
    subscription: WebhookSubscription,
    event: { id: string; type: string },
    attempt: number,
  ) {
    const body = JSON.stringify(event);
    // The signature's time is the real time (the receiver checks it against its own clock), not the runtime's clock.
    const signature = webhookSignature(subscription.secret, Math.floor(Date.now() / 1000), body);
    const response = await fetch(subscription.url, {
      method: "POST",
      headers: {
        "content-type": "application/cloudevents+json; charset=utf-8",
        [signatureHeader]: signature,
        "x-jiebang-delivery-attempt": String(attempt),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status > 299)
      throw new Error(`receiver answered ${response.status}`);
  }

  // The log as read so far (read on from where it was left: it only grows); nothing is read while nobody subscribes.
  const tail = eventLogTail(logFile);
  let log: CloudEvent[] = [];
  let running: Promise<number> | undefined;
  async function dispatchOnce(): Promise<number> {
    if (state.subscriptions.length === 0) return 0;
    let delivered = 0;
    const read = tail.read();
    if (read.restarted) log = [];
    for (const event of read.events) log.push(event);
    let changed = false;
    for (const subscription of state.subscriptions) {
      let place = state.places[subscription.id];
      if (!place) {
        place = { next: 0, attempt: 0, delivered: 0, failures: [] };
        state.places[subscription.id] = place;
        changed = true;
      }
      while (place.next < log.length) {
        const event = log[place.next]!;
        if (subscription.types && !subscription.types.includes(event.type)) {
          place.next++;
          changed = true;
          continue;
        }
        if (place.notBefore !== undefined && place.notBefore > now()) break;
        try {
          await send(subscription, event, place.attempt + 1);
          place.next++;
          place.attempt = 0;
          delete place.notBefore;
          delete place.lastError;
          place.delivered++;
          delivered++;
          save();
        } catch (error) {
          place.attempt++;
          place.lastError = error instanceof Error ? error.message : String(error);
          if (place.attempt >= webhookMaxAttempts) {
            place.failures.push({
              eventId: event.id,
              type: event.type,
              attempts: place.attempt,
              lastError: place.lastError,
              at: new Date(now()).toISOString(),
            });
            place.next++;
            place.attempt = 0;
            delete place.notBefore;
          } else place.notBefore = now() + webhookBackoffMs(place.attempt);
          save();
          break;
        }
      }
    }
    if (changed) save();
    return delivered;
  }

  return {
    logFile,
    subscribe(input) {
      const { url, secret, types } = (input ?? {}) as { url?: unknown; secret?: unknown; types?: unknown };
      let parsed: URL;
      try {
        parsed = new URL(String(url));
      } catch {
        throw new Error("url must be an absolute http(s) URL");
      }
      if (!["http:", "https:"].includes(parsed.protocol))
        throw new Error("url must be an absolute http(s) URL");
      if (typeof secret !== "string" || secret.length < 16 || secret.length > 256)
        throw new Error("secret must be a string of 16 to 256 characters");
      if (types !== undefined && (!Array.isArray(types) || !types.every((t) => typeof t === "string")))
        throw new Error("types must be a list of event types");
      const subscription: WebhookSubscription = {
        id: `wh-${randomUUID()}`,
        url: parsed.toString(),
        secret,
        ...(types ? { types: [...(types as string[])] } : {}),
        createdAt: new Date(now()).toISOString(),
      };
      state = { ...state, subscriptions: [...state.subscriptions, subscription] };
      save();
      return subscription;
    },
    view() {
      return state.subscriptions.map(({ secret: _secret, ...subscription }) => {
        const place = state.places[subscription.id];
        return {
          ...subscription,
          delivered: place?.delivered ?? 0,
          pending: place?.lastError
            ? {
                attempts: place.attempt,
                lastError: place.lastError,
                notBefore: new Date(place.notBefore ?? 0).toISOString(),
              }
            : undefined,
          failures: place?.failures ?? [],
        };
      });
    },
    dispatch() {
      // One pass at a time (the background loop, a settle and a clock advance may ask together).
      const next = (running ?? Promise.resolve(0)).then(dispatchOnce, dispatchOnce);
      running = next.catch(() => 0);
      return next;
    },
  };
}
