// Workbench: the application form's parties — the consortium (the lead's name, member organisations and their names)
// and the team (person id, name, organisation among the parties, role, birth date with the age shown, lead and key
// marks, the chief engineer), checked as functions/applications/model.ts checks them.
import { Button, Card, Checkbox, Form, type FormInstance, Input, Select, Space, Typography } from "antd";
import { DateField } from "../../components/DateField.tsx";
import { useWords } from "../../i18n.tsx";
import { cardTitle } from "../portal/challenges.tsx";
import { type ApplicationFields, ageOn, isDate, orgPattern } from "./application-content.ts";

/** A list's own errors (the server's `team`, `budget`…, or the list rules). */
export function ListErrors({ errors, testId }: { errors: React.ReactNode[]; testId?: string }) {
  return errors.length > 0 ? (
    <div role="alert" data-testid={testId} className="bad">
      <Form.ErrorList errors={errors} />
    </div>
  ) : null;
}

export function PartyFields({
  form,
  leadOrg,
  today,
}: {
  form: FormInstance<ApplicationFields>;
  leadOrg: string;
  /** The date ages are shown on (yyyy-MM-dd). */
  today: string;
}) {
  const { t, tf } = useWords();
  const members = Form.useWatch("members", form) ?? [];
  const team = Form.useWatch("team", form) ?? [];
  const orgs = [
    leadOrg,
    ...members.map((m) => m?.organisationId?.trim()).filter((o): o is string => Boolean(o)),
  ];
  const required = (message: string) => ({ required: true, whitespace: true, message });
  const max = (n: number) => ({ max: n, message: tf("svMaxChars", { n }) });
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card size="small" title={<h2 style={cardTitle}>{t("svConsortium")}</h2>}>
        <Typography.Paragraph className="muted">{tf("svLeadIs", { org: leadOrg })}</Typography.Paragraph>
        <Form.Item name="leadName" label={t("svLeadName")} rules={[max(200)]}>
          <Input data-testid="lead-name" maxLength={200} />
        </Form.Item>
        <Form.List
          name="members"
          rules={[
            {
              validator: async (_, value: ApplicationFields["members"] | undefined) => {
                if ((value?.length ?? 0) > 10) throw new Error(t("svTooManyMembers"));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Space
                  key={field.key}
                  align="start"
                  wrap
                  style={{ display: "flex" }}
                  data-testid="member-row"
                >
                  <Form.Item
                    name={[field.name, "organisationId"]}
                    label={tf("svMemberOrg", { n: i + 1 })}
                    rules={[
                      required(t("svOrgRequired")),
                      { pattern: orgPattern, message: t("svOrgPattern") },
                      max(64),
                      {
                        validator: async (_, value: string) => {
                          const v = value?.trim();
                          if (!v) return;
                          if (v === leadOrg) throw new Error(t("svMemberIsLead"));
                          const all = (form.getFieldValue("members") as ApplicationFields["members"]) ?? [];
                          if (all.findIndex((m) => m?.organisationId?.trim() === v) !== i)
                            throw new Error(t("svMemberTwice"));
                        },
                      },
                    ]}
                  >
                    <Input data-testid={`member-${i}-org`} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, "name"]} label={t("svMemberName")} rules={[max(200)]}>
                    <Input data-testid={`member-${i}-name`} style={{ width: 320 }} />
                  </Form.Item>
                  <Button
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                    aria-label={tf("svRemoveMember", { n: i + 1 })}
                  >
                    {t("svRemove")}
                  </Button>
                </Space>
              ))}
              <ListErrors errors={errors} />
              <Button onClick={() => add({ organisationId: "" })} data-testid="add-member">
                {t("svAddMember")}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={<h2 style={cardTitle}>{t("svTeam")}</h2>}>
        <Typography.Paragraph className="muted">{t("svTeamHint")}</Typography.Paragraph>
        <Form.List
          name="team"
          rules={[
            {
              validator: async (_, value: ApplicationFields["team"] | undefined) => {
                if (!value || value.length === 0) throw new Error(t("svTeamRequired"));
                if (!value.some((m) => m?.isLead)) throw new Error(t("svTeamNeedsLead"));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => {
                const age = ageOn(team[i]?.birthDate ?? "", today);
                return (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    data-testid="team-row"
                    style={{ marginBottom: 8 }}
                  >
                    <Space align="start" wrap style={{ display: "flex" }}>
                      <Form.Item
                        name={[field.name, "personId"]}
                        label={t("svPersonId")}
                        rules={[
                          required(t("svRequired")),
                          max(64),
                          {
                            validator: async (_, value: string) => {
                              const v = value?.trim();
                              const all = (form.getFieldValue("team") as ApplicationFields["team"]) ?? [];
                              if (v && all.findIndex((m) => m?.personId?.trim() === v) !== i)
                                throw new Error(t("svPersonTwice"));
                            },
                          },
                        ]}
                      >
                        <Input data-testid={`team-${i}-id`} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "name"]}
                        label={t("svPersonName")}
                        rules={[required(t("svRequired")), max(100)]}
                      >
                        <Input data-testid={`team-${i}-name`} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "organisationId"]}
                        label={t("svPersonOrg")}
                        rules={[
                          { required: true, message: t("svRequired") },
                          {
                            validator: async (_, value: string) => {
                              if (value && !orgs.includes(value)) throw new Error(t("svPersonOrgNotParty"));
                            },
                          },
                        ]}
                      >
                        <Select
                          data-testid={`team-${i}-org`}
                          aria-label={t("svPersonOrg")}
                          style={{ width: 180 }}
                          options={orgs.map((o) => ({ value: o, label: o }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "role"]}
                        label={t("svPersonRole")}
                        rules={[required(t("svRequired")), max(100)]}
                      >
                        <Input
                          data-testid={`team-${i}-role`}
                          placeholder={t("svRolePlaceholder")}
                          style={{ width: 160 }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, "birthDate"]}
                        label={t("svBirthDate")}
                        extra={
                          age !== undefined ? (
                            <span data-testid={`team-${i}-age`}>{tf("svAge", { n: age })}</span>
                          ) : null
                        }
                        rules={[
                          { required: true, message: t("svRequired") },
                          {
                            validator: async (_, value: string) => {
                              if (value && !isDate(value)) throw new Error(t("svNotDate"));
                            },
                          },
                        ]}
                      >
                        <DateField data-testid={`team-${i}-birth`} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, "isLead"]} valuePropName="checked" label={t("svIsLead")}>
                        <Checkbox data-testid={`team-${i}-lead`} aria-label={t("svIsLead")} />
                      </Form.Item>
                      <Form.Item name={[field.name, "isKey"]} valuePropName="checked" label={t("svIsKey")}>
                        <Checkbox data-testid={`team-${i}-key`} aria-label={t("svIsKey")} />
                      </Form.Item>
                      {fields.length > 1 ? (
                        <Button
                          onClick={() => remove(field.name)}
                          style={{ marginTop: 30 }}
                          aria-label={tf("svRemovePerson", { n: i + 1 })}
                        >
                          {t("svRemove")}
                        </Button>
                      ) : null}
                    </Space>
                  </Card>
                );
              })}
              <ListErrors errors={errors} testId="team-errors" />
              <Button
                onClick={() =>
                  add({
                    personId: "",
                    name: "",
                    organisationId: leadOrg,
                    role: "",
                    birthDate: "",
                    isLead: false,
                    isKey: true,
                  })
                }
                data-testid="add-person"
              >
                {t("svAddPerson")}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="chiefEngineerId"
          label={t("svChiefEngineer")}
          style={{ marginTop: 16 }}
          rules={[
            { required: true, message: t("svChiefRequired") },
            {
              validator: async (_, value: string) => {
                if (value && !team.some((m) => m?.personId?.trim() === value))
                  throw new Error(t("svChiefNotInTeam"));
              },
            },
          ]}
        >
          <Select
            data-testid="chief-engineer"
            aria-label={t("svChiefEngineer")}
            style={{ maxWidth: 360 }}
            options={team
              .filter((m) => m?.personId?.trim())
              .map((m) => ({ value: m.personId.trim(), label: `${m.name || ""} (${m.personId.trim()})` }))}
          />
        </Form.Item>
      </Card>
    </Space>
  );
}
