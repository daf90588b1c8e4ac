// Benchmarks support (bench/): the machine's description, medians and percentiles, and the results file writer.
import { Agent, request } from "node:http";
import { cpus, type as osType, release, totalmem } from "node:os";

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly runs: number;
  readonly goal?: string;
  readonly met?: boolean;
  readonly detail?: Record<string, unknown>;
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model?.trim() ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osType()} ${release()}`,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The runtime options of the load suites (api, reads, lifecycle, notifications): DynamoDB Local with its server
 * compiler, as a long-running store behaves (local/dynamodb.ts), the setting of every earlier run's figures.
 */
export const loadSuiteRuntime = { dynamoDbCompiler: "sustained" } as const;

/**
 * The benchmarks' HTTP client: node:http on keep-alive connections, the same HTTP stack the AWS SDK uses for the bare
 * DynamoDB side, so both sides of a ratio pay alike for their client (fetch's WHATWG streams cost about twice as much
 * CPU per request, all of it in this one process).
 */
export function httpClient(maxSockets: number) {
  // Idle sockets are dropped after 4 s, before the gateway closes them (its keep-alive timeout is 5 s): reusing one the
  // server is closing fails the request with "socket hang up" (a run's set-up on a loaded machine idles them that long).
  const agent = new Agent({ keepAlive: true, maxSockets, timeout: 4_000 });
  return {
    send(
      method: string,
      url: string,
      headers: Record<string, string>,
      body?: string,
    ): Promise<{ status: number; json: () => unknown }> {
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method,
            agent,
            headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ status: res.statusCode ?? 0, json: () => (text ? JSON.parse(text) : undefined) });
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
