// CDK entry point (infra/bin): `npx cdk synth|deploy` runs this through cdk.json; it builds the app with cdk-nag and synthesizes.
import { buildApp } from "../app.ts";

const account = process.env["CDK_DEFAULT_ACCOUNT"];
const region = process.env["CDK_DEFAULT_REGION"];

const { app } = buildApp({ env: account || region ? { account, region } : undefined });
app.synth();
