// Workbench: the deployment settings from config.js (web/public/config.js locally; CDK writes the AWS one beside the
// built app): where the API is and how users sign in.
import type { SignInConfig } from "./auth/pkce.ts";

export interface CognitoSettings {
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface WebConfig {
  /** Base URL of the API ("" = same origin, as when the gateway or CloudFront serves the app). */
  readonly apiBase: string;
  /**
   * "local": a form asks the embedded runtime for a token (and its own OpenID Connect issuer is offered beside it);
   * "cognito": Cognito's Hosted UI with PKCE; "oidc": the deployment's OpenID Connect issuer with PKCE.
   */
  readonly signIn: "local" | "cognito" | "oidc";
  readonly cognito?: CognitoSettings;
  readonly oidc?: SignInConfig;
  /**
   * "path" (default): routes in the address's path under /console/ (the server answers index.html for each);
   * "hash": routes in the fragment (/#/projects/…) where the host cannot rewrite deep links (AWS China's CloudFront).
   */
  readonly routing?: "path" | "hash";
}

declare global {
  interface Window {
    jiebangConfig?: WebConfig;
  }
}

export const config: WebConfig = window.jiebangConfig ?? { apiBase: "", signIn: "local" };
