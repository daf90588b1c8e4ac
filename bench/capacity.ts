// Benchmark support (bench/): a counting wrapper on the handlers' DynamoDB client (functions/shared/clients.ts) — asks
// every command for its consumed capacity and adds up calls, read and write units. Installed only by the benchmarks,
// never on a production path.
import { dynamo } from "../functions/shared/clients.ts";

export interface CapacityTally {
  calls: Record<string, number>;
  /** Wall time spent waiting for each kind of call, in ms. */
  ms: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

const tally: CapacityTally = { calls: {}, ms: {}, readUnits: 0, writeUnits: 0 };
let installed = false;

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Installs the wrapper once; returns a function that reads and resets the tally. */
export function countDynamoDb(): () => CapacityTally {
  if (!installed) {
    installed = true;
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? "unknown";
        (args.input as Record<string, unknown>)["ReturnConsumedCapacity"] = "TOTAL";
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
