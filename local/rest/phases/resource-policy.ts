/**
 * REST step 4 (docs/gateway-behavior.md §0, §8.8): the API's resource policy, evaluated for
 * `execute-api:Invoke` on the method ARN with the VPC endpoint, VPC and source IP of the call. An explicit Deny
 * is a 403; no Allow is a 403 too, except on IAM-authorized methods, where the caller's signature decides
 * (checked after the authorizer).
 */

import { GatewayError } from "../../pipeline/errors";
import { type ConditionContext, evaluatePolicy } from "../../policy";
import type { RestContext } from "../context";

/** Condition keys of the call: the VPC endpoint it came through (a header simulates another), the VPC, the IP. */
export function conditionContext(ctx: RestContext): ConditionContext {
  const { model, vpcId, runtime } = ctx.api;
  const override = ctx.header(runtime.services.options.rest.sourceVpceHeader);
  const vpce = override ?? (model.endpointType === "PRIVATE" ? model.vpcEndpointIds[0] : undefined);
  return {
    "aws:SourceVpce": vpce,
    "aws:SourceVpc": override === undefined ? vpcId : undefined,
    "aws:SourceIp": ctx.sourceIp,
  };
}

export function restResourcePolicy(ctx: RestContext): void {
  const policy = ctx.api.model.policy;
  if (!policy) return;
  const { accountId } = ctx.api.runtime.refs;
  const decision = evaluatePolicy(policy, "execute-api:Invoke", ctx.methodArn, conditionContext(ctx));
  if (decision === "allow") return;
  const masked = ctx.methodArn.replace(`:${accountId}:`, `:********${accountId.slice(-4)}:`);
  if (decision === "deny") {
    throw new GatewayError("ACCESS_DENIED", "resource policy: explicit deny", {
      message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${masked} with an explicit deny`,
    });
  }
  if (ctx.restMethod?.authorization !== "AWS_IAM") {
    throw new GatewayError("ACCESS_DENIED", "resource policy: no Allow", {
      message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${masked}`,
    });
  }
  ctx.policyImplicitDeny = true;
}
