import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import type { Construct } from "constructs";
import { name } from "../config/names";
import { partitionOf } from "../config/partition";
import type { CoreSettings } from "../config/settings";
import { ApiGatewayAccountRole } from "../constructs/api-gateway-account";

/**
 * Creates the account logging role when `stackId` owns it (setting `cloudwatchRoleOwner`) and returns the
 * resource stages must `dependsOn`; returns undefined in every other stack (the role is then expected to
 * exist already: deploy the owner first, or manage it outside with `external`).
 */
export function accountLoggingRole(
  scope: Construct,
  stackId: string,
  settings: Pick<CoreSettings, "cloudwatchRoleOwner" | "namePrefix" | "environment" | "region">,
): ApiGatewayAccount | undefined {
  if (settings.cloudwatchRoleOwner !== stackId) return undefined;
  const role = new ApiGatewayAccountRole(scope, "ApiGatewayAccountRole", {
    roleName: name(settings, "apigw-cloudwatch", settings.region),
    partition: partitionOf(settings.region),
  });
  return role.account;
}
