// Operators' console: deployment settings. Locally the API is on the same origin and sign-in issues a local token
// (POST /local/token); the AWS deployment (infra/constructs/console-site.ts) replaces this file: same origin, Hosted UI.
export const config = {
  /** Base URL of the API ("" = same origin, as when the gateway serves the console). */
  apiBase: "",
  /** "local": the sign-in form asks the embedded runtime for a token; "cognito": the Hosted UI (console/hosted-ui.js),
   *  with `cognito: {domain, clientId, redirectUri}` — infra/constructs/console-site.ts writes that config.js in AWS. */
  signIn: "local",
};
