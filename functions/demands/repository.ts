// Port: where demands (需求) and their audit events are kept. Implemented by adapters/dynamodb.
import type { Demand } from "./model.ts";

export interface AuditEntry {
  readonly recordId: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail?: Record<string, unknown>;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  readonly next?: string;
}

export interface DemandRepository {
  get(demandId: string): Promise<Demand | undefined>;
  /** Writes a new demand; fails if the id exists. */
  create(demand: Demand, audit: AuditEntry): Promise<void>;
  /**
   * Replaces the demand if its stored version is `demand.version - 1` (optimistic concurrency), together with the
   * audit entry, atomically. Throws a conflict (VERSION_CONFLICT) when the stored version differs.
   */
  update(demand: Demand, audit: AuditEntry): Promise<void>;
  listByOrganisation(organisationId: string, limit: number, cursor?: string): Promise<Page<Demand>>;
  listByStatus(status: string, limit: number, cursor?: string): Promise<Page<Demand>>;
  auditTrail(demandId: string): Promise<AuditEntry[]>;
}
