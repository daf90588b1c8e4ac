// CDK construct (infra/constructs): the identity seam's `oidc` side — the API's Lambda authorizer for people who sign in
// at an external OIDC issuer (AWS China has no Cognito user pools). Until the OIDC verifier is wired in (docs/deploy.md,
// "Identity: an OIDC issuer"), the function refuses every token: the API fails closed, never open.
import { Duration } from "aws-cdk-lib";
import { IdentitySource, TokenAuthorizer } from "aws-cdk-lib/aws-apigateway";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, Function as LambdaFunction, LoggingFormat } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledge } from "../nag.ts";
import { lambdaRuntime, logRetention } from "./catalog-function.ts";

/** The placeholder's answer to every token: API Gateway turns the error "Unauthorized" into a 401. */
export const failClosedAuthorizerCode = 'exports.handler = async () => { throw new Error("Unauthorized"); };';

export class OidcAuthorizer extends Construct {
  readonly authorizer: TokenAuthorizer;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new LogGroup(this, "Logs", { retention: logRetention });
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: "jiebang: the API's OIDC token authorizer (writes its own log group only)",
    });
    logGroup.grantWrite(role);
    this.function = new LambdaFunction(this, "Function", {
      description:
        "jiebang: verifies people's OIDC ID tokens for API Gateway (fails closed until configured)",
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      handler: "index.handler",
      code: Code.fromInline(failClosedAuthorizerCode),
      memorySize: 256,
      timeout: Duration.seconds(5),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
    });
    this.authorizer = new TokenAuthorizer(this, "Authorizer", {
      authorizerName: "oidc-token",
      handler: this.function,
      identitySource: IdentitySource.header("Authorization"),
      resultsCacheTtl: Duration.minutes(5),
    });
    acknowledge(
      this.function,
      "AwsSolutions-L1",
      `Pinned to ${lambdaRuntime.name} like every function of this app (infra/constructs/catalog-function.ts lambdaRuntime).`,
    );
  }
}
