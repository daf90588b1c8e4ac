// Use cases of reading payments: one payment, the payment queue (eligible tranches), and a programme's ledger with its
// rebuild check.

import { shanghaiDate } from "../kernel/dates.ts";
import { listAll, mustGet, recordsById } from "../platform/ports/record-helpers.ts";
import { programmeKind } from "../programmes/model.ts";
import { tranchesWithStatus } from "../projects/model.ts";
import { projectNames, projectTitles } from "../projects/names.ts";
import { loadPayment, type PaymentDeps } from "./common.ts";
import { ledgerAccountsOfProgramme, ledgerTransactionsOfProgramme, type PaymentRecord } from "./model.ts";
import { accountName, accountOwner, rebuildBalances } from "./rules/ledger.ts";

// ---- reads -------------------------------------------------------------------------------------------------------
/** A payment with the names a person reads it by: the project's title (its challenge's) and the payee's name. */
export async function readPayment(
  deps: PaymentDeps,
  id: string,
): Promise<PaymentRecord & { projectTitle?: string; payeeName?: string }> {
  const payment = await loadPayment(deps, id);
  const names = (await projectNames(deps.records, [payment.projectId])).get(payment.projectId);
  const payeeName = names?.organisationNames.get(payment.payeeOrganisationId);
  return {
    ...payment,
    ...(names?.title !== undefined ? { projectTitle: names.title } : {}),
    ...(payeeName !== undefined ? { payeeName } : {}),
  };
}

/**
 * Eligible tranches with the amount and the evidence that made them eligible. `dueSince` (a date, YYYY-MM-DD) keeps
 * those that became eligible on or after it, by the Shanghai date of `eligible.at` (not of the record's last change:
 * a rejection changes the record, not when the tranche fell due).
 */
export async function paymentQueue(
  deps: PaymentDeps,
  filter: { programmeId?: string; enterprise?: string; dueSince?: string },
) {
  const eligible = await listAll(deps.records, tranchesWithStatus("eligible"));
  const due = eligible
    .filter((t) => !filter.programmeId || t.programmeId === filter.programmeId)
    .filter((t) => !filter.enterprise || t.payeeOrganisationId === filter.enterprise)
    .filter(
      (t) =>
        !filter.dueSince ||
        (t.eligible !== undefined && shanghaiDate(Date.parse(t.eligible.at)) >= filter.dueSince),
    );
  // Names next to the ids, read for the whole queue at once (batch reads of the distinct projects, challenges, programmes).
  const [titles, programmes] = await Promise.all([
    projectNames(
      deps.records,
      due.map((t) => t.projectId),
    ),
    recordsById(
      deps.records,
      programmeKind,
      due.map((t) => t.programmeId),
    ),
  ]);
  return due.map((t) => ({
    trancheId: t.id,
    projectId: t.projectId,
    ...(titles.get(t.projectId)?.title !== undefined
      ? { projectTitle: titles.get(t.projectId)!.title! }
      : {}),
    programmeId: t.programmeId,
    ...(programmes.has(t.programmeId)
      ? {
          programmeName: programmes.get(t.programmeId)!.name,
          programmeNameZh: programmes.get(t.programmeId)!.nameZh,
        }
      : {}),
    index: t.index,
    amountFen: t.amountFen,
    payeeOrganisationId: t.payeeOrganisationId,
    ...(titles.get(t.projectId)?.organisationNames.has(t.payeeOrganisationId)
      ? { payeeName: titles.get(t.projectId)!.organisationNames.get(t.payeeOrganisationId)! }
      : {}),
    condition: t.conditionToken,
    evidence: t.eligible,
    ...(t.payment?.lastRejection ? { lastRejection: t.payment.lastRejection } : {}),
  }));
}

/**
 * A programme's ledger: stored balances, the balances rebuilt from the entries, and whether they agree. A programme
 * that does not exist has none: 404 PROGRAMME_NOT_FOUND (not an empty ledger that agrees).
 */
export async function programmeLedger(deps: Pick<PaymentDeps, "records">, programmeId: string) {
  const programme = await mustGet(deps.records, programmeKind, programmeId, "Programme", "批次");
  const accounts = await listAll(deps.records, ledgerAccountsOfProgramme(programmeId));
  const txns = await listAll(deps.records, ledgerTransactionsOfProgramme(programmeId));
  const rebuilt = rebuildBalances(txns);
  const stored = Object.fromEntries(accounts.map((a) => [a.id, a.balanceFen]));
  const agrees =
    Object.keys({ ...stored, ...rebuilt.fen }).every((k) => (stored[k] ?? 0) === (rebuilt.fen[k] ?? 0)) &&
    accounts.every((a) => a.flagged === rebuilt.flagged.includes(a.id));
  // Each account in words (项目 <title> · 已承诺 …): the projects' titles in one batch read.
  const ids = Object.keys({ ...stored, ...rebuilt.fen }) as Parameters<typeof accountOwner>[0][];
  const titles = await projectTitles(
    deps.records,
    ids.map((id) => accountOwner(id)).flatMap((o) => (o.kind === "project" ? [o.id] : [])),
  );
  const accountNames = Object.fromEntries(
    ids.map((id) => {
      const owner = accountOwner(id);
      const title = owner.kind === "project" ? titles.get(owner.id) : undefined;
      return [
        id,
        accountName(id, {
          ...(title ? { projectTitle: title } : {}),
          programmeName: programme.name,
          programmeNameZh: programme.nameZh,
        }),
      ];
    }),
  );
  return {
    programmeId,
    balances: stored,
    rebuilt: rebuilt.fen,
    accountNames,
    agrees,
    transactions: txns.length,
  };
}
