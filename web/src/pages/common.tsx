// Workbench: what several pages share — the programmes list, a programme picker, money cells, links to a project.
import { Select } from "antd";
import { Link } from "react-router";
import { allPages, body, client } from "../api/client.ts";
import { type Json, str } from "../api/read.ts";
import { yuan } from "../format.ts";
import { useWords } from "../i18n.tsx";

export async function loadProgrammes(): Promise<Json[]> {
  return allPages((cursor) =>
    body(client.GET("/v1/programmes", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } })),
  );
}

export function useProgrammeName(): (p: Json) => string {
  const { named } = useWords();
  return (p) => named(str(p, "name"), str(p, "nameZh"));
}

/** A programme picker; `allowAll` adds "all programmes" (value ""). */
export function ProgrammeSelect(props: {
  programmes: Json[];
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
        ...props.programmes.map((p) => ({ value: str(p, "id"), label: `${name(p)} (${str(p, "id")})` })),
      ]}
    />
  );
}

export const ProjectLink = ({ id }: { id: string }) => (
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
