// Workbench: the deployment settings from config.js (web/public/config.js locally; CDK writes the AWS one beside the
// built app): where the API is and how users sign in.
export interface CognitoSettings {
  readonly domain: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface WebConfig {
  /** Base URL of the API ("" = same origin, as when the gateway or CloudFront serves the app). */
  readonly apiBase: string;
  /** "local": a form asks the embedded runtime for a token; "cognito": Cognito's Hosted UI with PKCE. */
  readonly signIn: "local" | "cognito";
  readonly cognito?: CognitoSettings;
}

declare global {
  interface Window {
    jiebangConfig?: WebConfig;
  }
}

export const config: WebConfig = window.jiebangConfig ?? { apiBase: "", signIn: "local" };
