// Adapters (audit): the audit use cases' ports — the table as the trail source, the audit bucket's digests, the
// configured signing key (KMS in AWS, the local key pair in the embedded runtime) and the clock.
import { clientsFor } from "../../platform/clients-for.ts";
import { dynamoAuditTrailSource } from "../../platform/dynamodb/audit-chain.ts";
import type { Clock } from "../../platform/ports/clock.ts";
import { s3DigestStore } from "../../platform/s3/digest-store.ts";
import { digestSigner } from "../../platform/signing/digest-signer.ts";
import type { AuditDeps } from "../digests.ts";

let ports: Omit<AuditDeps, "clock"> | undefined;

export function auditDeps(clock?: Clock): AuditDeps {
  const clients = clientsFor();
  ports ??= {
    trail: dynamoAuditTrailSource(clients.dynamo(), clients.config.tableName()),
    digests: s3DigestStore(clients.storage(), clients.config.auditBucket()),
    signer: digestSigner(),
  };
  return { ...ports, clock: clock ?? clients.clock() };
}
