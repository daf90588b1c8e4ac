// Workbench: sign-in — locally a form that asks the embedded runtime for a token (POST /local/token, the same JWT the
// API verifies) and beside it the runtime's own OpenID Connect issuer; in AWS one button to Cognito's Hosted UI
// (src/hosted-ui.ts) or to the deployment's OpenID Connect issuer (src/auth/oidc-browser.ts), both code + PKCE.
import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { publishedSignIn, startOidcSignIn } from "../auth/oidc-browser.ts";
import type { SignInConfig } from "../auth/pkce.ts";
import { setToken } from "../auth.ts";
import { config } from "../config.ts";
import { startHostedSignIn } from "../hosted-ui.ts";
import { useWords } from "../i18n.tsx";

const localRoles = ["admin", "auditor", "bureau", "approver", "finance", "enterprise", "solver", "expert"];

interface Fields {
  user: string;
  org: string;
  role: string;
  name?: string;
}

export default function SignIn() {
  const { t, role, lang, setLang } = useWords();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState("");
  const next = params.get("next")?.startsWith("/") ? (params.get("next") as string) : "/tasks";
  const failed = params.get("failed");
  // The OpenID Connect issuer: the deployment's (config.oidc), or locally the embedded runtime's (config.json).
  const [issuer, setIssuer] = useState<SignInConfig | undefined>(config.oidc);
  useEffect(() => {
    if (config.signIn !== "local") return;
    let current = true;
    void publishedSignIn(`${config.apiBase}/console/config.json`).then((s) => current && setIssuer(s));
    return () => {
      current = false;
    };
  }, []);
  const oidcButton = issuer ? (
    <Button
      type={config.signIn === "oidc" ? "primary" : "default"}
      data-testid="oidc-signin"
      onClick={() =>
        startOidcSignIn(issuer, next).catch((e: unknown) =>
          setError(e instanceof Error ? e.message : String(e)),
        )
      }
    >
      {t("hostedSignIn")}
    </Button>
  ) : null;

  const submit = async (fields: Fields) => {
    setError("");
    const response = await fetch(`${config.apiBase}/local/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user: fields.user,
        org: fields.org,
        roles: [fields.role],
        ...(fields.name?.trim() ? { name: fields.name.trim() } : {}),
      }),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as
      | { token?: unknown; message?: unknown }
      | undefined;
    if (!response?.ok || typeof body?.token !== "string") {
      setError(`${t("error")}: ${String(body?.message ?? response?.status ?? "")}`);
      return;
    }
    setToken(body.token);
    navigate(next, { replace: true });
  };

  return (
    <main className="signin-page">
      <Card className="signin" data-testid="signin-form">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t("brand")} · {t("signIn")}
        </Typography.Title>
        {failed ? (
          <Alert
            type="error"
            showIcon
            title={`${t("signInFailed")}: ${failed}`}
            data-testid="signin-failed"
            style={{ marginBottom: 16 }}
          />
        ) : null}
        {config.signIn === "oidc" ? (
          oidcButton
        ) : config.signIn === "cognito" && config.cognito ? (
          <Button
            type="primary"
            data-testid="hosted-signin"
            onClick={() => config.cognito && startHostedSignIn(config.cognito)}
          >
            {t("hostedSignIn")}
          </Button>
        ) : (
          <Form<Fields>
            layout="vertical"
            initialValues={{ user: "admin-1", org: "taiyuan-stb", role: "admin" }}
            onFinish={submit}
          >
            <Typography.Paragraph className="muted">{t("localSignInHint")}</Typography.Paragraph>
            <Form.Item label={t("user")} name="user" rules={[{ required: true }]}>
              <Input name="user" autoComplete="username" />
            </Form.Item>
            <Form.Item label={t("org")} name="org" rules={[{ required: true }]}>
              <Input name="org" />
            </Form.Item>
            <Form.Item label={t("personName")} name="name">
              <Input name="name" autoComplete="name" maxLength={64} />
            </Form.Item>
            <Form.Item label={t("roles")} name="role">
              <Radio.Group
                name="role"
                options={localRoles.map((r) => ({ value: r, label: `${role(r)} (${r})` }))}
              />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t("signIn")}
              </Button>
              {oidcButton}
            </Space>
          </Form>
        )}
        {error ? (
          <Alert type="error" showIcon title={error} data-testid="signin-error" style={{ marginTop: 16 }} />
        ) : null}
        <Button type="link" data-testid="lang-switch" onClick={() => setLang(lang === "en" ? "zh" : "en")}>
          {t("switchLang")}
        </Button>
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          <Link to="/public" data-testid="to-portal">
            {t("ptPortalLink")}
          </Link>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
