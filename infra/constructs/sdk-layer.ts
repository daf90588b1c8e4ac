// CDK construct (infra/constructs): the pinned AWS SDK and Powertools layer shared by every catalog function (built by
// infra/sdk-layer.ts with esbuild, locally, no Docker); functions import it as `jiebang-aws-sdk/<module>`.
import { AssetHashType, DockerImage } from "aws-cdk-lib";
import { Architecture, Code, LayerVersion } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { buildSdkLayer } from "../sdk-layer.ts";
import { lambdaRuntime, projectRoot } from "./catalog-function.ts";

export class SdkLayer extends Construct {
  readonly layer: LayerVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new LayerVersion(this, "Layer", {
      description:
        "AWS SDK for JavaScript v3 and Powertools for AWS Lambda at the versions of package-lock.json, " +
        "pre-bundled (jiebang-aws-sdk)",
      compatibleRuntimes: [lambdaRuntime],
      compatibleArchitectures: [Architecture.ARM_64],
      code: Code.fromAsset(projectRoot, {
        // The content depends only on the built output (SDK versions and the names the functions import).
        assetHashType: AssetHashType.OUTPUT,
        exclude: ["*"],
        bundling: {
          image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:22-slim"),
          local: {
            tryBundle(outputDir: string) {
              buildSdkLayer(projectRoot, outputDir);
              return true;
            },
          },
        },
      }),
    });
  }
}
