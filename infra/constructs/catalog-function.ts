// CDK construct (infra/constructs): one Lambda function of functions/catalog.ts — esbuild bundle, its own role,
// log group and least-privilege grants derived from the catalog entry's `access`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  ApplicationLogLevel,
  Architecture,
  type ILayerVersion,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import {
  type Access,
  type FunctionDefinition,
  stateMachineAliasName,
  stateMachineArnEnvVar,
} from "../../functions/catalog.ts";
import { sealedEvidencePrefix } from "../../functions/platform/ports/document-store.ts";
import { cursorKeyMaterial, profileOf } from "../config.ts";
import { acknowledge, acknowledgeWildcardResource } from "../nag.ts";
import {
  auditDigestKeyEnvVar,
  type BucketDefinition,
  cursorKeyEnvVar,
  recordsTable,
  tableEnvVar,
} from "../resources.ts";
import { bundledRoutesDefine } from "../route-table.ts";
import { esmRequireBanner, sdkAliasArgs, sdkLayerModule } from "../sdk-layer.ts";

/** The repository root (infra/constructs/../..): catalog entries and ASL files are relative to it. */
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Deployed runtime and the esbuild target; the bundle also runs on Node 20 (the embedded runtime's floor). */
export const lambdaRuntime = Runtime.NODEJS_22_X;
export const bundleTarget = "node20";
export const logRetention = RetentionDays.ONE_YEAR;
/**
 * X-Ray active tracing of every function, and Powertools Tracer with it (POWERTOOLS_TRACE_ENABLED, read by
 * functions/platform/tracer.ts). A partition whose Lambda has no X-Ray (AWS China) deploys without it: Tracer then
 * stays unloaded.
 */
export function functionTracing(scope: Construct): Tracing {
  return profileOf(scope).partition === "aws-cn" ? Tracing.DISABLED : Tracing.ACTIVE;
}

const tableActions: Record<Access, string[]> = {
  read: [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
  ],
  readwrite: [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
  ],
};

/** Object actions; DeleteObject only where Object Lock does not make the bucket append-only. */
function objectActions(access: Access, bucket: BucketDefinition): string[] {
  const read = ["s3:GetObject", "s3:GetObjectVersion"];
  if (access === "read") return read;
  const write = [...read, "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:PutObject"];
  return bucket.objectLock ? write : [...write, "s3:DeleteObject"];
}

export interface CatalogBucket {
  readonly definition: BucketDefinition;
  readonly bucketName: string;
  readonly bucketArn: string;
}

export interface CatalogTable {
  readonly tableName: string;
  readonly tableArn: string;
}

/** A state machine of the catalog as functions see it: a deterministic name and ARN (no CloudFormation reference). */
export interface WorkflowRef {
  readonly name: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** The alias executions start through (`…:stateMachine:<name>:live`), pointing at the latest published version. */
  readonly aliasArn: string;
  /** Execution ARNs of this machine, whichever version runs them: `arn:…:execution:<stateMachineName>:*`. */
  readonly executionsArn: string;
}

export interface CatalogFunctionProps {
  readonly definition: FunctionDefinition;
  readonly table: CatalogTable;
  readonly buckets: { readonly evidence: CatalogBucket; readonly audit: CatalogBucket };
  /** Every state machine of the catalog, by catalog name. */
  readonly workflows: ReadonlyMap<string, WorkflowRef>;
  /** The KMS key that signs audit digests (for functions that `signsAuditDigests`). */
  readonly auditDigestKeyArn: string;
  /** Extra environment (e.g. the user pool ids for HTTP functions). */
  readonly environment?: Readonly<Record<string, string>>;
  /** The pinned AWS SDK layer (infra/constructs/sdk-layer.ts) the bundle imports the SDK from. */
  readonly sdkLayer: ILayerVersion;
}

export class CatalogFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: CatalogFunctionProps) {
    super(scope, id);
    const def = props.definition;
    const access = def.access;
    const stack = Stack.of(this);
    this.functionName = `${stack.stackName}-${def.name}`;
    const tracing = functionTracing(this);

    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${this.functionName}`,
      retention: logRetention,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      // IAM descriptions accept Latin-1 only: the catalog's Chinese terms are dropped here.
      description: latin1(`Execution role of ${this.functionName}: ${def.description}`).slice(0, 1000),
    });
    // Instead of AWSLambdaBasicExecutionRole (logs on every log group): write to this function's group only.
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      NODE_OPTIONS: "--enable-source-maps",
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
      POWERTOOLS_SERVICE_NAME: def.name,
      POWERTOOLS_TRACE_ENABLED: String(tracing === Tracing.ACTIVE),
      // Applications name registered organisations only (机构名录, functions/platform/config.ts).
      JIEBANG_ORGANISATION_REGISTRY: "required",
      ...props.environment,
    };

    if (access.table) {
      environment[tableEnvVar] = props.table.tableName;
      this.role.addToPolicy(
        new PolicyStatement({
          sid: `Table${capital(access.table)}`,
          effect: Effect.ALLOW,
          actions: tableActions[access.table],
          resources: [
            props.table.tableArn,
            ...recordsTable.globalIndexes.map((index) => `${props.table.tableArn}/index/${index.name}`),
          ],
        }),
      );
    }

    // Whatever lists records or executions seals its page cursors with the deployment's cursor key.
    if (access.table || access.inspectsWorkflows) environment[cursorKeyEnvVar] = cursorKeyMaterial(this);

    const objectWildcards: { id: string; arn: string; level: Access }[] = [];
    for (const key of ["evidence", "audit"] as const) {
      const level = access[key];
      if (!level) continue;
      const { definition, bucketName, bucketArn } = props.buckets[key];
      const objectsArn = `${bucketArn}/*`;
      environment[definition.envVar] = bucketName;
      this.role.addToPolicy(
        new PolicyStatement({
          sid: `${definition.id}Objects${capital(level)}`,
          actions: objectActions(level, definition),
          resources: [objectsArn],
        }),
      );
      // Sealed evidence is write-once: only the sealing functions write under sealed/; every other writer is denied
      // there. A sealer (demands-api among them: it also signs upload URLs) may write there only by a server-side copy
      // (a PutObject carrying x-amz-copy-source), which no presigned upload URL is, and deletes nothing there.
      if (key === "evidence" && level === "readwrite") {
        const sealedArn = `${bucketArn}/${sealedEvidencePrefix}*`;
        if (access.sealsEvidence) {
          this.role.addToPolicy(
            new PolicyStatement({
              sid: `${definition.id}SealedCopyOnly`,
              effect: Effect.DENY,
              actions: ["s3:PutObject"],
              resources: [sealedArn],
              conditions: { Null: { "s3:x-amz-copy-source": "true" } },
            }),
          );
        }
        this.role.addToPolicy(
          new PolicyStatement({
            sid: `${definition.id}SealedDeny`,
            effect: Effect.DENY,
            actions: access.sealsEvidence ? ["s3:DeleteObject"] : ["s3:PutObject", "s3:DeleteObject"],
            resources: [sealedArn],
          }),
        );
      }
      // HeadObject answers 404 rather than 403 for a missing key only with ListBucket.
      this.role.addToPolicy(
        new PolicyStatement({
          sid: `${definition.id}List`,
          actions: ["s3:ListBucket"],
          resources: [bucketArn],
        }),
      );
      objectWildcards.push({ id: definition.id, arn: objectsArn, level });
    }

    const workflow = (name: string): WorkflowRef => {
      const found = props.workflows.get(name);
      if (!found) throw new Error(`function ${def.name}: unknown state machine ${name} in its access`);
      return found;
    };
    const starts = (access.startsWorkflows ?? []).map(workflow);
    const completes = (access.completesWorkflows ?? []).map(workflow);
    const inspects = access.inspectsWorkflows ? [...props.workflows.values()] : [];
    for (const wf of [...starts, ...completes, ...inspects]) {
      environment[stateMachineArnEnvVar(wf.name)] = wf.aliasArn;
    }
    if (starts.length > 0) {
      // Only through the alias: Step Functions authorizes a qualified start on the machine's ARN with the qualifier as
      // states:StateMachineQualifier, so both ARNs are named and the qualifier must be the alias (no unqualified start,
      // no start of an arbitrary version).
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "StartWorkflowsThroughAlias",
          actions: ["states:StartExecution"],
          resources: starts.flatMap((wf) => [wf.stateMachineArn, wf.aliasArn]),
          conditions: { StringEquals: { "states:StateMachineQualifier": stateMachineAliasName } },
        }),
      );
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "FollowOwnExecutions",
          actions: ["states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"],
          resources: starts.map((wf) => wf.executionsArn),
        }),
      );
    }
    if (completes.length > 0) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "CompleteCallbackTasks",
          actions: ["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"],
          resources: completes.map((wf) => wf.stateMachineArn),
        }),
      );
    }
    if (inspects.length > 0) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "InspectWorkflows",
          actions: ["states:DescribeStateMachine", "states:ListExecutions"],
          resources: inspects.map((wf) => wf.stateMachineArn),
        }),
      );
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "InspectExecutions",
          actions: ["states:DescribeExecution", "states:GetExecutionHistory"],
          resources: inspects.map((wf) => wf.executionsArn),
        }),
      );
    }

    if (access.controlsWorkflows) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "ControlExecutions",
          actions: ["states:RedriveExecution", "states:StopExecution"],
          resources: [...props.workflows.values()].map((wf) => wf.executionsArn),
        }),
      );
    }

    if (access.signsAuditDigests) {
      environment[auditDigestKeyEnvVar] = props.auditDigestKeyArn;
      this.role.addToPolicy(
        new PolicyStatement({
          sid: "SignAuditDigests",
          actions: ["kms:GetPublicKey", "kms:Sign"],
          resources: [props.auditDigestKeyArn],
        }),
      );
    }

    this.function = new NodejsFunction(this, "Function", {
      functionName: this.functionName,
      description: def.description.slice(0, 256),
      entry: path.join(projectRoot, def.entry),
      handler: "handler",
      projectRoot,
      depsLockFilePath: path.join(projectRoot, "package-lock.json"),
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: def.memoryMb ?? 512,
      timeout: Duration.seconds(def.timeoutSeconds ?? (def.kind === "http" ? 10 : 30)),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing,
      awsSdkConnectionReuse: false, // set explicitly in `environment`
      environment,
      layers: [props.sdkLayer],
      bundling: {
        format: OutputFormat.ESM,
        target: bundleTarget,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: ["module", "main"],
        // The SDK version the tests run against, not whichever version the runtime ships, and not bundled into every
        // function either: `@aws-sdk/<package>` is aliased to the shared pinned layer (decision in infra/sdk-layer.ts).
        bundleAwsSDK: true,
        externalModules: [sdkLayerModule],
        esbuildArgs: sdkAliasArgs,
        // Its own routes only, not the catalog's whole route table (infra/route-table.ts).
        define: bundledRoutesDefine(def.name),
        banner: esmRequireBanner,
      },
    });

    // Findings that remain after the grants above, each with its reason.
    const policy = this.role.node.findChild("DefaultPolicy");
    if (tracing === Tracing.ACTIVE) {
      acknowledge(
        policy,
        "AwsSolutions-IAM5[Resource::*]",
        "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level " +
          "permissions, so AWS requires Resource '*' for them; no other statement of this policy uses Resource '*'.",
      );
    }
    for (const objects of objectWildcards) {
      acknowledgeWildcardResource(
        policy,
        objects.arn,
        `Objects of the ${objects.id} bucket: keys are created per record at run time (record id and upload id), ` +
          `so they cannot be listed at deploy time. The wildcard covers this one bucket only, with the object ` +
          `actions of the catalog's "${objects.level}" access and no bucket configuration actions.`,
      );
    }
    const executionScopes = new Map<string, WorkflowRef>();
    for (const wf of [...starts, ...inspects]) executionScopes.set(wf.name, wf);
    for (const wf of executionScopes.values()) {
      acknowledgeWildcardResource(
        policy,
        wf.executionsArn,
        `Executions of ${wf.stateMachineName}: execution names are chosen at run time (one per record and phase), ` +
          "so the ARN ends in a wildcard; it is limited to this one state machine and to " +
          "Describe/GetExecutionHistory (and StopExecution only for its starters).",
      );
    }
    acknowledge(
      this.function,
      "AwsSolutions-L1",
      `Pinned to ${lambdaRuntime.name} on purpose (project decision): the code is built and tested ` +
        "on Node 20/22, the bundle targets node20, and nodejs22.x is a supported Lambda runtime (Node 22 LTS). " +
        "Moving to a newer runtime is a one-line change of lambdaRuntime in infra/constructs/catalog-function.ts once tested.",
    );
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function latin1(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\x7E\xA1-\xFF]/g, "")
    .replace(/\(\)/g, "")
    .replace(/\s{2,}/g, " ");
}
