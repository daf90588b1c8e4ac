// Workbench: what several pages share — the programmes list, a programme picker, money cells, links to a project.
import { Select } from "antd";
import { Link } from "react-router";
import { type Answer, body, client } from "../api/client.ts";
import { yuan } from "../format.ts";
import { useWords } from "../i18n.tsx";

/** A programme (批次) as GET /v1/programmes lists it. */
export type Programme = Answer<"/v1/programmes">["items"][number];

/** Every item of a paged list (typed `items` and the sealed cursor `next`), up to `max`. */
export async function everyPage<T>(
  page: (cursor?: string) => Promise<{ items: T[]; next?: string | null }>,
  max = 2000,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    items.push(...got.items);
    cursor = got.next ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

/** Every programme, following the API's cursor. */
export function loadProgrammes(): Promise<Programme[]> {
  return everyPage((cursor) =>
    body(client.GET("/v1/programmes", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  );
}

export function useProgrammeName(): (p: Pick<Programme, "name" | "nameZh">) => string {
  const { named } = useWords();
  return (p) => named(p.name, p.nameZh);
}

/** Programme names by id, in the current language (an id not found is shown as it is). */
export function useProgrammeNames(programmes: readonly Programme[]): (id: string) => string {
  const name = useProgrammeName();
  const names = new Map(programmes.map((p) => [p.id, name(p)]));
  return (id) => names.get(id) ?? id;
}

/** A programme picker; `allowAll` adds "all programmes" (value ""). */
export function ProgrammeSelect(props: {
  programmes: readonly Programme[];
  value: string;
  allowAll: boolean;
  onChange: (id: string) => void;
}) {
  const { t } = useWords();
  const name = useProgrammeName();
  return (
    <Select
      data-testid="programme-select"
      aria-label={t("programme")}
      style={{ minWidth: 360 }}
      value={props.value || (props.allowAll ? "" : undefined)}
      placeholder={t("choose")}
      onChange={props.onChange}
      options={[
        ...(props.allowAll ? [{ value: "", label: t("allProgrammes") }] : []),
        ...props.programmes.map((p) => ({ value: p.id, label: `${name(p)} (${p.id})` })),
      ]}
    />
  );
}

/** A name with its id as secondary text; the id alone (secondary too) when no name is known. */
export const Named = ({ name, id }: { name?: string | undefined; id: string }) =>
  name ? (
    <span className="named">
      {name}{" "}
      <span className="muted" data-secondary>
        {id}
      </span>
    </span>
  ) : (
    <span className="muted" data-secondary>
      {id}
    </span>
  );

/** A project's link: by its title when the caller knows it (the id then secondary), else by its id. */
export const ProjectLink = ({ id, title }: { id: string; title?: string | undefined }) =>
  title ? (
    <>
      <Link to={`/projects/${encodeURIComponent(id)}`}>{title}</Link>
      <div className="muted" data-secondary>
        {id}
      </div>
    </>
  ) : (
    <Link to={`/projects/${encodeURIComponent(id)}`}>{id}</Link>
  );

/** A money column: right-aligned, yuan to the fen. */
export const moneyColumn = <T,>(title: string, fen: (row: T) => number | null | undefined, key: string) => ({
  title,
  key,
  align: "right" as const,
  className: "money",
  render: (_: unknown, row: T) => yuan(fen(row)),
});
