// Model of the award's public side: public notices (公示) of the winners, objections (异议) and what the public may see.

import { listing, type RecordKind, type VersionedRecord } from "../platform/ports/records.ts";
import { noticeTodos } from "./rules/todos.ts";

// ---- public notice (公示) and objections (异议) ---------------------------------------------------------------
export interface NoticeWinner {
  readonly position: number;
  readonly applicationId: string;
  readonly rank: number;
  readonly organisationIds: readonly string[];
  readonly organisationNames: readonly string[];
}

export const noticeStatuses = ["open", "ruling", "ended", "superseded", "final"] as const;

export type NoticeStatus = (typeof noticeStatuses)[number];

export interface NoticeRecord extends VersionedRecord {
  readonly challengeId: string;
  readonly programmeId: string;
  readonly round: number;
  /** 1 for the first notice of the round, 2 after a 递补, … */
  readonly seq: number;
  readonly title: string;
  readonly winners: readonly NoticeWinner[];
  readonly publishedAt: string;
  readonly workingDays: number;
  readonly firstDay: string;
  readonly lastDay: string;
  /** 23:59:59.999 of lastDay, Asia/Shanghai (+08:00). */
  readonly endsAt: string;
  /** The instant the workflow's Wait state resumes (just after endsAt), UTC. */
  readonly waitUntil: string;
  /**
   * Counted in a year the State Council's arrangement was not loaded for (statutory holidays only): set with the
   * years, cleared when their arrangement is loaded and the window recomputed (award/notice-calendar.ts).
   */
  readonly provisional?: true;
  readonly provisionalYears?: readonly number[];
  /** The window was extended when the official arrangement of `year` was loaded: it ran to previousLastDay before. */
  readonly calendarCorrection?: {
    readonly previousLastDay: string;
    readonly lastDay: string;
    readonly year: number;
    readonly at: string;
  };
  readonly status: NoticeStatus;
  /**
   * A replacement's notice (递补公示, 泰安《实施意见》第24条): after a performance evaluation ended a project, the
   * next-ranked application taking over is announced as the award's winners were. No workflow waits on it: it accepts
   * objections until endsAt, and the new project's task book is signed only once it is over with no objection open
   * or upheld (award/rules/replacement-notice.ts).
   */
  readonly replacement?: {
    readonly projectId: string;
    readonly replacedProjectId: string;
    readonly replacedOrganisationNames: readonly string[];
  };
  readonly objections: readonly {
    readonly objectionId: string;
    readonly winnerPosition: number;
    readonly status: ObjectionStatus;
    /** When it was raised (objections raised before this field was kept have none). */
    readonly raisedAt?: string;
  }[];
  readonly pendingTask?: { readonly kind: "ruling"; readonly token: string; readonly since: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const noticeKind: RecordKind<NoticeRecord> = {
  name: "NOTICE",
  indexKeys: (n) => ({
    gsi1pk: `CHALLENGE#${n.challengeId}#NOTICE`,
    gsi1sk: String(n.seq).padStart(4, "0"),
    gsi2pk: publicNotices().partition,
    gsi2sk: `${n.publishedAt}#${n.id}`,
  }),
  todos: noticeTodos,
};

/** Public notices (公示), by publication. */
export const publicNotices = () => listing<NoticeRecord>("gsi2", "PUBLIC#NOTICE");

export const objectionStatuses = ["open", "upheld", "dismissed"] as const;

export type ObjectionStatus = (typeof objectionStatuses)[number];

export interface ObjectionRecord extends VersionedRecord {
  readonly noticeId: string;
  readonly challengeId: string;
  readonly winnerPosition: number;
  readonly text: string;
  /** Optional contact of the objector (private: the bureau only). */
  readonly contact?: string;
  readonly status: ObjectionStatus;
  readonly ruling?: {
    readonly decision: "upheld" | "dismissed";
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const objectionKind: RecordKind<ObjectionRecord> = {
  name: "OBJECTION",
  indexKeys: (o) => ({
    gsi1pk: `NOTICE#${o.noticeId}#OBJECTION`,
    gsi1sk: `${o.createdAt}#${o.id}`,
  }),
};
