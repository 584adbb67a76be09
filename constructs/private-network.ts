import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsRouteTables } from "@cdktf/provider-aws/lib/data-aws-route-tables";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export type PrivateNetworkProps =
  | {
      /** Create a VPC with `subnetCount` private subnets, one per AZ. */
      readonly create: true;
      /** Physical name (Name tag) of the VPC and its parts. */
      readonly networkName: string;
      /** IPv4 CIDR of the VPC, /16 to /24. */
      readonly cidr: string;
      /** @default 2 */
      readonly subnetCount?: number;
    }
  | {
      /** Use an existing VPC. */
      readonly create: false;
      readonly vpcId: string;
      /** Its subnets for the endpoint (and in-VPC functions); two AZs or more for availability. */
      readonly subnetIds: readonly string[];
    };

/**
 * The network of a private API: either a new VPC (DNS support and DNS hostnames on, as private DNS for
 * interface endpoints requires; private subnets in distinct AZs with their own route table; no internet
 * gateway, no NAT; the default security group stripped of every rule) or an existing VPC and subnets, looked up
 * for its CIDR and route tables.
 */
export class PrivateNetwork extends Construct {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly subnetIds: string[];
  /** Route tables of the subnets (a gateway endpoint adds its routes there). */
  readonly routeTableIds: string[];
  readonly vpc?: Vpc;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    if (!props.create) {
      if (!/^vpc-[0-9a-f]+$/.test(props.vpcId) && !props.vpcId.startsWith("${")) {
        throw new Error(`vpcId "${props.vpcId}" is invalid: give an id like "vpc-0123456789abcdef0"`);
      }
      if (props.subnetIds.length === 0) {
        throw new Error(
          `vpc "${props.vpcId}" has no subnetIds: list the subnets for the execute-api endpoint`,
        );
      }
      const existing = new DataAwsVpc(this, "Vpc", { id: props.vpcId });
      const routeTables = new DataAwsRouteTables(this, "RouteTables", { vpcId: props.vpcId });
      this.vpcId = props.vpcId;
      this.cidrBlock = existing.cidrBlock;
      this.subnetIds = [...props.subnetIds];
      this.routeTableIds = routeTables.ids;
      return;
    }

    const count = props.subnetCount ?? 2;
    const cidrs = subnetCidrs(props.cidr, count);
    const vpc = new Vpc(this, "Resource", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.networkName },
    });
    this.vpc = vpc;
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: vpc.id,
      tags: { Name: `${props.networkName}-default-unused` },
    });
    const zones = new DataAwsAvailabilityZones(this, "Zones", {
      state: "available",
      filter: [{ name: "zone-type", values: ["availability-zone"] }],
    });
    const routeTable = new RouteTable(this, "RouteTable", {
      vpcId: vpc.id,
      tags: { Name: `${props.networkName}-private` },
    });
    this.subnetIds = cidrs.map((cidrBlock, index) => {
      const subnet = new Subnet(this, `Subnet${index}`, {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: Fn.element(zones.names, index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.networkName}-subnet-${index}` },
      });
      new RouteTableAssociation(this, `Subnet${index}Routes`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      return subnet.id;
    });
    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;
    this.routeTableIds = [routeTable.id];
  }
}

/** The first `count` equal subnets of `cidr`, each 2 bits longer (a quarter of the VPC). */
export function subnetCidrs(cidr: string, count: number): string[] {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) throw new Error(`cidr "${cidr}" is invalid: use an IPv4 network such as "10.40.0.0/16"`);
  const prefix = Number(match[5]);
  if (prefix < 16 || prefix > 24) throw new Error(`cidr "${cidr}" is /${prefix}: use /16 to /24`);
  if (!Number.isInteger(count) || count < 1 || count > 4) {
    throw new Error(`subnetCount ${count} is invalid: use 1 to 4 (each subnet is a quarter of the VPC)`);
  }
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix - 2);
  return Array.from({ length: count }, (_, index) => {
    const start = base + index * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix + 2}`;
  });
}
