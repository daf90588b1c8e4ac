// Workflow tests (tests/workflows): state-machine versions and aliases in the local Step Functions service — an
// execution starts by the alias ARN (…:<machine>:live, as deployed functions do) or the version ARN (…:<machine>:1),
// is named after the machine as in AWS, remembers what it started through across a restart, and lists by qualifier.
import {
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from "@aws-sdk/client-sfn";
import { afterEach, expect, it } from "vitest";
import { stateMachineAliasName, unqualifiedStateMachineArn } from "../../functions/catalog.ts";
import { describe, type Harness, smArn, startHarness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const alias = `${smArn("wait")}:${stateMachineAliasName}`;
const version = `${smArn("wait")}:1`;

it("starts an execution through the alias live or through version 1; the execution ARN names the machine only", async () => {
  h = await startHarness();
  const byAlias = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: alias, name: "a", input: '{"seconds":60}' }),
  );
  const byVersion = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: version, name: "v", input: '{"seconds":60}' }),
  );
  const plain = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: smArn("wait"), name: "p", input: '{"seconds":60}' }),
  );
  const executionArn = `${smArn("wait").replace(":stateMachine:", ":execution:")}:a`;
  expect(byAlias.executionArn).toBe(executionArn);

  const a = await describe(h.client, executionArn);
  expect(a.stateMachineArn).toBe(smArn("wait"));
  expect(a.stateMachineAliasArn).toBe(alias);
  expect(a.stateMachineVersionArn).toBe(version);
  const v = await describe(h.client, byVersion.executionArn as string);
  expect(v.stateMachineVersionArn).toBe(version);
  expect(v.stateMachineAliasArn).toBeUndefined();
  const p = await describe(h.client, plain.executionArn as string);
  expect(p.stateMachineVersionArn).toBeUndefined();

  // As in AWS: the alias lists what started through it, the unqualified ARN lists every execution.
  const names = async (arn: string) =>
    ((await h!.client.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions ?? [])
      .map((e) => e.name)
      .sort();
  expect(await names(alias)).toEqual(["a"]);
  expect(await names(version)).toEqual(["a", "v"]);
  expect(await names(smArn("wait"))).toEqual(["a", "p", "v"]);

  const described = await h.client.send(
    new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias }),
  );
  expect(described.routingConfiguration).toEqual([{ stateMachineVersionArn: version, weight: 100 }]);
});

it("refuses an unknown alias or version, and a machine that does not exist", async () => {
  h = await startHarness();
  await expect(
    h.client.send(new StartExecutionCommand({ stateMachineArn: `${smArn("wait")}:canary`, name: "x" })),
  ).rejects.toBeInstanceOf(ResourceNotFound);
  await expect(
    h.client.send(new StartExecutionCommand({ stateMachineArn: `${smArn("nope")}:live`, name: "x" })),
  ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
});

it("an execution keeps the alias and version it started through across a restart", async () => {
  h = await startHarness();
  const dataDir = h.dataDir;
  const started = await h.client.send(
    new StartExecutionCommand({ stateMachineArn: alias, name: "kept", input: '{"seconds":60}' }),
  );
  await h.close();
  h = await startHarness({ dataDir });
  const d = await describe(h.client, started.executionArn as string);
  expect(d.stateMachineAliasArn).toBe(alias);
  expect(d.stateMachineVersionArn).toBe(version);
});

it("unqualifiedStateMachineArn strips a version or alias and leaves other ARNs alone", () => {
  expect(unqualifiedStateMachineArn(alias)).toBe(smArn("wait"));
  expect(unqualifiedStateMachineArn(version)).toBe(smArn("wait"));
  expect(unqualifiedStateMachineArn(smArn("wait"))).toBe(smArn("wait"));
  const execution = `${smArn("wait").replace(":stateMachine:", ":execution:")}:name`;
  expect(unqualifiedStateMachineArn(execution)).toBe(execution);
});
