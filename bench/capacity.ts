// Benchmark support (bench/): counting wrappers — on the handlers' DynamoDB client (functions/platform/clients.ts), asking
// every command for its consumed capacity and adding up calls, read and write units; and on the API requests and S3
// requests of a run (the client's fetch calls and the handlers' S3 client). Installed only by the benchmarks, never on
// a production path.
import { dynamo, storage } from "../functions/platform/clients.ts";

export interface CapacityTally {
  calls: Record<string, number>;
  /** Wall time spent waiting for each kind of call, in ms. */
  ms: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

const tally: CapacityTally = { calls: {}, ms: {}, readUnits: 0, writeUnits: 0 };
let installed = false;
let askCapacity = true;

/**
 * Whether the wrapper asks DynamoDB for the consumed capacity (on by default). The api bench turns it off while it
 * times requests: computing it is work DynamoDB Local does for the platform's side only.
 */
export function askConsumedCapacity(on: boolean): void {
  askCapacity = on;
}

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Installs the wrapper once; returns a function that reads and resets the tally. */
export function countDynamoDb(): () => CapacityTally {
  if (!installed) {
    installed = true;
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? "unknown";
        if (askCapacity) (args.input as Record<string, unknown>)["ReturnConsumedCapacity"] = "TOTAL";
        tally.calls[name] = (tally.calls[name] ?? 0) + 1;
        const started = performance.now();
        const result = await next(args);
        tally.ms[name] = (tally.ms[name] ?? 0) + performance.now() - started;
        const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
        const consumed = output.ConsumedCapacity;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          // DynamoDB Local reports CapacityUnits only; which kind it is follows from the command.
          const units = c.CapacityUnits ?? 0;
          if (/^(Get|BatchGet|Query|Scan|TransactGet)/.test(name)) tally.readUnits += units;
          else tally.writeUnits += units;
        }
        return result;
      },
      { step: "initialize", name: "benchCountCapacity" },
    );
  }
  return () => {
    const snapshot = {
      calls: { ...tally.calls },
      ms: { ...tally.ms },
      readUnits: tally.readUnits,
      writeUnits: tally.writeUnits,
    };
    tally.calls = {};
    tally.ms = {};
    tally.readUnits = 0;
    tally.writeUnits = 0;
    return snapshot;
  };
}

/** API requests (each one API Gateway request and one Lambda invocation) and S3 requests of a run. */
export interface RequestTally {
  httpRequests: number;
  httpMs: number;
  s3Puts: number;
  s3Gets: number;
}

const requests: RequestTally = { httpRequests: 0, httpMs: 0, s3Puts: 0, s3Gets: 0 };
let requestsInstalled = false;

/**
 * Counts this process's fetch calls to the gateway's `/v1/` routes and to S3 (presigned uploads), and the handlers' own
 * S3 requests (GET/HEAD priced as GET, everything else as PUT). Installs once; returns a function that reads and resets
 * the tally.
 */
export function countRequests(endpoints: { apiUrl: string; s3Endpoint: string }): () => RequestTally {
  if (!requestsInstalled) {
    requestsInstalled = true;
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const started = performance.now();
      const response = await original(input, init);
      if (url.startsWith(`${endpoints.apiUrl}/v1/`)) {
        requests.httpRequests++;
        requests.httpMs += performance.now() - started;
      } else if (url.startsWith(endpoints.s3Endpoint)) {
        if ((init?.method ?? "GET").toUpperCase() === "GET") requests.s3Gets++;
        else requests.s3Puts++;
      }
      return response;
    };
    storage().middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Get|Head)/.test(context.commandName ?? "")) requests.s3Gets++;
        else requests.s3Puts++;
        return next(args);
      },
      { step: "initialize", name: "benchCountS3" },
    );
  }
  return () => {
    const snapshot = { ...requests };
    Object.assign(requests, { httpRequests: 0, httpMs: 0, s3Puts: 0, s3Gets: 0 });
    return snapshot;
  };
}
