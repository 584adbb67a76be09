import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { CoreSettings } from "../config/settings";

/**
 * The stack's AWS provider: its region, and default tags on every resource so cost and ownership are always
 * attributable (project, stack, environment, then the user's own tags, which may override ours).
 */
export function awsProvider(
  scope: Construct,
  stackId: string,
  settings: Pick<CoreSettings, "region" | "environment" | "tags">,
): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: settings.region,
    defaultTags: [
      {
        tags: {
          project: "apigw-stacks",
          stack: stackId,
          environment: settings.environment,
          "managed-by": "cdktf",
          ...settings.tags,
        },
      },
    ],
  });
}
