import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { arn, type Partition } from "../config/partition";
import { serviceTrustPolicy } from "./iam";

export interface ApiGatewayAccountRoleProps {
  /** Physical name of the role. */
  readonly roleName: string;
  /** Partition of the account (the managed policy's ARN names it). */
  readonly partition: Partition;
}

/**
 * The account-and-region-wide setting that lets API Gateway write REST and WebSocket execution/access logs:
 * `aws_api_gateway_account.cloudwatch_role_arn`. There must be exactly one per account and region (a second
 * one overwrites the first), so exactly one stack owns it (setting `APIGW_CLOUDWATCH_ROLE_OWNER`); the other
 * stacks' stages assume it exists. Destroying it leaves the setting in place.
 */
export class ApiGatewayAccountRole extends Construct {
  readonly account: ApiGatewayAccount;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "Role", {
      name: props.roleName,
      assumeRolePolicy: serviceTrustPolicy("apigateway.amazonaws.com"),
    });
    // The AWS-managed policy API Gateway documents for this role; it needs log-group creation on `*`
    // because API Gateway names execution log groups itself (API-Gateway-Execution-Logs_<api>/<stage>).
    const attachment = new IamRolePolicyAttachment(this, "PushToCloudWatchLogs", {
      role: this.role.name,
      policyArn: arn(
        props.partition,
        "iam",
        "",
        "aws",
        "policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
      ),
    });
    this.account = new ApiGatewayAccount(this, "Resource", {
      cloudwatchRoleArn: this.role.arn,
      dependsOn: [attachment],
    });
  }
}
