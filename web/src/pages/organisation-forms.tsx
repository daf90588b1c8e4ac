// Workbench: the organisation registry's forms (机构名录) — registering an organisation (its unified social credit code
// checked as it is typed with the server's own GB 32100-2015 rule) and a rename or type correction (更名, If-Match); a
// code another organisation holds or an id already registered is shown at its field, the holder by name.
import { Form, Input, Select } from "antd";
import {
  normaliseUscc,
  usccProblem,
  usccProblemWords,
} from "../../../functions/organisations/rules/uscc-code.ts";
import { type Answer, ApiError, body, client } from "../api/client.ts";
import { ActionForm } from "../forms/action.tsx";
import { useWords, wordsFor } from "../i18n.tsx";
import type { WordKey } from "../words.ts";

export type Organisation = Answer<"/v1/organisations">["items"][number];
export type OrganisationType = Organisation["type"];

export const organisationTypes: readonly OrganisationType[] = [
  "enterprise",
  "university",
  "institute",
  "hospital",
  "government",
  "social-organisation",
  "other",
];

/** The type's name in the current language. */
export function useTypeName(): (type: OrganisationType) => string {
  const { t } = useWords();
  return (type) => t(`ogType_${type}` as WordKey);
}

/** What is wrong with a typed code, in the current language (the server's field message), or undefined. */
export function usccMessage(input: string, lang: "zh" | "en"): string | undefined {
  const problem = usccProblem(normaliseUscc(input));
  return problem ? usccProblemWords[problem][lang === "en" ? 0 : 1] : undefined;
}

/** The organisation registered under a code, or undefined (the code valid). */
export async function holderOf(uscc: string): Promise<Organisation | undefined> {
  return (await body(client.GET("/v1/organisations", { params: { query: { uscc } } }))).items[0];
}

interface RegisterValues {
  registeredName: string;
  uscc: string;
  type: OrganisationType;
  organisationId: string;
}

/** An API refusal with the field it is about: shown at that field (the form's own) and in the alert. */
const atField = (e: ApiError, path: string, messageZh: string, message: string) =>
  new ApiError(e.status, e.code, message, messageZh, [{ path, message, messageZh }]);

export function RegisterOrganisation({ done }: { done: (o: Organisation) => void }) {
  const { t, tf, lang } = useWords();
  const typeName = useTypeName();
  const [form] = Form.useForm<RegisterValues>();
  const required = { required: true, message: t("buRequired") };
  const codeRule = {
    validator: (_rule: unknown, value: string | undefined) => {
      const problem = value ? usccMessage(value, lang) : undefined;
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  };
  const register = async (v: RegisterValues): Promise<Organisation> => {
    const uscc = normaliseUscc(v.uscc);
    try {
      return await body(
        client.POST("/v1/organisations", {
          body: {
            organisationId: v.organisationId.trim(),
            registeredName: v.registeredName.trim(),
            uscc,
            type: v.type,
          },
        }),
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === "USCC_HELD") {
        const holder = await holderOf(uscc).catch(() => undefined);
        const name = holder ? `${holder.registeredName}（${holder.id}）` : "";
        throw name
          ? atField(
              e,
              "body.uscc",
              wordsFor("zh").tf("ogHeldBy", { holder: name }),
              wordsFor("en").tf("ogHeldBy", { holder: name }),
            )
          : atField(e, "body.uscc", e.messageZh, e.messageEn);
      }
      if (e.code === "ORGANISATION_EXISTS") throw atField(e, "body.organisationId", e.messageZh, e.messageEn);
      throw e;
    }
  };
  return (
    <ActionForm<RegisterValues, Organisation>
      form={form}
      testId="register-organisation"
      name="register-organisation"
      submitLabel={t("ogRegister")}
      initialValues={{ type: "enterprise" }}
      submit={register}
      done={(o) => {
        form.resetFields();
        done(o);
      }}
      result={(o) => tf("ogRegistered", { name: o.registeredName })}
    >
      <Form.Item
        name="registeredName"
        label={t("ogName")}
        extra={t("ogNameHint")}
        rules={[required, { whitespace: true, min: 2, message: t("ogNameShort") }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t("ogCode")}
        extra={t("ogCodeHint")}
        rules={[required, codeRule]}
        normalize={(v: string | undefined) => v?.toUpperCase()}
        validateDebounce={300}
      >
        <Input maxLength={40} className="code-input" autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item name="type" label={t("ogType")} rules={[required]}>
        <Select
          aria-label={t("ogType")}
          data-testid="organisation-type"
          options={organisationTypes.map((x) => ({ value: x, label: typeName(x) }))}
        />
      </Form.Item>
      <Form.Item
        name="organisationId"
        label={t("ogId")}
        extra={t("ogIdHint")}
        rules={[required, { pattern: /^[\w.-]{1,64}$/, message: t("ogIdChars") }]}
      >
        <Input maxLength={64} autoComplete="off" spellCheck={false} />
      </Form.Item>
    </ActionForm>
  );
}

interface ChangeValues {
  registeredName: string;
  type: OrganisationType;
  reason: string;
}

/** A rename or type correction of one organisation, against the version listed (If-Match). */
export function ChangeOrganisation({
  organisation,
  done,
}: {
  organisation: Organisation;
  done: (o: Organisation) => void;
}) {
  const { t, tf } = useWords();
  const typeName = useTypeName();
  const required = { required: true, message: t("buRequired") };
  const change = (v: ChangeValues) => {
    const registeredName = v.registeredName.trim();
    const renamed = registeredName !== organisation.registeredName;
    const retyped = v.type !== organisation.type;
    if (!renamed && !retyped) return Promise.reject(new Error(t("ogNothingChanged")));
    return body(
      client.PATCH("/v1/organisations/{organisationId}", {
        params: { path: { organisationId: organisation.id } },
        headers: { "if-match": `"${organisation.version}"` },
        body: {
          ...(renamed ? { registeredName } : {}),
          ...(retyped ? { type: v.type } : {}),
          reason: v.reason.trim(),
        },
      }),
    );
  };
  return (
    <ActionForm<ChangeValues, Organisation>
      testId="change-organisation"
      name="change-organisation"
      submitLabel={t("ogSave")}
      initialValues={{ registeredName: organisation.registeredName, type: organisation.type }}
      submit={change}
      done={done}
      once
      result={(o) => tf("ogSaved", { name: o.registeredName })}
    >
      <p className="muted">{t("ogEditHint")}</p>
      <Form.Item label={t("ogCode")}>
        <span className="code" data-testid="change-code">
          {organisation.uscc}
        </span>
      </Form.Item>
      <Form.Item
        name="registeredName"
        label={t("ogName")}
        rules={[required, { whitespace: true, min: 2, message: t("ogNameShort") }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="type" label={t("ogType")} rules={[required]}>
        <Select
          aria-label={t("ogType")}
          data-testid="change-type"
          options={organisationTypes.map((x) => ({ value: x, label: typeName(x) }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t("ogReason")}
        extra={t("ogReasonHint")}
        rules={[required, { whitespace: true, min: 2, message: t("ogNameShort") }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </ActionForm>
  );
}
