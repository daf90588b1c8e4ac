// Embedded runtime: the records table's stream on DynamoDB Local, polled as Lambda's event source mapping polls it in
// AWS — DescribeStream, GetShardIterator, GetRecords over the DynamoDB Streams JSON protocol (no streams client at the
// pinned SDK version), each batch handed to the stream function (functions/notifications/adapters/stream.ts) with the
// same event shape. Each shard's last delivered sequence number is kept in the data directory, so a restart (a kill -9
// included) resumes after the last batch the function finished: at least once, and the function is idempotent.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { signedHeaders } from "../functions/platform/http/sigv4.ts";
import { localRegion } from "./functions.ts";
import { localServiceCredentials } from "./sigv4.ts";

export interface StreamBatchResult {
  readonly batchItemFailures?: readonly { readonly itemIdentifier: string }[];
  /** Why the batch stopped, when the function says. */
  readonly error?: unknown;
}

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly streamArn: string;
  /** Where the shards' checkpoints persist. */
  readonly checkpointFile: string;
  /** Hands a batch to the stream function; the records are its own afterwards (the poller reads them no more). */
  readonly deliver: (records: unknown[]) => Promise<StreamBatchResult>;
  /**
   * Milliseconds between background passes while records come (default 200); after a pass that found none the wait
   * doubles up to 5 × this, and is back to it once records come again. 0: no background polling (drain() only).
   */
  readonly intervalMs?: number;
  readonly log?: (line: Record<string, unknown>) => void;
}

export interface StreamPoller {
  /** Polls every shard until a whole pass finds nothing new; resolves with how many records it handed over. */
  drain(): Promise<number>;
  stats(): { delivered: number; batches: number; failures: number };
  stop(): Promise<void>;
}

interface Shard {
  readonly ShardId: string;
  readonly SequenceNumberRange?: { readonly EndingSequenceNumber?: string };
}

