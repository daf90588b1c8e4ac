// Demo (local/demo/): what the programme's phases share — the step runner, the summary's shape, the API's views of
// projects and awards, and small helpers (paged lists, uploads, yuan text).
import type { DemoChallenge } from "./cast.ts";
import type { Party, PlatformClient } from "./client.ts";

export const day = 86_400_000;

/** Runs one step: shows its label, times it and shows its outcome (see progress.ts). */
export type StepRunner = <T>(
  label: string,
  run: () => Promise<T>,
  detail?: (result: T) => string,
) => Promise<T>;

export interface DemoSummary {
  readonly programmeId: string;
  readonly programmeName: string;
  readonly programmesOnPlatform: number;
  readonly challengesByStatus: Record<string, number>;
  readonly applicationsByStatus: Record<string, number>;
  readonly projectsByStatus: Record<string, number>;
  readonly money: {
    budgetFen: number;
    committedFen: number;
    disbursedFen: number;
    recoveredFen: number;
    recoverableFen: number;
    budgetLeftFen: number;
    leverage: string | null;
    agree: boolean;
  };
  readonly payments: {
    id: string;
    projectId: string;
    tranche: number;
    amountFen: number;
    reference?: string;
  }[];
  readonly recoveries: {
    id: string;
    projectId: string;
    status: string;
    amountFen: number;
    receivedFen: number;
  }[];
  readonly horseRace: { challengeId: string; continuing: string[]; closed: string[] };
  readonly projects: {
    accepted: string;
    horseRaceWinner: string;
    horseRaceLoser: string;
    terminated: string;
  };
  readonly clock: string;
  /** The e-mail the excavator project's enterprise received in the local mailbox (local/demo/mail.ts). */
  readonly mail: {
    address: string;
    mailboxUrl: string;
    messages: number;
    reminders: number;
    payments: number;
  };
}

/** A project the awards created, with its challenge and its solver. */
export interface Project {
  id: string;
  challenge: DemoChallenge;
  solverOrg: string;
}

export interface ProjectView {
  project: { id: string; status: string; applicationId: string; grantFen?: number };
  track: { status: string; milestones: { index: number; status: string }[] };
  tranches: { index: number; status: string; amountFen: number }[];
}

export interface Award {
  challengeStatus: string;
  panel: { assignmentId: string; expertId: string; status: string }[];
  noticeIds: string[];
  projectIds: string[];
}

/** Every item of a paged list route (`items`, and `next` while there are more pages). */
export async function listAll<T>(api: PlatformClient, path: string, party: Party): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api.get<{ items: T[]; next?: string }>(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      party,
    );
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

export async function put(
  upload: { url: string; headers: Record<string, string> },
  bytes: Buffer,
): Promise<void> {
  const answered = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: bytes });
  if (answered.status !== 200) throw new Error(`upload to ${upload.url} answered ${answered.status}`);
}

/** 123456789 → "1,234,567.89" (yuan with fen), negative amounts with a sign. */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "-" : ""}${whole}.${String(abs % 100).padStart(2, "0")}`;
}
