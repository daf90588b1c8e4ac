// Workbench (bureau): what the bureau's pages share — a yuan field (typed in yuan, sent in fen), the policy's limits
// shown next to amounts, a programme's name, the expert pool as a picker by name, and a page title with a back link.
import { Descriptions, Form, Input, Select, Typography } from "antd";
import type { Rule } from "antd/es/form/index.js";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { type Answer, body, client } from "../../api/client.ts";
import { yuan } from "../../format.ts";
import { useWords } from "../../i18n.tsx";
import { isYuan } from "./money.ts";

export type Programme = Answer<"/v1/programmes/{programmeId}">;
export type Policy = Programme["policy"];
/** An expert of the pool, with its organisation's registered name (机构名录) when the body is registered. */
export type Expert = Answer<"/v1/experts">["items"][number] & { organisationName?: string };

export const loadProgramme = (programmeId: string) =>
  body(client.GET("/v1/programmes/{programmeId}", { params: { path: { programmeId } } }));

/** The expert pool, each expert with its organisation's registered name where registered (the list's names). */
export const loadExperts = async (): Promise<Expert[]> => {
  const { items, organisationNames = {} } = await body(client.GET("/v1/experts"));
  return items.map((e) => {
    const organisationName = organisationNames[e.organisationId];
    return organisationName ? { ...e, organisationName } : e;
  });
};

/** A yuan amount field: right-aligned, "元" after it, checked as an amount to the fen before it is sent. */
export function YuanField(props: {
  name: (string | number)[] | string;
  label: string;
  required?: boolean;
  extra?: ReactNode;
  testId?: string;
}) {
  const { t } = useWords();
  const rules: Rule[] = [
    ...(props.required ? [{ required: true, message: t("buRequired") }] : []),
    {
      validator: (_: unknown, v: unknown) => (isYuan(v) ? Promise.resolve() : Promise.reject(t("buNotYuan"))),
    },
  ];
  return (
    <Form.Item name={props.name} label={props.label} rules={rules} extra={props.extra}>
      <Input
        inputMode="decimal"
        suffix="元"
        style={{ maxWidth: 280, textAlign: "right" }}
        className="money"
        data-testid={props.testId}
      />
    </Form.Item>
  );
}

/** The programme's policy in a few words: cap, case-by-case, period, horse race, rate, budget. */
export function PolicyLimits({
  programme,
  testId = "policy-limits",
}: {
  programme: Programme;
  testId?: string;
}) {
  const { t, tf, named } = useWords();
  const p = programme.policy;
  return (
    <Descriptions
      size="small"
      bordered
      column={2}
      data-testid={testId}
      title={`${t("buPolicyLimits")} · ${named(p.name, p.nameZh)}`}
      items={[
        { label: t("buCap"), children: <span className="money">{yuan(p.capFen)}</span> },
        {
          label: t("buCaseByCase"),
          children: p.allowsCaseByCaseException ? t("buAllowed") : t("buNotAllowed"),
        },
        { label: t("buMaxPeriod"), children: tf("buMonths", { n: p.maxPeriodMonths }) },
        { label: t("buHorseRaceLimit"), children: p.horseRaceLimit },
        { label: t("buSubsidyRate"), children: `${(p.subsidyRateBp / 100).toFixed(2)}%` },
        {
          label: t("buProgrammeBudget"),
          children: <span className="money">{yuan(programme.budgetFen)}</span>,
        },
        { label: t("buSource"), children: p.source, span: 2 },
      ]}
    />
  );
}

export function useProgrammeName(): (p: Programme | undefined, fallback?: string) => string {
  const { named } = useWords();
  return (p, fallback = "") => (p ? named(p.name, p.nameZh) : fallback);
}

/**
 * The expert pool as a multiple choice by name: each expert's field and organisation by its registered name (the id
 * only for a body not registered).
 */
export function ExpertPicker(props: {
  experts: readonly Expert[];
  value?: string[];
  onChange?: (ids: string[]) => void;
  testId?: string;
  exclude?: readonly string[];
}) {
  const { t } = useWords();
  const expertise = useExpertise();
  return (
    <Select
      mode="multiple"
      data-testid={props.testId}
      aria-label={t("buExperts")}
      value={props.value}
      onChange={props.onChange}
      optionFilterProp="label"
      style={{ minWidth: 360 }}
      options={props.experts
        .filter((e) => e.active && !(props.exclude ?? []).includes(e.id))
        .map((e) => ({
          value: e.id,
          label: `${e.name} · ${expertise(e.expertise)} · ${e.organisationName ?? e.organisationId}`,
        }))}
    />
  );
}

export function PageTitle({ back, backTo, children }: { back: string; backTo: string; children: ReactNode }) {
  return (
    <>
      <Typography.Paragraph>
        <Link to={backTo}>← {back}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1} className="page-title">
        {children}
      </Typography.Title>
    </>
  );
}

/** A name with its id as secondary text. */
export const Named = ({ name, id }: { name: string; id: string }) => (
  <span>
    {name} <span className="muted">({id})</span>
  </span>
);

/** An expert's field of expertise in words. */
export function useExpertise(): (code: string) => string {
  const { t } = useWords();
  return (code) =>
    code === "technical" ? t("buTechnical") : code === "finance" ? t("buFinanceExpert") : t("buManagement");
}
