// CLI group `audit`: `audit verify` checks the whole audit trail — every record's hash chain, every record at the head
// of its chain, and every anchored head against the signed digests in the audit bucket — and names each broken record
// and what happened to it (exit 1). `audit digest` anchors the trail now. Reads the running platform's table and
// bucket, or AWS's with --aws (standard AWS variables).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { verifyAudit } from "../../functions/audit/digests.ts";
import { type AuditReport, verifyAuditTrail } from "../../functions/audit/rules/verification.ts";
import { dynamoAuditTrailSource } from "../../functions/platform/dynamodb/audit-chain.ts";
import type { DigestSigner } from "../../functions/platform/ports/audit-anchoring.ts";
import { s3DigestStore } from "../../functions/platform/s3/digest-store.ts";
import { signerFor } from "../../functions/platform/signing/digest-signer.ts";
import { auditBucket, auditDigestKeyEnvVar, localNames } from "../../infra/resources.ts";
import { defaultDataDir } from "../runtime-paths.ts";
import { localServiceCredentials } from "../sigv4.ts";
import { flags, noPositionals, subcommands, UsageError } from "./args.ts";

/** Verifies the chains and heads of a table's trail (no digests). */
export async function verifyAuditTable(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<AuditReport> {
  const { records, events } = await dynamoAuditTrailSource(client, tableName).readAll();
  return verifyAuditTrail({ table: tableName, records, events });
}

/** The flags that choose a table: the running platform's (`--data-dir`), or one in AWS (`--aws --table`). */
export const tableFlags = {
  aws: { type: "boolean" },
  table: { type: "string" },
  bucket: { type: "string" },
  key: { type: "string" },
  json: { type: "boolean" },
  "data-dir": { type: "string" },
} as const;

interface RuntimeFile {
  apiUrl: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  stepFunctionsEndpoint: string;
}

/** The running platform's endpoints (`<dataDir>/runtime.json`). */
export function runtimeFile(dataDir: string): RuntimeFile {
  const file = join(dataDir, "runtime.json");
  if (!existsSync(file))
    throw new Error(`no running platform found (${file} is missing): start it with npm start, or use --aws`);
  return JSON.parse(readFileSync(file, "utf8")) as RuntimeFile;
}

export const dataDirOf = (values: { "data-dir"?: string }) =>
  resolve(values["data-dir"] ?? process.env["JIEBANG_DATA_DIR"] ?? defaultDataDir);

/** The client and table name the table flags choose. */
export function chosenTable(values: { aws?: boolean; table?: string; "data-dir"?: string }): {
  client: DynamoDBDocumentClient;
  table: string;
} {
  if (values.aws && !values.table && !process.env["TABLE_NAME"])
    throw new UsageError("--aws needs --table (or TABLE_NAME)");
  const client = values.aws
    ? DynamoDBDocumentClient.from(new DynamoDBClient({}))
    : localClient(dataDirOf(values));
  return { client, table: values.table ?? (values.aws ? process.env["TABLE_NAME"]! : localNames.table) };
}

/** A client of the running embedded platform's DynamoDB Local (its endpoint from `<dataDir>/runtime.json`). */
function localClient(dataDir: string): DynamoDBDocumentClient {
  const { dynamodbEndpoint } = runtimeFile(dataDir);
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
}

/** The audit bucket and the key that checks digests: the running platform's, or AWS's (--bucket, --key). */
function chosenAnchors(values: { aws?: boolean; bucket?: string; key?: string; "data-dir"?: string }): {
  s3: S3Client;
  bucket: string;
  signer: DigestSigner;
} {
  if (values.aws) {
    const bucket = values.bucket ?? process.env[auditBucket.envVar];
    const key = values.key ?? process.env[auditDigestKeyEnvVar];
    if (!bucket || !key)
      throw new UsageError(
        `--aws needs --bucket and --key (or ${auditBucket.envVar} and ${auditDigestKeyEnvVar})`,
      );
    return { s3: new S3Client({}), bucket, signer: signerFor(key) };
  }
  const dataDir = dataDirOf(values);
  const { s3Endpoint } = runtimeFile(dataDir);
  return {
    s3: new S3Client({
      endpoint: s3Endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { ...localServiceCredentials },
    }),
    bucket: localNames.auditBucket,
    signer: signerFor(`file:${join(dataDir, "audit-digest-key.pem")}`),
  };
}

function print(report: AuditReport): void {
  console.log(
    `audit chains: ${report.records} records, ${report.events} events: ${report.ok ? "ok" : "BROKEN"}`,
  );
  const d = report.digests;
  console.log(
    `digests: ${d.valid} of ${d.count} validly signed${d.latest ? `, latest ${d.latest.sequence} up to ${d.latest.to}` : ""}; ${d.anchoredRecords} records anchored`,
  );
  for (const b of [...report.breaks, ...report.moreBreaks].sort((x, y) =>
    x.record === y.record ? x.version - y.version : x.record < y.record ? -1 : 1,
  ))
    console.log(`  ${b.record} version ${b.version}: ${b.reason} (${b.detail})`);
  for (const p of d.problems) console.log(`  digest ${p.key}: ${p.problem} (${p.detail})`);
}

async function verify(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, tableFlags);
  noPositionals(positionals);
  const { client, table } = chosenTable(values);
  const { s3, bucket, signer } = chosenAnchors(values);
  try {
    const report = await verifyAudit({
      trail: dynamoAuditTrailSource(client, table),
      digests: s3DigestStore(s3, bucket),
      signer,
    });
    if (values.json) console.log(JSON.stringify(report));
    else print(report);
    return report.ok ? 0 : 1;
  } finally {
    client.destroy();
    s3.destroy();
  }
}

/** Anchors the running platform's trail now, through its API as a local administrator. */
async function digest(argv: string[]): Promise<number> {
  const { values, positionals } = flags(argv, { json: { type: "boolean" }, "data-dir": { type: "string" } });
  noPositionals(positionals);
  const { apiUrl } = runtimeFile(dataDirOf(values));
  const issued = await fetch(`${apiUrl}/local/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: "local-audit-cli", org: "operations", roles: ["admin"] }),
  });
  const { token } = (await issued.json()) as { token: string };
  const response = await fetch(`${apiUrl}/v1/audit/digests`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { sequence?: number; key?: string; heads?: number; to?: string };
  if (values.json) console.log(JSON.stringify(body));
  else if (response.ok)
    console.log(`digest ${body.sequence} written: ${body.key} (${body.heads} chain heads, up to ${body.to})`);
  else console.log(`digest refused: ${response.status} ${JSON.stringify(body)}`);
  return response.ok ? 0 : 1;
}

export const auditCommands = subcommands(
  "audit",
  "the tamper-evident audit trail: audit verify [--json] [--aws --table T --bucket B --key K] | audit digest",
  [
    "usage:",
    "  audit verify [--json] [--data-dir DIR]   check the running platform's trail against its digests",
    "  audit verify --aws --table T --bucket B --key K [--json]",
    "                                           check a deployment's (standard AWS variables; K = the digest key ARN)",
    "  audit digest [--json] [--data-dir DIR]   anchor the running platform's trail now (a signed digest)",
  ].join("\n"),
  { verify, digest },
);
