// Workbench: the organisation registry (机构名录) — every registered organisation by registered name, with its unified
// social credit code, type, the organisation id its users sign in with and when it was registered; found by code (the
// registry's ?uscc=), by name or id, or paged newest first as the API pages; the bureau and admins register and rename
// (更名), and those who may read credit records see each organisation's 失信 standing.
import { Alert, Button, Card, Form, Input, Modal, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { normaliseUscc } from "../../../functions/organisations/rules/uscc-code.ts";
import { body, client } from "../api/client.ts";
import { hasRole, who } from "../auth.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Show, useLoad } from "../components/Load.tsx";
import { when } from "../format.ts";
import { useWords } from "../i18n.tsx";
import { everyPage } from "./common.tsx";
import {
  ChangeOrganisation,
  holderOf,
  type Organisation,
  RegisterOrganisation,
  usccMessage,
  useTypeName,
} from "./organisation-forms.tsx";
import { todayInBeijing } from "./solver/common.tsx";

const pageSize = 20;

/** What the search box holds: nothing (the registry paged), a code (18 characters of the code's set), or a name or id. */
export type Search = { kind: "all" } | { kind: "code"; code: string } | { kind: "text"; text: string };

export function searchOf(q: string): Search {
  const text = q.trim();
  if (!text) return { kind: "all" };
  const code = normaliseUscc(text);
  return /^[0-9A-Z]{18}$/.test(code) ? { kind: "code", code } : { kind: "text", text };
}

interface Listing {
  readonly items: Organisation[];
  readonly next?: string;
}

async function load(search: Search, cursor: string | undefined): Promise<Listing> {
  if (search.kind === "code") {
    const holder = await holderOf(search.code);
    return { items: holder ? [holder] : [] };
  }
  if (search.kind === "text") {
    // The API finds by code or id only: a name is looked for in the registry's pages (100 a request).
    const needle = search.text.toLowerCase();
    const all = await everyPage((c) =>
      body(
        client.GET("/v1/organisations", { params: { query: { limit: 100, ...(c ? { cursor: c } : {}) } } }),
      ),
    );
    return {
      items: all.filter(
        (o) => o.registeredName.toLowerCase().includes(needle) || o.id.toLowerCase() === needle,
      ),
    };
  }
  const page = await body(
    client.GET("/v1/organisations", {
      params: { query: { limit: pageSize, ...(cursor ? { cursor } : {}) } },
    }),
  );
  return { items: page.items, ...(page.next ? { next: page.next } : {}) };
}

/** Each listed organisation's credit records' latest end (失信 until), "" when it has none. */
function useCreditStanding(ids: readonly string[], allowed: boolean) {
  return useLoad(async () => {
    if (!allowed) return new Map<string, string>();
    const ends = await Promise.all(
      ids.map(async (organisationId) => {
        const records = await body(
          client.GET("/v1/credit-records", { params: { query: { organisationId, limit: 100 } } }),
        );
        return [
          organisationId,
          records.items.reduce((m, r) => (r.blockedUntil > m ? r.blockedUntil : m), ""),
        ] as const;
      }),
    );
    return new Map(ends);
  }, [allowed, ids.join(",")]);
}

function CreditCell({ until }: { until: string | undefined }) {
  const { t, tf } = useWords();
  if (until === undefined) return <span className="muted">…</span>;
  if (!until) return <span className="muted">{t("ogCreditNone")}</span>;
  return until >= todayInBeijing() ? (
    <Tag color="red" data-credit="barred">
      {tf("ogCreditUntil", { date: until })}
    </Tag>
  ) : (
    <span data-credit="ended">{tf("ogCreditEnded", { date: until })}</span>
  );
}

function RegistryTable(props: {
  items: Organisation[];
  mayChange: boolean;
  mayReadCredit: boolean;
  empty: string;
  onChange: (o: Organisation) => void;
}) {
  const { t } = useWords();
  const typeName = useTypeName();
  const credit = useCreditStanding(
    props.items.map((o) => o.id),
    props.mayReadCredit,
  );
  const standing = credit.state === "ready" ? credit.data : undefined;
  return (
    <DataTable<Organisation>
      testid="organisations"
      size="small"
      rowKey={(o) => o.id}
      dataSource={props.items}
      pagination={false}
      locale={{ emptyText: props.empty }}
      onRow={(o) => ({ "data-organisation": o.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t("ogName"),
          key: "name",
          render: (_, o) => (
            <Space orientation="vertical" size={0}>
              <span data-testid="organisation-name">{o.registeredName}</span>
              <span className="muted" data-secondary>
                {t("ogId")} {o.id}
              </span>
            </Space>
          ),
        },
        {
          title: t("ogCode"),
          key: "uscc",
          render: (_, o) => (
            <span className="code" data-testid="organisation-code">
              {o.uscc}
            </span>
          ),
        },
        { title: t("ogType"), key: "type", render: (_, o) => typeName(o.type) },
        {
          title: t("ogRegisteredAt"),
          key: "at",
          render: (_, o) => (
            <Space orientation="vertical" size={0}>
              {when(o.createdAt)}
              {o.version > 1 ? (
                <span className="muted">
                  {t("ogChangedAt")} {when(o.updatedAt)}
                </span>
              ) : null}
            </Space>
          ),
        },
        ...(props.mayReadCredit
          ? [
              {
                title: t("ogCredit"),
                key: "credit",
                render: (_: unknown, o: Organisation) =>
                  credit.state === "failed" ? "—" : <CreditCell until={standing?.get(o.id)} />,
              },
            ]
          : []),
        ...(props.mayChange
          ? [
              {
                title: t("action"),
                key: "change",
                render: (_: unknown, o: Organisation) => (
                  <Button
                    size="small"
                    onClick={() => props.onChange(o)}
                    aria-label={`${t("ogEdit")} ${o.registeredName}`}
                  >
                    {t("ogEdit")}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

export default function OrganisationsPage() {
  const { t, tf, lang } = useWords();
  const me = who();
  const mayChange = hasRole(me, "bureau", "admin");
  const mayReadCredit = hasRole(me, "bureau", "admin", "auditor");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const search = searchOf(q);
  // The cursors of the pages seen so far: [undefined] is the first page; "next" pushes, "previous" pops.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const loaded = useLoad(() => load(search, cursor), [q, cursor]);
  const [changing, setChanging] = useState<Organisation | undefined>(undefined);
  const [registering, setRegistering] = useState(false);
  const reload = () => loaded.state === "ready" && loaded.reload();
  const find = (value: string) => {
    setCursors([undefined]);
    setParams(value.trim() ? { q: value.trim() } : {});
  };
  const searchRule = {
    validator: (_rule: unknown, value: string | undefined) => {
      const s = searchOf(value ?? "");
      const problem = s.kind === "code" ? usccMessage(s.code, lang) : undefined;
      return problem ? Promise.reject(new Error(`${t("ogCode")}${problem}`)) : Promise.resolve();
    },
  };
  const caption =
    search.kind === "code"
      ? tf("ogFoundByCode", { code: search.code })
      : search.kind === "text" && loaded.state === "ready"
        ? tf("ogFoundByName", { q: search.text, n: loaded.data.items.length })
        : undefined;
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("ogMenu")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("ogIntro")}</Typography.Paragraph>
      <Form
        key={q}
        layout="inline"
        style={{ marginBottom: 16 }}
        initialValues={{ q }}
        onFinish={(v: { q?: string }) => find(v.q ?? "")}
        data-testid="organisation-search"
      >
        <Form.Item name="q" label={t("ogSearch")} rules={[searchRule]}>
          <Input
            style={{ width: 360 }}
            placeholder={t("ogSearchLabel")}
            aria-label={t("ogSearchLabel")}
            allowClear
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="organisation-search-submit">
            {t("ogSearch")}
          </Button>
          {q ? <Button onClick={() => find("")}>{t("ogShowAll")}</Button> : null}
          {mayChange && !registering ? (
            <Button onClick={() => setRegistering(true)} data-testid="open-register">
              {t("ogRegister")}
            </Button>
          ) : null}
        </Space>
      </Form>
      {mayChange ? (
        registering ? (
          <Card
            title={t("ogRegister")}
            style={{ marginBottom: 16, maxWidth: 720 }}
            extra={<Button onClick={() => setRegistering(false)}>{t("ogClose")}</Button>}
          >
            <RegisterOrganisation done={reload} />
          </Card>
        ) : null
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("ogReadOnly")} />
      )}
      {caption ? (
        <Typography.Paragraph data-testid="organisation-search-caption">{caption}</Typography.Paragraph>
      ) : null}
      <Show loaded={loaded}>
        {(listing) => (
          <>
            <RegistryTable
              items={listing.items}
              mayChange={mayChange}
              mayReadCredit={mayReadCredit}
              empty={
                search.kind === "code"
                  ? t("ogNoneByCode")
                  : search.kind === "text"
                    ? t("ogNoneByName")
                    : t("ogNone")
              }
              onChange={setChanging}
            />
            {search.kind === "all" && (cursors.length > 1 || listing.next) ? (
              <Space className="pager" style={{ marginTop: 8 }}>
                <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  {t("previousPage")}
                </Button>
                <Button
                  disabled={!listing.next}
                  onClick={() => listing.next && setCursors((c) => [...c, listing.next])}
                  data-testid="organisations-next"
                >
                  {t("nextPage")}
                </Button>
              </Space>
            ) : null}
          </>
        )}
      </Show>
      <Modal
        open={changing !== undefined}
        title={changing ? tf("ogEditTitle", { name: changing.registeredName }) : ""}
        footer={null}
        onCancel={() => setChanging(undefined)}
        destroyOnHidden
        transitionName=""
        maskTransitionName=""
      >
        {changing ? <ChangeOrganisation organisation={changing} done={reload} /> : null}
      </Modal>
    </section>
  );
}
