// Workbench: the signed-in person's notification preferences (通知设置) — the channels besides the inbox (e-mail, SMS,
// WeChat), each with its address, and quiet hours (Asia/Shanghai); PUT /v1/me/notification-preferences, whose field
// errors (CHANNEL_ADDRESS_MISSING at body.email …) show next to the field they name.
import { Card, Checkbox, Form, Input, Space, Typography } from "antd";
import { body, client } from "../../api/client.ts";
import { Show, useLoad } from "../../components/Load.tsx";
import { ActionForm } from "../../forms/action.tsx";
import { useWords } from "../../i18n.tsx";

type Channel = "email" | "sms" | "wechat";

interface PreferenceValues {
  channels: Channel[];
  email?: string;
  phone?: string;
  wechatOpenId?: string;
  quietHours?: { from?: string; to?: string };
}

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;
const blank = (v: string | undefined) => (v ?? "").trim() === "";

export default function PreferencesPage() {
  const { t } = useWords();
  const loaded = useLoad(() => body(client.GET("/v1/me/notification-preferences")), []);
  const [form] = Form.useForm<PreferenceValues>();
  const time = {
    validator: (_: unknown, v: string | undefined) =>
      blank(v) || timeOfDay.test((v ?? "").trim()) ? Promise.resolve() : Promise.reject(t("nfTimeFormat")),
  };
  return (
    <section>
      <Typography.Title level={1} className="page-title">
        {t("nfPreferences")}
      </Typography.Title>
      <Typography.Paragraph className="muted">{t("nfPreferencesIntro")}</Typography.Paragraph>
      <Show loaded={loaded}>
        {(saved) => (
          <Card>
            <ActionForm<PreferenceValues, unknown>
              form={form}
              testId="preferences"
              submitLabel={t("nfSave")}
              initialValues={{
                channels: [...saved.channels],
                ...(saved.email ? { email: saved.email } : {}),
                ...(saved.phone ? { phone: saved.phone } : {}),
                ...(saved.wechatOpenId ? { wechatOpenId: saved.wechatOpenId } : {}),
                ...(saved.quietHours ? { quietHours: { ...saved.quietHours } } : {}),
              }}
              result={() => t("nfSaved")}
              submit={(v) => {
                const from = v.quietHours?.from?.trim();
                const to = v.quietHours?.to?.trim();
                return body(
                  client.PUT("/v1/me/notification-preferences", {
                    body: {
                      channels: v.channels ?? [],
                      ...(blank(v.email) ? {} : { email: v.email!.trim() }),
                      ...(blank(v.phone) ? {} : { phone: v.phone!.trim() }),
                      ...(blank(v.wechatOpenId) ? {} : { wechatOpenId: v.wechatOpenId!.trim() }),
                      ...(from || to ? { quietHours: { from: from ?? "", to: to ?? "" } } : {}),
                    },
                  }),
                );
              }}
            >
              <Form.Item name="channels" label={t("nfChannels")} extra={t("nfChannelsHint")}>
                <Checkbox.Group
                  options={[
                    { value: "email", label: t("nfEmail") },
                    { value: "sms", label: t("nfSms") },
                    { value: "wechat", label: t("nfWechat") },
                  ]}
                />
              </Form.Item>
              {/* Each address field has a rule: typing validates it again, which clears the API's error shown there. */}
              <Form.Item name="email" label={t("nfEmailAddress")} rules={[{ max: 254 }]}>
                <Input type="email" maxLength={254} autoComplete="email" />
              </Form.Item>
              <Form.Item name="phone" label={t("nfPhone")} rules={[{ max: 16 }]}>
                <Input maxLength={16} autoComplete="tel" />
              </Form.Item>
              <Form.Item name="wechatOpenId" label={t("nfWechatId")} rules={[{ max: 128 }]}>
                <Input maxLength={128} />
              </Form.Item>
              <Space align="start" wrap>
                <Form.Item name={["quietHours", "from"]} label={t("nfQuietFrom")} rules={[time]}>
                  <Input placeholder="22:00" maxLength={5} />
                </Form.Item>
                <Form.Item name={["quietHours", "to"]} label={t("nfQuietTo")} rules={[time]}>
                  <Input placeholder="07:30" maxLength={5} />
                </Form.Item>
              </Space>
              <Typography.Paragraph className="muted">{t("nfQuietHint")}</Typography.Paragraph>
            </ActionForm>
          </Card>
        )}
      </Show>
    </section>
  );
}
