import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";

export interface ExecuteApiEndpointProps {
  /** Physical name of the security group. */
  readonly securityGroupName: string;
  readonly region: string;
  readonly vpcId: string;
  /** CIDR allowed to call the API (HTTPS only); the VPC's. */
  readonly clientCidr: string;
  readonly subnetIds: readonly string[];
}

/**
 * The interface VPC endpoint (PrivateLink) for `execute-api` with private DNS, so
 * `https://<api id>.execute-api.<region>.amazonaws.com` resolves to it inside the VPC, and a security group
 * that admits HTTPS from the VPC's CIDR only and has no egress rule (an endpoint only answers).
 * Note: with private DNS on, the VPC can no longer reach public (regional/edge) APIs on their default
 * execute-api host names; use their custom domains from inside the VPC.
 */
export class ExecuteApiEndpoint extends Construct {
  readonly endpoint: VpcEndpoint;
  readonly securityGroup: SecurityGroup;
  readonly id: string;

  constructor(scope: Construct, id: string, props: ExecuteApiEndpointProps) {
    super(scope, id);
    if (props.subnetIds.length === 0)
      throw new Error("subnetIds is empty: give the subnets for the endpoint");
    if (props.clientCidr === "0.0.0.0/0" || props.clientCidr === "::/0") {
      throw new Error(`clientCidr "${props.clientCidr}" is open to the internet: use the VPC's CIDR`);
    }
    // Terraform removes the allow-all egress rule AWS adds to a new group; none is declared here.
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: props.securityGroupName,
      description: "execute-api interface endpoint: HTTPS from the VPC only",
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
    });
    new VpcSecurityGroupIngressRule(this, "HttpsFromVpc", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from clients in the VPC to the private API",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.clientCidr,
    });
    this.endpoint = new VpcEndpoint(this, "Resource", {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.execute-api`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.id],
    });
    this.id = this.endpoint.id;
  }
}
