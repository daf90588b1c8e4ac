// Workbench: published challenges (张榜公布) as anyone may read them — the public programmes and challenges loaded from
// the no-login routes, a search (words, field, programme, deadline, open only) kept in the address, and a challenge's
// details; shared by the public portal and the solver's open challenges.
import { Card, Checkbox, Descriptions, Empty, Input, Select, Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { type Answer, allPages, body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { DateField } from "../../components/DateField.tsx";
import { day, when, yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";

/** A card's title as a heading of the page's outline. */
export const cardTitle = { fontSize: 16, margin: 0 } as const;

const filterLabel = { display: "flex", flexDirection: "column", gap: 4 } as const;

export type PublicChallenge = Answer<"/v1/public/challenges/{challengeId}">;
export type PublicProgramme = Answer<"/v1/public/programmes">["items"][number];

export async function loadPublicProgrammes(): Promise<PublicProgramme[]> {
  return (await allPages((cursor) =>
    body(
      client.GET("/v1/public/programmes", {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  )) as PublicProgramme[];
}

/** Every published challenge, of one programme when `programmeId` is given (the only filter the API takes). */
export async function loadPublicChallenges(programmeId?: string): Promise<PublicChallenge[]> {
  return (await allPages((cursor) =>
    body(
      client.GET("/v1/public/challenges", {
        params: {
          query: { limit: 100, ...(programmeId ? { programmeId } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    ),
  )) as PublicChallenge[];
}

export function useProgrammeLabel(programmes: readonly PublicProgramme[]): (id: string) => string {
  const { named } = useWords();
  return (id) => {
    const p = programmes.find((x) => x.id === id);
    return p ? named(p.name, p.nameZh) : id;
  };
}

/** The search a person set, read from and written to the address (?q=&field=&programme=&closesBy=&open=1). */
export function useChallengeSearch() {
  const [params, setParams] = useSearchParams();
  const filter = {
    q: params.get("q") ?? "",
    field: params.get("field") ?? "",
    programme: params.get("programme") ?? "",
    closesBy: params.get("closesBy") ?? "",
    open: params.get("open") === "1",
  };
  const set = (change: Partial<typeof filter>) => {
    const next = { ...filter, ...change };
    const entries = Object.entries({ ...next, open: next.open ? "1" : "" }).filter(([, v]) => v !== "");
    setParams(new URLSearchParams(entries as [string, string][]), { replace: true });
  };
  return { filter, set };
}

type Filter = ReturnType<typeof useChallengeSearch>["filter"];

/** Words, field, deadline and "open only" applied in the page (the programme is asked of the API). */
export function matches(c: PublicChallenge, f: Filter): boolean {
  if (f.field && c.field !== f.field) return false;
  if (f.open && c.status !== "open") return false;
  if (f.closesBy && (!c.window || day(c.window.closesAt) > f.closesBy)) return false;
  const q = f.q.trim().toLowerCase();
  if (!q) return true;
  const text = [
    c.id,
    c.title,
    c.field,
    c.description,
    c.solverRequirements,
    ...c.keyTechnologies.flatMap((k) => [k.name, ...k.targetMetrics.map((m) => m.name)]),
  ]
    .join("\n")
    .toLowerCase();
  return q.split(/\s+/).every((word) => text.includes(word));
}

/** The search form and the matching challenges; `linkTo` gives each title's link. */
export function ChallengeSearch(props: {
  programmes: readonly PublicProgramme[];
  challenges: readonly PublicChallenge[];
  linkTo: (c: PublicChallenge) => string;
  filter: Filter;
  set: (change: Partial<Filter>) => void;
  action?: (c: PublicChallenge) => ReactNode;
  /** Every challenge listed is open already (the solver's page): no "open only" box. */
  hideOpenOnly?: boolean;
}) {
  const { t, tf, stage, named } = useWords();
  const programmeLabel = useProgrammeLabel(props.programmes);
  const { filter, set } = props;
  const fields = [
    ...new Set([...props.programmes.flatMap((p) => p.fields), ...props.challenges.map((c) => c.field)]),
  ];
  const shown = props.challenges.filter((c) => matches(c, filter));
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small">
        <search aria-label={t("ptSearchChallenges")}>
          <Space wrap size="middle" align="end">
            <div style={filterLabel}>
              <span>{t("ptSearchWords")}</span>
              <Input.Search
                data-testid="challenge-search"
                allowClear
                defaultValue={filter.q}
                placeholder={t("ptSearchPlaceholder")}
                aria-label={t("ptSearchWords")}
                onSearch={(q) => set({ q })}
                style={{ width: 280 }}
              />
            </div>
            <div style={filterLabel}>
              <span>{t("ptField")}</span>
              <Select
                data-testid="field-filter"
                aria-label={t("ptField")}
                style={{ width: 180 }}
                value={filter.field}
                onChange={(field: string) => set({ field })}
                options={[
                  { value: "", label: t("ptAllFields") },
                  ...fields.map((f) => ({ value: f, label: f })),
                ]}
              />
            </div>
            <div style={filterLabel}>
              <span>{t("programme")}</span>
              <Select
                data-testid="programme-filter"
                aria-label={t("programme")}
                style={{ width: 300 }}
                value={filter.programme}
                onChange={(programme: string) => set({ programme })}
                options={[
                  { value: "", label: t("allProgrammes") },
                  ...props.programmes.map((p) => ({ value: p.id, label: named(p.name, p.nameZh) })),
                ]}
              />
            </div>
            <div style={filterLabel}>
              <span>{t("ptClosesBy")}</span>
              <DateField
                data-testid="closes-by"
                aria-label={t("ptClosesBy")}
                value={filter.closesBy}
                onChange={(closesBy) => set({ closesBy })}
                style={{ width: 170 }}
              />
            </div>
            {props.hideOpenOnly ? null : (
              <Checkbox
                data-testid="open-only"
                checked={filter.open}
                onChange={(e) => set({ open: e.target.checked })}
              >
                {t("ptOpenOnly")}
              </Checkbox>
            )}
          </Space>
        </search>
      </Card>
      <Typography.Text className="muted" data-testid="challenge-count" role="status">
        {tf("ptFound", { n: shown.length, total: props.challenges.length })}
      </Typography.Text>
      {shown.length === 0 ? (
        <Empty description={t("ptNoMatch")} />
      ) : (
        <DataTable<PublicChallenge>
          testid="challenge-list"
          size="middle"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={shown}
          onRow={(c) => ({ "data-challenge": c.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t("title"),
              key: "title",
              render: (_, c) => (
                <Space orientation="vertical" size={0}>
                  <Link to={props.linkTo(c)}>{c.title}</Link>
                  <Typography.Text className="muted" style={{ fontSize: 12 }}>
                    {c.id}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t("ptField"), dataIndex: "field", key: "field" },
            { title: t("programme"), key: "programme", render: (_, c) => programmeLabel(c.programmeId) },
            {
              title: t("ptFundingCap"),
              key: "cap",
              align: "right",
              className: "money",
              render: (_, c) => yuan(c.fundingCapFen),
            },
            {
              title: t("ptDeadline"),
              key: "closes",
              render: (_, c) => (c.window ? when(c.window.closesAt) : "—"),
            },
            { title: t("status"), key: "status", render: (_, c) => <Tag>{stage(c.status)}</Tag> },
            ...(props.action
              ? [{ title: "", key: "action", render: (_: unknown, c: PublicChallenge) => props.action?.(c) }]
              : []),
          ]}
        />
      )}
    </Space>
  );
}

/** A challenge's public details: what is asked, the key technologies and their targets, money, period and window. */
export function ChallengeDetails({
  challenge: c,
  programmes,
}: {
  challenge: PublicChallenge;
  programmes: readonly PublicProgramme[];
}) {
  const { t, tf, stage } = useWords();
  const programmeLabel = useProgrammeLabel(programmes);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="challenge-details">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("programme")}>{programmeLabel(c.programmeId)}</Descriptions.Item>
        <Descriptions.Item label={t("ptField")}>{c.field}</Descriptions.Item>
        <Descriptions.Item label={t("status")}>
          <Tag>{stage(c.status)}</Tag>
          {c.round > 1 ? tf("ptRound", { n: c.round }) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("ptFundingCap")}>
          <span className="money">{yuan(c.fundingCapFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("ptPeriod")}>{tf("ptMonths", { n: c.periodMonths })}</Descriptions.Item>
        <Descriptions.Item label={t("ptHorseRace")}>
          {c.horseRace.allowed ? tf("ptHorseRaceYes", { n: c.horseRace.maxWinners }) : t("ptHorseRaceNo")}
        </Descriptions.Item>
        <Descriptions.Item label={t("ptWindow")}>
          {c.window ? `${when(c.window.opensAt)} — ${when(c.window.closesAt)}` : "—"}
        </Descriptions.Item>
        <Descriptions.Item label={t("ptPublishedAt")}>{when(c.publishedAt)}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={<h2 style={cardTitle}>{t("ptDescription")}</h2>}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
          {c.description}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={<h2 style={cardTitle}>{t("ptKeyTechnologies")}</h2>}>
        {c.keyTechnologies.map((k) => (
          <div key={k.name} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{k.name}</Typography.Text>
            <ul style={{ margin: "4px 0 0" }}>
              {k.targetMetrics.map((m) => (
                <li key={m.name}>
                  {m.name}：{m.target}
                  {m.unit ? ` ${m.unit}` : ""}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Card>
      <Card size="small" title={<h2 style={cardTitle}>{t("ptSolverRequirements")}</h2>}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
          {c.solverRequirements}
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
