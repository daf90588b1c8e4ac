// Embedded runtime: the Lambda functions of functions/catalog.ts, loaded in-process and invoked as Lambda would
// (event + context), by name for the gateway and by ARN for the Step Functions service.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { type FunctionDefinition, functions } from "../functions/catalog.ts";

export const localAccount = "000000000000";
export const localRegion = "us-east-1";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Test hook (fault injection): called before every invocation with the function's catalog name and event; when it
 * returns a promise, the invocation starts only once that settles — a hung or slow function, as a test wants it.
 */
export type InvocationHook = (name: string, event: unknown) => Promise<void> | undefined;

export function localFunctionName(name: string): string {
  return `jiebang-${name}`;
}

export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccount}:function:${localFunctionName(name)}`;
}

function lambdaContext(definition: FunctionDefinition, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = localFunctionName(definition.name);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: localFunctionArn(definition.name),
    memoryLimitInMB: String(definition.memoryMb ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export class FunctionHost {
  private readonly loaded = new Map<string, Promise<Handler>>();

  constructor(
    private readonly root: string,
    private readonly beforeInvoke?: InvocationHook,
  ) {}

  private load(definition: FunctionDefinition): Promise<Handler> {
    let handler = this.loaded.get(definition.name);
    if (!handler) {
      handler = import(pathToFileURL(join(this.root, definition.entry)).href).then(
        (module: { handler?: Handler }) => {
          if (typeof module.handler !== "function") throw new Error(`${definition.entry} exports no handler`);
          return module.handler;
        },
      );
      this.loaded.set(definition.name, handler);
    }
    return handler;
  }

  /** Loads every function now, so a broken module fails the start rather than the first request. */
  async loadAll(): Promise<void> {
    await Promise.all(functions.map((f) => this.load(f)));
  }

  /**
   * `handOver`: the caller built the event for this call alone and reads the result only once (the gateway), so
   * neither needs the JSON copy that keeps a Lambda's objects apart from its caller's.
   */
  async invoke(name: string, event: unknown, handOver = false): Promise<unknown> {
    const definition = functions.find((f) => f.name === name);
    if (!definition) {
      const error = new Error(`Function not found: ${name}`);
      error.name = "Lambda.ResourceNotFoundException";
      throw error;
    }
    const handler = await this.load(definition);
    await this.beforeInvoke?.(name, event);
    // A Lambda sees its event as JSON: pass a copy so the caller's objects are never shared.
    const copy = event === undefined || handOver ? event : JSON.parse(JSON.stringify(event));
    const result = await handler(copy, lambdaContext(definition, (definition.timeoutSeconds ?? 30) * 1000));
    if (result === undefined) return null;
    return handOver ? result : JSON.parse(JSON.stringify(result));
  }

  /** Invoke by ARN or name, as Step Functions does. */
  invokeByArn(functionArn: string, payload: unknown): Promise<unknown> {
    const name = functionArn.split(":").at(-1) ?? functionArn;
    return this.invoke(name.replace(/^jiebang-/, ""), payload);
  }
}
