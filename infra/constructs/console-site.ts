// CDK construct (infra/constructs): the workbench web app (工作台, built into web/dist) in AWS — static files in a private
// S3 bucket behind CloudFront (origin access control; deep links get index.html), with /v1/* routed by the same
// distribution to the REST API so the app calls the API on its own origin (no CORS), and Cognito's Hosted UI for
// sign-in: a user pool domain and an app client (authorization code + PKCE) whose ID tokens are the ones the API's
// Cognito authorizer already accepts; with identity=oidc no Hosted UI: the app signs in at the configured issuer.
// Either way config.json says where (docs/identity.md).
import { existsSync } from "node:fs";
import path from "node:path";
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { RestApi } from "aws-cdk-lib/aws-apigateway";
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { RestApiOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import {
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { authDomainPrefix, consoleDomain, type IdentityConfig, profileOf } from "../config.ts";
import { acknowledge, acknowledgeWildcardResource } from "../nag.ts";
import { logRetention, projectRoot } from "./catalog-function.ts";

/** Where the console lives on the distribution, as locally (http://127.0.0.1:3000/console/). */
export const consolePath = "/console/";

export interface ConsoleSiteProps {
  readonly api: RestApi;
  /** The user pool (identity=cognito: Hosted UI), or the OpenID Connect issuer's settings (identity=oidc; aws-cn). */
  readonly identity: { readonly userPool: IUserPool } | Extract<IdentityConfig, { mode: "oidc" }>;
  /** A CloudFront-scope WAF web ACL (aws, us-east-1) to attach to the distribution. */
  readonly webAclArn?: string;
}

/** The web app's sign-in settings, config.json next to its files (docs/identity.md; locally local/runtime.ts). */
export interface SignInConfig {
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
}

/** The built web app (npm run web:build); deployed as it is, config.js replaced by the AWS one. */
export const webDist = path.join(projectRoot, "web", "dist");

/** The app's config.js in AWS (web/public/config.js is the local one): same-origin API, Hosted UI sign-in. */
export function consoleConfig(settings: { domain: string; clientId: string; redirectUri: string }): string {
  const config = {
    apiBase: "",
    signIn: "cognito",
    cognito: { domain: settings.domain, clientId: settings.clientId, redirectUri: settings.redirectUri },
  };
  return [
    "// Workbench: deployment settings written by CDK (infra/constructs/console-site.ts). The API is on the same origin",
    "// (CloudFront routes /v1/* to API Gateway); sign-in is Cognito's Hosted UI (web/src/hosted-ui.ts).",
    `window.jiebangConfig = ${JSON.stringify(config)};`,
    "",
  ].join("\n");
}

/**
 * The viewer-request function: / and /console → /console/ (302); a directory → its index.html; a path under /console/
 * without a file extension (a deep link of the app, /console/finance/ledger) → /console/index.html, so a reload keeps
 * the page. Assets (/console/assets/x.js) pass unchanged.
 */
export const indexRewriteCode = [
  "function handler(event) {",
  "  var request = event.request;",
  '  if (request.uri === "/" || request.uri === "/console") {',
  `    return { statusCode: 302, statusDescription: "Found", headers: { location: { value: "${consolePath}" } } };`,
  "  }",
  '  if (request.uri.endsWith("/")) {',
  '    request.uri += "index.html";',
  `  } else if (request.uri.indexOf("${consolePath}") === 0) {`,
  '    var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);',
  `    if (last.indexOf(".") === -1) request.uri = "${consolePath}index.html";`,
  "  }",
  "  return request;",
  "}",
].join("\n");

/**
 * config.js where identity is `oidc`: same-origin API; sign-in at the configured OpenID Connect issuer. `hash`
 * routing where CloudFront cannot rewrite deep links (aws-cn: no CloudFront Functions): the app is served at `/` by
 * the default root object and keeps its page in the address's fragment (/#/projects/…), so a reload keeps the page.
 */
export function oidcConsoleConfig(signIn: SignInConfig, routing: "path" | "hash" = "path"): string {
  return [
    "// Workbench: deployment settings written by CDK (infra/constructs/console-site.ts). The API is on the same origin;",
    "// sign-in is at the deployment's OpenID Connect issuer (docs/identity.md).",
    `window.jiebangConfig = ${JSON.stringify({ apiBase: "", signIn: "oidc", oidc: signIn, ...(routing === "hash" ? { routing } : {}) })};`,
    "",
  ].join("\n");
}

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly logsBucket: Bucket;
  readonly distribution: Distribution;
  /** Hosted UI (identity=cognito only). */
  readonly domain: UserPoolDomain | undefined;
  readonly client: UserPoolClient | undefined;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);

    // CloudFront standard logs need ACLs on their bucket; S3 server access logs of the site bucket go there too.
    this.logsBucket = new Bucket(this, "Logs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: "age-out-console-logs", expiration: Duration.days(400) }],
    });
    acknowledge(
      this.logsBucket,
      "AwsSolutions-S1",
      "This bucket is the sink of the console's CloudFront and S3 access logs; logging it into itself would loop. " +
        "It holds logs only, is private (all public access blocked, TLS enforced) and ages them out after 400 days.",
    );

    this.bucket = new Bucket(this, "Site", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: "site/",
      lifecycleRules: [{ id: "old-console-versions", noncurrentVersionExpiration: Duration.days(30) }],
    });

    // Partition (infra/config.ts): CloudFront in AWS China has no origin access control and no CloudFront Functions,
    // and serves nothing on *.cloudfront.cn — an alternate domain name with ICP recordal and an IAM certificate instead.
    const china = profileOf(this).partition === "aws-cn";
    const customDomain = consoleDomain(this);
    if (china && !customDomain) {
      Annotations.of(this).addWarningV2(
        "jiebang:console-domain",
        "aws-cn: CloudFront serves no content on *.cloudfront.cn; set -c jiebang:consoleDomain and " +
          "-c jiebang:consoleCertificate (an ICP-recorded name, an IAM server certificate) — docs/deploy.md",
      );
    }

    // /console/ → /console/index.html (S3 has no directory index behind OAC), deep links too; / → /console/. (aws only;
    // in aws-cn the distribution's default root object serves the app at / and its routes live in the address's
    // fragment, /#/projects/…, which reaches no server: see oidcConsoleConfig and docs/deploy.md.)
    const indexRewrite = china
      ? undefined
      : new EdgeFunction(this, "IndexRewrite", {
          runtime: FunctionRuntime.JS_2_0,
          comment: "jiebang workbench: directory index, deep links and root redirect",
          code: FunctionCode.fromInline(indexRewriteCode),
        });

    this.distribution = new Distribution(this, "Distribution", {
      comment: "jiebang 揭榜挂帅 operators' console and API",
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: china
          ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
          : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        ...(indexRewrite
          ? {
              functionAssociations: [{ function: indexRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
            }
          : {}),
      },
      ...(china ? { defaultRootObject: `${consolePath.slice(1)}index.html` } : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      additionalBehaviors: {
        // The API on the console's origin: nothing cached, every header but Host forwarded (Authorization included,
        // which CloudFront allows when caching is disabled), every method.
        "/v1/*": {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: "cloudfront/",
    });
    acknowledge(
      this.distribution,
      "AwsSolutions-CFR1",
      "No geo restriction: bureau, finance and expert users sign in while travelling, and the data is guarded by " +
        "Cognito sign-in with required MFA and role checks on every API route, not by the viewer's country.",
    );
    if (china) {
      acknowledge(
        this.distribution,
        "AwsSolutions-CFR7",
        "AWS China's CloudFront has no origin access control; an origin access identity restricts the private " +
          "console bucket to this distribution instead (bucket policy for the OAI, all public access blocked).",
      );
    }
    if (!props.webAclArn) {
      acknowledge(
        this.distribution,
        "AwsSolutions-CFR2",
        "A CloudFront web ACL exists only in us-east-1 of partition aws (AWS China has regional WAF only), so this " +
          "profile attaches none. /v1/* reaches API Gateway, whose regional WAF (rate limit per client address, AWS " +
          "common and known-bad-inputs rules) still filters every API request; the default behaviour serves only the " +
          "console's public static files.",
      );
    }
    if (customDomain) {
      // Alternate domain name and its certificate: an IAM server certificate id (AWS China: CloudFront there takes no
      // ACM certificates) or an ACM certificate ARN (us-east-1); TLS 1.2 at least.
      const distribution = this.distribution.node.defaultChild as CfnDistribution;
      distribution.addPropertyOverride("DistributionConfig.Aliases", [customDomain.domainName]);
      distribution.addPropertyOverride("DistributionConfig.ViewerCertificate", {
        ...(customDomain.certificate.startsWith("arn:")
          ? { AcmCertificateArn: customDomain.certificate }
          : { IamCertificateId: customDomain.certificate }),
        SslSupportMethod: "sni-only",
        MinimumProtocolVersion: "TLSv1.2_2021",
      });
      acknowledge(
        this.distribution,
        "AwsSolutions-CFR4",
        "The viewer certificate is set by a property override that cdk-nag does not read: SNI only, minimum " +
          "protocol TLSv1.2_2021 (tests/infra/profiles.test.ts checks the synthesized template).",
      );
    } else {
      acknowledge(
        this.distribution,
        "AwsSolutions-CFR4",
        "The distribution uses the default *.cloudfront.net certificate (no custom domain is configured), for which " +
          "CloudFront fixes the viewer TLS policy; with jiebang:consoleDomain and its certificate the policy is TLSv1.2_2021.",
      );
    }

    const host = customDomain ? customDomain.domainName : this.distribution.distributionDomainName;
    // aws-cn: the default root object serves the app at / (routes in the fragment); elsewhere at /console/.
    this.url = china ? `https://${host}/` : `https://${host}${consolePath}`;

    // Hosted UI: the pool's domain and a public client for the console (authorization code with PKCE, no secret).
    // Identity `oidc` (no user pool): the console signs in at the OIDC issuer instead (docs/identity.md).
    const userPool = "userPool" in props.identity ? props.identity.userPool : undefined;
    this.domain =
      userPool &&
      new UserPoolDomain(this, "HostedUiDomain", {
        userPool,
        cognitoDomain: { domainPrefix: authDomainPrefix(this) },
      });
    this.client =
      userPool &&
      new UserPoolClient(this, "ConsoleClient", {
        userPool,
        userPoolClientName: "jiebang-console",
        generateSecret: false,
        authFlows: { userSrp: true },
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [this.url],
          logoutUrls: [this.url],
        },
        supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
      });

    const stackOf = Stack.of(this);
    let signIn: SignInConfig;
    if (userPool && this.domain && this.client) {
      const issuer = `https://cognito-idp.${stackOf.region}.${stackOf.urlSuffix}/${userPool.userPoolId}`;
      signIn = {
        issuer,
        discoveryUrl: `${issuer}/.well-known/openid-configuration`,
        clientId: this.client.userPoolClientId,
        redirectUri: this.url,
        scope: "openid email profile",
        authorizationEndpoint: `${this.domain.baseUrl()}/oauth2/authorize`,
        tokenEndpoint: `${this.domain.baseUrl()}/oauth2/token`,
      };
    } else {
      const oidc = props.identity as Extract<IdentityConfig, { mode: "oidc" }>;
      signIn = {
        issuer: oidc.settings.issuer,
        discoveryUrl: oidc.settings.discoveryUrl,
        clientId: oidc.settings.audience[0]!,
        redirectUri: this.url,
        scope: "openid",
        ...(oidc.endpoints.authorization ? { authorizationEndpoint: oidc.endpoints.authorization } : {}),
        ...(oidc.endpoints.token ? { tokenEndpoint: oidc.endpoints.token } : {}),
      };
    }

    // The files, with config.js written for AWS; no-cache makes CloudFront revalidate (ETag), so no invalidation.
    // CDK's copy function runs with this role, which CDK may not widen: read this app's assets, write console/ only.
    const stack = Stack.of(this);
    const deployLogs = new LogGroup(this, "DeployLogs", { retention: logRetention });
    const deployRole = new Role(this, "DeployRole", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: "jiebang: copies the console's files into the console bucket during deployments",
    });
    const assetObjects = `arn:${stack.partition}:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`;
    const consoleObjects = this.bucket.arnForObjects(`${consolePath.slice(1)}*`);
    const deployPolicy = new Policy(this, "DeployPolicy", {
      roles: [deployRole],
      statements: [
        new PolicyStatement({ sid: "ReadAssets", actions: ["s3:GetObject"], resources: [assetObjects] }),
        new PolicyStatement({
          sid: "SyncConsoleFiles",
          actions: ["s3:PutObject", "s3:DeleteObject"],
          resources: [consoleObjects],
        }),
        new PolicyStatement({
          sid: "ListConsoleBucket",
          actions: ["s3:ListBucket"],
          resources: [this.bucket.bucketArn],
        }),
      ],
    });
    deployLogs.grantWrite(deployRole);
    const why =
      "CDK's BucketDeployment function runs only during deployments (a CloudFormation custom resource) and copies the " +
      "console's files from the CDK asset bucket into the console bucket";
    acknowledgeWildcardResource(
      deployPolicy,
      assetObjects,
      `${why}; it reads this app's uploaded zip objects from the CDK bootstrap asset bucket, whose keys are content hashes.`,
    );
    acknowledgeWildcardResource(
      deployPolicy,
      consoleObjects,
      `${why}; it writes and prunes the console's files, the objects under console/ and nothing else.`,
    );
    const deployment = new BucketDeployment(this, "Deploy", {
      role: deployRole.withoutPolicyUpdates(),
      logGroup: deployLogs,
      sources: [
        Source.asset(builtWebApp(), { exclude: ["config.js", "config.json"] }),
        Source.data(
          "config.js",
          this.domain && this.client
            ? consoleConfig({
                domain: this.domain.baseUrl(),
                clientId: this.client.userPoolClientId,
                redirectUri: this.url,
              })
            : oidcConsoleConfig(signIn, china ? "hash" : "path"),
        ),
        Source.jsonData("config.json", signIn),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: consolePath.slice(1),
      cacheControl: [CacheControl.noCache()],
      prune: true,
      memoryLimit: 256,
    });

    deployment.node.addDependency(deployPolicy);
    const handler = stack.node.children.find((c) => c.node.id.startsWith(deploymentHandlerPrefix));
    if (!handler) throw new Error("BucketDeployment's function was not found in the stack");
    acknowledge(
      handler,
      "AwsSolutions-L1",
      `${why}; its Python runtime is pinned by the aws-cdk-lib version and moves forward when aws-cdk-lib is upgraded.`,
    );

    new CfnOutput(stack, "ConsoleUrl", {
      value: this.url,
      description: "The operators' console (Hosted UI sign-in)",
    });
    if (this.domain && this.client) {
      new CfnOutput(stack, "HostedUiUrl", {
        value: this.domain.baseUrl(),
        description: "Cognito Hosted UI sign-in (the stack's region)",
      });
      new CfnOutput(stack, "ConsoleClientId", { value: this.client.userPoolClientId });
    }
  }
}

/** web/dist, which must be built before synthesis (npm run web:build; the infra tests build it once). */
function builtWebApp(): string {
  if (!existsSync(path.join(webDist, "index.html"))) {
    throw new Error("web/dist is missing: build the workbench first (npm run web:build)");
  }
  return webDist;
}

/** The id of the stack-level singleton function that CDK's BucketDeployment uses to copy files into buckets. */
export const deploymentHandlerPrefix = "Custom::CDKBucketDeployment";
