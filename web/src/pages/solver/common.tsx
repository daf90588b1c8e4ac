// Workbench: what the solver's pages share — an application's status in words, the If-Match header of its version,
// and the challenge titles of a list of applications (from the public challenge route).
import { Tag } from "antd";
import { body, client } from "../../api/client.ts";
import { useWords } from "../../i18n.tsx";
import type { WordKey } from "../../words.ts";
import type { PublicChallenge } from "../portal/challenges.tsx";

const colours: Record<string, string> = {
  draft: "default",
  submitted: "blue",
  "under-review": "blue",
  ranked: "blue",
  shortlisted: "cyan",
  "on-notice": "cyan",
  awarded: "green",
  "not-selected": "default",
  removed: "red",
  "overlap-withdrawn": "orange",
  withdrawn: "default",
};

export function ApplicationStatus({ status }: { status: string }) {
  const { t } = useWords();
  return (
    <Tag color={colours[status] ?? "default"} data-testid="application-status">
      {t(`svStatus-${status}` as WordKey)}
    </Tag>
  );
}

/** The version a change was made on: PATCH and the signature refuse a stale one (409). */
export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

export async function loadChallenge(challengeId: string): Promise<PublicChallenge> {
  return body(client.GET("/v1/public/challenges/{challengeId}", { params: { path: { challengeId } } }));
}

/** Titles by challenge id; a challenge the public route no longer shows keeps its id. */
export async function challengeTitles(ids: readonly string[]): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  const titles = await Promise.all(
    unique.map((id) =>
      loadChallenge(id).then(
        (c) => c.title,
        () => id,
      ),
    ),
  );
  return Object.fromEntries(unique.map((id, i) => [id, titles[i] ?? id]));
}

/** Today in Beijing (yyyy-MM-dd), for the ages shown next to birth dates. */
export const todayInBeijing = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
