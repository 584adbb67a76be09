import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import type { NodeFunction } from "./node-function";

export interface HttpsEgress {
  /** Why the functions may call this destination (the rule's description). */
  readonly description: string;
  /** A managed prefix list (e.g. a gateway endpoint's), or... */
  readonly prefixListId?: string;
  /** ...an IPv4 CIDR. */
  readonly cidr?: string;
}

export interface VpcFunctionsProps {
  /** Physical name of the functions' security group. */
  readonly securityGroupName: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The only destinations the functions may reach, on HTTPS (443). */
  readonly egress: readonly HttpsEgress[];
  readonly functions: readonly NodeFunction[];
}

/**
 * Puts functions inside a VPC: their own security group with no ingress and HTTPS egress only to the listed
 * destinations, the subnets, and the network-interface permissions Lambda needs to attach them (the actions of
 * AWSLambdaVPCAccessExecutionRole; EC2's Describe actions support no resource scoping, hence `*`).
 */
export class VpcFunctions extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcFunctionsProps) {
    super(scope, id);
    if (props.subnetIds.length === 0)
      throw new Error("subnetIds is empty: give the subnets for the functions");
    if (props.egress.length === 0) {
      throw new Error("egress is empty: list what the functions call (e.g. the DynamoDB gateway endpoint)");
    }
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: props.securityGroupName,
      description: "Lambda functions in the VPC: HTTPS egress to listed destinations only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    });
    props.egress.forEach((egress, index) => {
      if ((egress.prefixListId === undefined) === (egress.cidr === undefined)) {
        throw new Error(`egress "${egress.description}" needs exactly one of prefixListId and cidr`);
      }
      if (egress.cidr === "0.0.0.0/0") {
        throw new Error(
          `egress "${egress.description}" is open to the internet: name the destination instead`,
        );
      }
      new VpcSecurityGroupEgressRule(this, `Https${index}`, {
        securityGroupId: this.securityGroup.id,
        description: egress.description,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        prefixListId: egress.prefixListId,
        cidrIpv4: egress.cidr,
      });
    });
    for (const fn of props.functions) {
      fn.resource.putVpcConfig({
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
      });
      fn.addToPolicy({
        Sid: "VpcNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSubnets",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: "*",
      });
    }
  }
}

export interface DynamoDbGatewayEndpointProps {
  readonly region: string;
  readonly vpcId: string;
  readonly routeTableIds: readonly string[];
  /** Tables reachable through the endpoint (its policy admits nothing else). */
  readonly tableArns: readonly string[];
}

/**
 * A DynamoDB gateway endpoint (free): routes to DynamoDB in the subnets' route tables, so functions in a VPC
 * without NAT reach their table; its policy limits it to item access on the listed tables.
 */
export class DynamoDbGatewayEndpoint extends Construct {
  readonly endpoint: VpcEndpoint;
  /** The managed prefix list of DynamoDB's addresses (for security-group egress rules). */
  readonly prefixListId: string;

  constructor(scope: Construct, id: string, props: DynamoDbGatewayEndpointProps) {
    super(scope, id);
    if (props.tableArns.length === 0)
      throw new Error("tableArns is empty: list the tables the functions use");
    this.endpoint = new VpcEndpoint(this, "Resource", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.dynamodb`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.routeTableIds],
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ItemAccessToOwnTables",
            Effect: "Allow",
            Principal: "*",
            Action: [
              "dynamodb:GetItem",
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:Query",
              "dynamodb:Scan",
            ],
            Resource: props.tableArns.flatMap((arn) => [arn, `${arn}/index/*`]),
          },
        ],
      }),
    });
    this.prefixListId = this.endpoint.prefixListId;
  }
}