interface Checkpoints {
  readonly streamArn: string;
  readonly shards: Record<string, string>;
  /** Closed shards read to their end. */
  readonly done: string[];
}

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const log = options.log ?? (() => undefined);
  let checkpoints: Checkpoints = { streamArn: options.streamArn, shards: {}, done: [] };
  if (existsSync(options.checkpointFile)) {
    const saved = JSON.parse(readFileSync(options.checkpointFile, "utf8")) as Checkpoints;
    if (saved.streamArn === options.streamArn) checkpoints = saved;
  }
  const save = () => {
    const temp = `${options.checkpointFile}.tmp`;
    writeFileSync(temp, JSON.stringify(checkpoints));
    renameSync(temp, options.checkpointFile);
  };
  const stats = { delivered: 0, batches: 0, failures: 0 };
  /** Per shard: the iterator to go on with (while the checkpoint is unchanged) and when a failed batch may retry. */
  const iterators = new Map<string, string>();
  const retryAt = new Map<string, { at: number; attempt: number }>();

  async function call<T>(action: string, body: unknown): Promise<T> {
    const text = JSON.stringify(body);
    const headers = {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDBStreams_20120810.${action}`,
    };
    const response = await fetch(options.endpoint, {
      method: "POST",
      headers: await signedHeaders(localServiceCredentials, localRegion, {
        method: "POST",
        url: options.endpoint,
        body: text,
        headers,
      }),
      body: text,
    });
    const answer = (await response.json()) as T & { __type?: string; message?: string };
    if (!response.ok)
      throw new Error(`${action}: ${answer.__type ?? response.status} ${answer.message ?? ""}`);
    return answer;
  }

  async function shards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await call<{
        StreamDescription: { Shards: Shard[]; LastEvaluatedShardId?: string };
      }>("DescribeStream", {
        StreamArn: options.streamArn,
        ...(start ? { ExclusiveStartShardId: start } : {}),
      });
      all.push(...StreamDescription.Shards);
      start = StreamDescription.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  async function iteratorOf(shardId: string): Promise<string> {
    const known = iterators.get(shardId);
    if (known) return known;
    const after = checkpoints.shards[shardId];
    const { ShardIterator } = await call<{ ShardIterator: string }>("GetShardIterator", {
      StreamArn: options.streamArn,
      ShardId: shardId,
      ...(after
        ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
        : { ShardIteratorType: "TRIM_HORIZON" }),
    });
    return ShardIterator;
  }

  /**
   * The shards as last described (DescribeStream costs DynamoDB Local as much as a read of records): described again
   * on every drain(), when a shard was read to its end (its children are then to be found), and every 10 s.
   */
  let described: { shards: Shard[]; at: number } | undefined;
  const describeEveryMs = 10_000;

  /**
   * One pass over the shards; how many records were handed over, and whether a shard was read to its end (the pass
   * after it describes the stream again, so a drain goes on into the shards that follow).
   */
  async function pass(describe: boolean): Promise<{ handed: number; closed: boolean }> {
    let handed = 0;
    let closed = false;
    if (describe || !described || performance.now() - described.at > describeEveryMs)
      described = { shards: await shards(), at: performance.now() };
    for (const shard of described.shards) {
      if (checkpoints.done.includes(shard.ShardId)) continue;
      const waiting = retryAt.get(shard.ShardId);
      if (waiting && waiting.at > performance.now()) continue;
      const iterator = await iteratorOf(shard.ShardId);
      const { Records, NextShardIterator } = await call<{
        Records: { dynamodb: { SequenceNumber: string } }[];
        NextShardIterator?: string;
      }>("GetRecords", { ShardIterator: iterator, Limit: 100 });
      if (Records.length === 0) {
        if (NextShardIterator) iterators.set(shard.ShardId, NextShardIterator);
        else {
          // A closed shard read to its end.
          checkpoints = { ...checkpoints, done: [...checkpoints.done, shard.ShardId] };
          iterators.delete(shard.ShardId);
          save();
          closed = true;
          described = undefined;
        }
        continue;
      }
      // The records are the function's from here on (handed over, not copied): their sequence numbers are read first.
      const sequence = Records.map((r) => r.dynamodb.SequenceNumber);
      const result: StreamBatchResult = await options.deliver(Records).catch((error: unknown) => ({
        batchItemFailures: [{ itemIdentifier: sequence[0]! }],
        error,
      }));
      stats.batches++;
      const failed = result.batchItemFailures?.[0]?.itemIdentifier;
      const upTo = failed === undefined ? sequence.length : sequence.indexOf(failed);
      const delivered = upTo < 0 ? 0 : upTo;
      handed += delivered;
      stats.delivered += delivered;
      const last = delivered > 0 ? sequence[delivered - 1] : undefined;
      if (last) {
        checkpoints = { ...checkpoints, shards: { ...checkpoints.shards, [shard.ShardId]: last } };
        save();
      }
      if (failed === undefined) {
        retryAt.delete(shard.ShardId);
        if (NextShardIterator) iterators.set(shard.ShardId, NextShardIterator);
        else iterators.delete(shard.ShardId);
      } else {
        // Retried from the failed record after a backoff (as the event source mapping retries).
        stats.failures++;
        iterators.delete(shard.ShardId);
        const attempt = (waiting?.attempt ?? 0) + 1;
        retryAt.set(shard.ShardId, { at: performance.now() + Math.min(5_000, 100 * 2 ** attempt), attempt });
        log({
          level: "WARN",
          message: "stream batch failed; retrying",
          shard: shard.ShardId,
          attempt,
          error: String(result.error),
        });
      }
    }
    return { handed, closed };
  }

  // One pass at a time: drain() and the background loop share the chain.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const interval = options.intervalMs ?? 200;
  // An idle stream is polled less often (each poll costs DynamoDB Local CPU); records coming bring the pace back.
  let wait = interval;
  const loop = () => {
    if (stopped || interval === 0) return;
    timer = setTimeout(() => {
      serial(() => pass(false))
        .then(
          ({ handed, closed }) => {
            wait = handed > 0 || closed ? interval : Math.min(wait * 2, interval * 5);
          },
          (error: unknown) => log({ level: "WARN", message: "stream poll failed", error: String(error) }),
        )
        .finally(loop);
    }, wait);
    timer.unref();
  };
  loop();

  return {
    async drain() {
      let total = 0;
      for (let round = 0; round < 200; round++) {
        const { handed, closed } = await serial(() => pass(round === 0));
        total += handed;
        if (handed > 0 || closed) wait = interval;
        if (handed === 0 && !closed && retryAt.size === 0) return total;
        if (handed === 0 && !closed) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return total;
    },
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}
