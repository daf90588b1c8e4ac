// CDK construct (infra/constructs): the REST API of functions/catalog.ts `routes` — Lambda proxy integrations, the
// Cognito authorizer (identity=cognito) or the OpenID Connect Lambda authorizer (identity=oidc) on every route for
// people, AWS_IAM on the machine callers' routes with one IAM role per caller
// allowed to invoke exactly those, a throttled, traced stage with JSON access logs, and a WAF web ACL.
import { CfnOutput, Duration, Stack } from "aws-cdk-lib";
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IAuthorizer,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  RequestValidator,
  ResponseType,
  RestApi,
  TokenAuthorizer,
} from "aws-cdk-lib/aws-apigateway";
import type { IUserPool } from "aws-cdk-lib/aws-cognito";
import { AccountPrincipal, PolicyDocument, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import type { MachineCaller, RouteDefinition } from "../../functions/catalog.ts";
import { apiThrottling, treasuryAccountId, wafRateLimit } from "../config.ts";
import { acknowledge } from "../nag.ts";
import { logRetention } from "./catalog-function.ts";

export const stageName = "prod";
/** The per-connection backstop rule allows this many times the per-client limit (jiebang:wafRateLimitPer5Minutes). */
export const connectionLimitFactor = 20;

export interface ApiProps {
  readonly routes: readonly RouteDefinition[];
  /** Catalog function name -> deployed function. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /**
   * Who verifies people's tokens (identity seam, infra/config.ts): the stateful stack's user pool, or the OpenID Connect
   * Lambda authorizer (catalog function `identity-authorizer`; no user pool, always in aws-cn).
   */
  readonly identity: { readonly userPool: IUserPool } | { readonly authorizer: IFunction };
}

/** How long API Gateway keeps a token's authorizer result (keyed on the Authorization header). */
export const authorizerCacheTtl = Duration.seconds(300);

/** Error bodies of the gateway itself, in the same shape as the handlers' (functions/platform/http/errors.ts). */
function errorBody(code: string, message: string, messageZh: string): Record<string, string> {
  return { "application/json": JSON.stringify({ code, message, messageZh }) };
}

export class Api extends Construct {
  readonly restApi: RestApi;
  readonly accessLogs: LogGroup;
  readonly webAcl: CfnWebACL;
  readonly methods = new Map<string, Method>();
  /** The role each machine caller assumes to sign its requests to its IAM routes (and nothing else). */
  readonly machineCallerRoles = new Map<MachineCaller, Role>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    // In the stateless stack's nested stack: names and outputs are the parent's (the deployed stack people see).
    const stack = Stack.of(this).nestedStackParent ?? Stack.of(this);
    const throttling = apiThrottling(this);

    this.accessLogs = new LogGroup(this, "AccessLogs", { retention: logRetention });

    this.restApi = new RestApi(this, "RestApi", {
      restApiName: `${stack.stackName}-api`,
      description: "jiebang 揭榜挂帅 platform API (routes from functions/catalog.ts)",
      endpointTypes: [EndpointType.REGIONAL],
      // The account-level CloudWatch role is not managed here (see the AwsSolutions-APIG6 acknowledgement).
      cloudWatchRole: false,
      deployOptions: {
        stageName,
        tracingEnabled: true,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            extendedRequestId: AccessLogField.contextExtendedRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            ip: AccessLogField.contextIdentitySourceIp(),
            userAgent: AccessLogField.contextIdentityUserAgent(),
            ...("userPool" in props.identity
              ? {
                  user: AccessLogField.contextAuthorizerClaims("sub"),
                  org: AccessLogField.contextAuthorizerClaims("custom:org"),
                }
              : {
                  user: AccessLogField.contextAuthorizer("userId"),
                  org: AccessLogField.contextAuthorizer("organisationId"),
                }),
            httpMethod: AccessLogField.contextHttpMethod(),
            resourcePath: AccessLogField.contextResourcePath(),
            path: AccessLogField.contextPath(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationStatus: AccessLogField.contextIntegrationStatus(),
            integrationLatency: AccessLogField.contextIntegrationLatency(),
            integrationError: AccessLogField.contextIntegrationErrorMessage(),
            authorizerError: AccessLogField.contextAuthorizerError(),
            errorMessage: AccessLogField.contextErrorMessage(),
            errorResponseType: AccessLogField.contextErrorResponseType(),
            wafStatus: AccessLogField.contextWafStatus(),
            xrayTraceId: AccessLogField.contextXrayTraceId(),
          }),
        ),
      },
    });

    // Validation of payloads is the handlers' (zod); the gateway checks required path parameters.
    const validator = new RequestValidator(this, "RequestValidator", {
      restApi: this.restApi,
      requestValidatorName: "parameters-and-body",
      validateRequestParameters: true,
      validateRequestBody: true,
    });

    const authorizer: IAuthorizer =
      "userPool" in props.identity
        ? new CognitoUserPoolsAuthorizer(this, "Authorizer", {
            authorizerName: "cognito-user-pool",
            cognitoUserPools: [props.identity.userPool],
            identitySource: IdentitySource.header("Authorization"),
            resultsCacheTtl: authorizerCacheTtl,
          })
        : new TokenAuthorizer(this, "Authorizer", {
            authorizerName: "oidc-token",
            handler: props.identity.authorizer,
            identitySource: IdentitySource.header("Authorization"),
            // Refused before the function runs: anything that is not a bearer JWT.
            validationRegex: "^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
            resultsCacheTtl: authorizerCacheTtl,
          });
    const personAuthorization =
      "userPool" in props.identity ? AuthorizationType.COGNITO : AuthorizationType.CUSTOM;

    const integrations = new Map<string, LambdaIntegration>();
    const machineRoutes = new Map<MachineCaller, string[]>();
    for (const route of props.routes) {
      const fn = props.functions.get(route.function);
      if (!fn) throw new Error(`route ${route.method} ${route.path}: unknown function ${route.function}`);
      let integration = integrations.get(route.function);
      if (!integration) {
        // One invoke permission per function for this API, not one per method (the function policy stays small).
        integration = new LambdaIntegration(fn, { proxy: true, scopePermissionToMethod: false });
        integrations.set(route.function, integration);
      }
      const resource = this.restApi.root.resourceForPath(route.path);
      const pathParameters = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const requestParameters = Object.fromEntries(
        pathParameters.map((p) => [`method.request.path.${p}`, true]),
      );
      const isPublic = "public" in route.auth;
      const machine = "iam" in route.auth ? route.auth.iam.caller : undefined;
      const method = resource.addMethod(route.method, integration, {
        operationName: route.summary,
        requestValidator: validator,
        requestParameters,
        ...(isPublic
          ? { authorizationType: AuthorizationType.NONE }
          : machine
            ? { authorizationType: AuthorizationType.IAM }
            : { authorizationType: personAuthorization, authorizer }),
      });
      this.methods.set(`${route.method} ${route.path}`, method);
      if (!isPublic && !machine && !("userPool" in props.identity)) {
        acknowledge(
          method,
          "AwsSolutions-COG4",
          `${route.method} ${route.path} is for people, who sign in at the deployment's OpenID Connect issuer (identity ` +
            '"oidc": no Cognito user pool; aws-cn has no Cognito user pools or Cognito authorizers); the Lambda token ' +
            "authorizer (functions/platform/identity/authorizer.ts) verifies the token's signature, issuer, audience " +
            "and expiry and maps its claims to roles, refusing anything else.",
        );
      }
      if (machine) {
        if (pathParameters.length > 0)
          throw new Error(`IAM route ${route.path}: path parameters would need a wildcard`);
        machineRoutes.set(machine, [
          ...(machineRoutes.get(machine) ?? []),
          this.restApi.arnForExecuteApi(route.method, route.path, stageName),
        ]);
        acknowledge(
          method,
          "AwsSolutions-COG4",
          `${route.method} ${route.path} is called by a machine, the ${machine} system (functions/catalog.ts auth {iam}), not by a person: it uses AWS_IAM authorisation (SigV4), and only the ${machine} caller role, whose policy names exactly this method's execute-api ARN, may invoke it.`,
        );
      }
      if (isPublic) {
        const reason = `${route.method} ${route.path} is public by design (functions/catalog.ts auth {public:true}: ${route.summary}); it reads no personal or unpublished data, and the stage throttling and the WAF rate rule bound its use.`;
        acknowledge(method, "AwsSolutions-APIG4", reason);
        acknowledge(method, "AwsSolutions-COG4", reason);
      }
    }

    for (const [caller, arns] of machineRoutes) {
      const role = new Role(this, `MachineCaller-${caller}`, {
        assumedBy: new AccountPrincipal(treasuryAccountId(this)),
        description: `Assumed by the ${caller} system to call its IAM-authorised routes of ${stack.stackName}-api (SigV4), nothing else`,
        inlinePolicies: {
          invoke: new PolicyDocument({
            statements: [new PolicyStatement({ actions: ["execute-api:Invoke"], resources: arns })],
          }),
        },
      });
      this.machineCallerRoles.set(caller, role);
      new CfnOutput(stack, `${caller.charAt(0).toUpperCase()}${caller.slice(1)}CallerRoleArn`, {
        value: role.roleArn,
        description: `The role the ${caller} system assumes to sign its calls (AWS_IAM routes)`,
      });
    }

    this.restApi.addGatewayResponse("Unauthorized", {
      type: ResponseType.UNAUTHORIZED,
      statusCode: "401",
      responseHeaders: { "WWW-Authenticate": `'Bearer realm="jiebang"'` },
      templates: errorBody("UNAUTHENTICATED", "A valid bearer token is required", "需要有效的身份令牌"),
    });
    this.restApi.addGatewayResponse("UnknownRoute", {
      // API Gateway answers an unknown path with 403 "Missing Authentication Token"; clients get the 404 the handlers use.
      type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: "404",
      templates: errorBody("ROUTE_NOT_FOUND", "No such route", "接口不存在"),
    });
    // AWS_IAM routes: a bad signature, or a principal without execute-api:Invoke on the method. (An unsigned request
    // to one is answered as MISSING_AUTHENTICATION_TOKEN, i.e. the 404 above; the embedded gateway answers 403.)
    this.restApi.addGatewayResponse("InvalidSignature", {
      type: ResponseType.INVALID_SIGNATURE,
      statusCode: "403",
      templates: errorBody("SIGNATURE_INVALID", "The request signature does not match", "请求签名不匹配"),
    });
    this.restApi.addGatewayResponse("AccessDenied", {
      type: ResponseType.ACCESS_DENIED,
      statusCode: "403",
      templates: errorBody("FORBIDDEN", "This caller may not invoke this route", "无权调用此接口"),
    });
    this.restApi.addGatewayResponse("Throttled", {
      type: ResponseType.THROTTLED,
      statusCode: "429",
      templates: errorBody("THROTTLED", "Too many requests; retry later", "请求过于频繁，请稍后重试"),
    });
    this.restApi.addGatewayResponse("WafFiltered", {
      type: ResponseType.WAF_FILTERED,
      statusCode: "403",
      templates: errorBody("BLOCKED", "The request was blocked by the firewall", "请求被防火墙拦截"),
    });
    this.restApi.addGatewayResponse("Default4xx", {
      type: ResponseType.DEFAULT_4XX,
      templates: errorBody("BAD_REQUEST", "The request was rejected by the gateway", "请求被网关拒绝"),
    });
    this.restApi.addGatewayResponse("Default5xx", {
      type: ResponseType.DEFAULT_5XX,
      templates: errorBody("INTERNAL", "Internal error; it has been logged", "服务器内部错误，已记录"),
    });

    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${stack.stackName}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-"),
    });
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: metric("api"),
      rules: [
        {
          // Keyed on the client's address, not the connection's: behind CloudFront every request comes from one of
          // CloudFront's addresses, so the rule reads the first address of X-Forwarded-For (the viewer's, which CloudFront
          // appends), and counts requests without the header (direct calls) together — docs/security.md, "WAF".
          name: "RateLimitPerIp",
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: "FORWARDED_IP",
              forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "MATCH" },
              limit: wafRateLimit(this),
            },
          },
          visibilityConfig: metric("rate-limit-per-ip"),
        },
        {
          // The header is the client's to write: one address forging a new X-Forwarded-For on every request is still
          // bounded by its own connection address, at a limit high enough for a CloudFront edge that carries many viewers.
          name: "RateLimitPerConnection",
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: { aggregateKeyType: "IP", limit: wafRateLimit(this) * connectionLimitFactor },
          },
          visibilityConfig: metric("rate-limit-per-connection"),
        },
        {
          name: "AWSManagedRulesCommonRuleSet",
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: "AWS",
              name: "AWSManagedRulesCommonRuleSet",
              // Demands and plans are long texts: body size is bounded by the handlers, not the 8 KB rule.
              ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: metric("common-rule-set"),
        },
        {
          name: "AWSManagedRulesKnownBadInputsRuleSet",
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" },
          },
          visibilityConfig: metric("known-bad-inputs"),
        },
      ],
    });
    new CfnWebACLAssociation(this, "WebAclAssociation", {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    acknowledge(
      this.restApi.deploymentStage,
      "AwsSolutions-APIG6",
      "Execution logging needs the account-wide, per-region API Gateway CloudWatch role (AWS::ApiGateway::Account), " +
        "a singleton this app must not own (cdk.json sets @aws-cdk/aws-apigateway:disableCloudWatchRole). The stage " +
        "writes JSON access logs with status, latencies, authorizer, integration, WAF and error fields, X-Ray traces " +
        "every request, and every function logs JSON to its own log group, which together cover what execution logs would.",
    );

    new CfnOutput(stack, "ApiUrl", {
      value: this.restApi.url,
      description: "Base URL; routes start with /v1",
    });
  }
}
