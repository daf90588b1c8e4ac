// Workbench (bureau): the expert pool (专家库) — every expert by name with expertise, organisation and declared
// conflicts (回避); registering one (the expert's user id as the identity provider names it).
import { Card, Form, Input, Select, Tag, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { Show, useLoad } from "../../components/Load.tsx";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";
import { Named } from "../common.tsx";
import { type Expert, useExpertise } from "./parts.tsx";

interface ExpertValues {
  name: string;
  expertId: string;
  organisationId: string;
  expertise: "technical" | "management" | "finance";
}

export default function ExpertsPage() {
  const { t } = useWords();
  const expertise = useExpertise();
  const loaded = useLoad(() => body(client.GET("/v1/experts")), []);
  const required = { required: true, message: t("buRequired") };
  const idRule = { pattern: /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, message: t("buIdChars") };
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("buExpertPool")}
      </Typography.Title>
      <Show loaded={loaded}>
        {({ items: experts, organisationNames: names = {} }) => (
          <DataTable<Expert>
            testid="experts"
            size="small"
            rowKey={(e) => e.id}
            dataSource={[...experts]}
            pagination={{ pageSize: 50 }}
            locale={{ emptyText: t("buNoExperts") }}
            columns={[
              {
                title: t("name"),
                key: "name",
                render: (_, e) => (
                  <span>
                    {e.name}{" "}
                    <span className="muted" data-secondary>
                      ({e.id})
                    </span>
                  </span>
                ),
              },
              { title: t("buExpertise"), key: "x", render: (_, e) => expertise(e.expertise) },
              {
                title: t("org"),
                key: "org",
                render: (_, e) => <Named name={names[e.organisationId]} id={e.organisationId} />,
              },
              {
                title: t("buConflicts"),
                key: "c",
                render: (_, e) =>
                  e.conflicts.length === 0
                    ? "—"
                    : e.conflicts.map((c, i) => (
                        <span key={`${c.organisationId}-${c.declaredAt}`}>
                          {i > 0 ? "；" : null}
                          <Named name={names[c.organisationId]} id={c.organisationId} />（{c.reason}）
                        </span>
                      )),
              },
              {
                title: t("status"),
                key: "s",
                render: (_, e) =>
                  e.active ? <Tag className="ok">{t("buActive")}</Tag> : <Tag>{t("buInactive")}</Tag>,
              },
            ]}
          />
        )}
      </Show>
      <Card title={t("buRegisterExpert")} style={{ marginTop: 16 }}>
        <ActionForm<ExpertValues, unknown>
          testId="register-expert"
          submitLabel={t("buRegisterExpert")}
          initialValues={{ expertise: "technical" }}
          submit={(v) =>
            body(
              client.POST("/v1/experts", {
                body: {
                  expertId: v.expertId.trim(),
                  organisationId: v.organisationId.trim(),
                  name: v.name.trim(),
                  expertise: v.expertise,
                },
              }),
            )
          }
          done={() => loaded.state === "ready" && loaded.reload()}
          result={() => t("buExpertRegistered")}
        >
          <Form.Item name="name" label={t("name")} rules={[required]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="expertId"
            label={t("buExpertUserId")}
            rules={[required, idRule]}
            extra={t("buExpertUserIdHint")}
          >
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item name="organisationId" label={t("org")} rules={[required, idRule]}>
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item name="expertise" label={t("buExpertise")} rules={[required]}>
            <Select
              aria-label={t("buExpertise")}
              options={(["technical", "management", "finance"] as const).map((x) => ({
                value: x,
                label: expertise(x),
              }))}
            />
          </Form.Item>
        </ActionForm>
      </Card>
    </section>
  );
}
