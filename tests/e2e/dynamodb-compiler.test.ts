// End-to-end: DynamoDB Local's JVM compiler as local/dynamodb.ts chooses it — the client compiler only by default
// (tests, the demo, `npm start`), tiered for the benchmarks' load suites (`sustained`) — read from the running JVM's
// command line, each one answering DynamoDB's API.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { type DynamoDbCompiler, startDynamoDbLocal } from "../../local/dynamodb.ts";

const clientCompilerOnly = "-XX:TieredStopAtLevel=1";

async function commandLineOf(compiler: DynamoDbCompiler | undefined): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "jiebang-dynamodb-compiler-"));
  const local = await startDynamoDbLocal(dataDir, undefined, compiler);
  try {
    const client = new DynamoDBClient({
      endpoint: local.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    client.destroy();
    return readFileSync(`/proc/${local.pid}/cmdline`, "utf8").split("\0");
  } finally {
    await local.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe("DynamoDB Local's compiler", { timeout: 120_000 }, () => {
  it("is the client compiler only by default and for `quick`", async () => {
    expect(await commandLineOf(undefined)).toContain(clientCompilerOnly);
    expect(await commandLineOf("quick")).toContain(clientCompilerOnly);
  });

  it("is tiered (with the server compiler) for `sustained`", async () => {
    const args = await commandLineOf("sustained");
    expect(args.some((a) => a.startsWith("-XX:TieredStopAtLevel"))).toBe(false);
    expect(args).toContain("DynamoDBLoopback");
  });
});
