// Operators' console: deployment settings. Locally the API is on the same origin and sign-in issues a local token
// (POST /local/token); an AWS deployment replaces this file with the API's URL and `signIn: "cognito"`.
export const config = {
  /** Base URL of the API ("" = same origin, as when the gateway serves the console). */
  apiBase: "",
  /** "local": the sign-in form asks the embedded runtime for a token; "cognito": the Hosted UI (not yet built). */
  signIn: "local",
};
