// Workbench (工作台): deployment settings. Locally the API is on the same origin and sign-in issues a local token
// (POST /local/token); in AWS infra/constructs/console-site.ts writes this file instead: same origin, Hosted UI.
window.jiebangConfig = { apiBase: "", signIn: "local" };
