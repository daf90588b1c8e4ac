// Shared: configuration read from the environment (table, buckets, state machine ARNs); the same names in AWS and locally.

import { auditBucket, evidenceBucket, publicFilesEnvVar, tableEnvVar } from "../../infra/resources.ts";
import { stateMachineArnEnvVar } from "../catalog.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

export const config = {
  tableName: () => required(tableEnvVar),
  evidenceBucket: () => required(evidenceBucket.envVar),
  auditBucket: () => required(auditBucket.envVar),
  /** The bucket of the public files path (open data's daily file). */
  publicFilesBucket: () => required(publicFilesEnvVar),
  stateMachineArn: (name: string) => required(stateMachineArnEnvVar(name)),
  /**
   * Whether applications must name registered organisations only (机构名录; applications/common.ts): "required" in
   * deployments (the CDK app sets it), "optional" unless JIEBANG_ORGANISATION_REGISTRY=required locally.
   */
  organisationRegistry: (): "required" | "optional" =>
    process.env["JIEBANG_ORGANISATION_REGISTRY"] === "required" ? "required" : "optional",
  /** Every state machine ARN this function was given (health and inspection). */
  stateMachineArns: (): Record<string, string> =>
    Object.fromEntries(
      Object.entries(process.env)
        .filter(([k, v]) => /^STATE_MACHINE_.+_ARN$/.test(k) && v)
        .map(([k, v]) => [k, v as string]),
    ),
};
