import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { Construct } from "constructs";
import { type PolicyStatement, policyDocument } from "./iam";

export interface RestOperatorPolicyProps {
  /** Physical policy name. */
  readonly policyName: string;
  /** @default - none */
  readonly description?: string;
  /** ARNs of the AWS_IAM methods operators may call (`RestApi.methodArn`). @default - none */
  readonly invokeArns?: readonly string[];
  /** ARNs of the cached methods whose answers operators may bypass (`Cache-Control: max-age=0`). @default - none */
  readonly invalidateCacheArns?: readonly string[];
}

/**
 * A customer-managed IAM policy to attach to the people or roles who operate a REST API: invoke its AWS_IAM
 * methods, and invalidate cached answers. The policy itself is the resource (no child), so its address is
 * the construct's.
 */
export class RestOperatorPolicy extends IamPolicy {
  constructor(scope: Construct, id: string, props: RestOperatorPolicyProps) {
    const invoke = props.invokeArns ?? [];
    const invalidate = props.invalidateCacheArns ?? [];
    if (invoke.length === 0 && invalidate.length === 0) {
      throw new Error(
        `operator policy "${props.policyName}" would grant nothing: give invokeArns (the AWS_IAM methods) or invalidateCacheArns, or do not create it`,
      );
    }
    const statements: PolicyStatement[] = [];
    if (invoke.length > 0) {
      statements.push({
        Sid: "AdminRoutes",
        Effect: "Allow",
        Action: ["execute-api:Invoke"],
        Resource: invoke,
      });
    }
    if (invalidate.length > 0) {
      statements.push({
        Sid: "InvalidateCache",
        Effect: "Allow",
        Action: ["execute-api:InvalidateCache"],
        Resource: invalidate,
      });
    }
    super(scope, id, {
      name: props.policyName,
      description: props.description,
      policy: policyDocument(statements),
    });
  }
}
