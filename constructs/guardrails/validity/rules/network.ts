/** VPC, subnets, route tables, security groups and rules, VPC endpoints, and their data sources: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, between, type Constraint, json, length, oneOf, pattern } from "../constraints";
import { type AttributeRule, attributes, type BlockRule, oneOfKeys, type ValidityRule } from "../rule";

const EC2 = "ec2 2016-11-15";
const ID_SOURCE = "Amazon EC2 User Guide, Resource IDs (a prefix, a hyphen and 8 or 17 characters)";

/** An EC2 resource id: the type's prefix and 8 or 17 hexadecimal characters. */
const ec2Id = (prefix: string) =>
  pattern(new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), `an id like ${prefix}-0123456789abcdef0`);

/** An IPv4 network in CIDR notation (no host bits set), with a prefix length in [min, max]. */
function ipv4Network(min: number, max: number): Constraint {
  return {
    describe: `an IPv4 network address in CIDR notation from /${min} to /${max}`,
    test: (value) => {
      const match =
        typeof value === "string" && /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
      if (!match) return false;
      const octets = match.slice(1, 5).map(Number);
      const prefix = Number(match[5]);
      if (octets.some((octet) => octet > 255) || prefix < min || prefix > max) return false;
      const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
      return address % 2 ** (32 - prefix) === 0;
    },
  };
}

/** Security group names and descriptions: EC2's character set for VPC security groups. */
const GROUP_CHARACTERS = pattern(
  /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/,
  "letters, digits, spaces and . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *",
);

/** EC2 tags: keys of 1-127 characters not starting with aws:, values of at most 256. */
function ec2Tags(type: string): AttributeRule[] {
  return attributes(type, [
    {
      attribute: "tags.@key",
      constraint: all(length(1, 127), pattern(/^(?!aws:)/i, "not starting with aws:")),
      source: { api: `${EC2} Tag.Key (at most 127 Unicode characters, may not begin with aws:)` },
      bad: "aws:name",
    },
    {
      attribute: "tags.*",
      constraint: length(0, 256),
      source: { api: `${EC2} Tag.Value (at most 256 Unicode characters)` },
      bad: "x".repeat(257),
    },
  ]);
}

/** Security group rules: the protocol, a port range for tcp/udp/icmp, from before to. */
function ruleRules(type: string, description: Constraint, descriptionSource: string): ValidityRule[] {
  const file = `internal/service/ec2/${type === "aws_vpc_security_group_ingress_rule" ? "vpc_security_group_ingress_rule.go" : "vpc_security_group_egress_rule.go"}`;
  const portRange: BlockRule = {
    kind: "block",
    type,
    block: "",
    name: "a port range from from_port to to_port for tcp, udp and icmp",
    source: {
      api: `${EC2} IpPermission.IpProtocol, FromPort, ToPort (tcp, udp and icmp need a port range; from is its start, to its end)`,
    },
    bad: { from_port: 443, to_port: 80 },
    check: (rule) => {
      const protocol = String(rule.ip_protocol ?? "").toLowerCase();
      if (!["tcp", "udp", "icmp", "6", "17", "1"].includes(protocol)) return undefined;
      const { from_port: from, to_port: to } = rule;
      if (typeof from !== "number" || typeof to !== "number")
        return `${protocol} needs from_port and to_port`;
      return protocol.startsWith("icmp") || protocol === "1" || from <= to
        ? undefined
        : `from_port ${from} is after to_port ${to}`;
    },
  };
  return [
    ...attributes(type, [
      {
        attribute: "ip_protocol",
        constraint: pattern(
          /^(tcp|udp|icmp|icmpv6|-1|([01]?\d?\d|2[0-4]\d|25[0-5]))$/i,
          "tcp, udp, icmp, icmpv6, -1 or a protocol number 0-255",
        ),
        source: {
          provider: `${file}: ip_protocol Required (NormalizeIPProtocol)`,
          api: `${EC2} SecurityGroupRuleRequest.IpProtocol (name, number, or -1 for all)`,
        },
        bad: "https",
      },
      ...(["from_port", "to_port"] as const).map((attribute) => ({
        attribute,
        constraint: between(-1, 65535),
        source: { provider: `${file}: ${attribute} int64validator.Between(-1, 65535)` },
        bad: 65536,
      })),
      {
        attribute: "description",
        constraint: all(length(0, 255), description),
        source: { api: descriptionSource },
        bad: "HTTPS <from the VPC>",
      },
      {
        attribute: "cidr_ipv4",
        constraint: ipv4Network(0, 32),
        source: { provider: `${file}: cidr_ipv4 fwvalidators.IPv4CIDRNetworkAddress` },
        bad: "10.40.0.1/16",
      },
      {
        attribute: "security_group_id",
        constraint: ec2Id("sg"),
        source: { api: ID_SOURCE },
        bad: "functions",
      },
    ]),
    oneOfKeys(
      type,
      "",
      ["cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id"],
      {
        provider: `${file}: ConfigValidators ExactlyOneOf(cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id)`,
      },
      { cidr_ipv6: "::/0", cidr_ipv4: "10.0.0.0/16" },
    ),
    portRange,
  ];
}

/** Which endpoint types take which arguments (CreateVpcEndpoint documents each argument's endpoint types). */
const endpointArgumentsMatchType: BlockRule = {
  kind: "block",
  type: "aws_vpc_endpoint",
  block: "",
  name: "arguments of the endpoint's type only",
  source: {
    api: `${EC2} CreateVpcEndpointRequest.RouteTableIds (Gateway), SubnetIds (Interface, GatewayLoadBalancer), SecurityGroupIds and PrivateDnsEnabled (Interface)`,
  },
  bad: { vpc_endpoint_type: "Gateway", private_dns_enabled: true, subnet_ids: ["subnet-0123456789abcdef0"] },
  check: (endpoint) => {
    const type = String(endpoint.vpc_endpoint_type ?? "Gateway"); // the provider's default
    const has = (key: string) =>
      endpoint[key] !== undefined &&
      endpoint[key] !== null &&
      !(Array.isArray(endpoint[key]) && endpoint[key].length === 0);
    const allowedFor: Record<string, string[]> = {
      route_table_ids: ["Gateway"],
      subnet_ids: ["Interface", "GatewayLoadBalancer", "Resource", "ServiceNetwork"],
      security_group_ids: ["Interface", "Resource", "ServiceNetwork"],
    };
    const misplaced = Object.entries(allowedFor)
      .filter(([key, types]) => has(key) && !types.includes(type))
      .map(([key]) => key);
    if (endpoint.private_dns_enabled === true && type !== "Interface") misplaced.push("private_dns_enabled");
    return misplaced.length > 0 ? `${misplaced.join(", ")} set on a ${type} endpoint` : undefined;
  },
};

const dnsHostnamesNeedDnsSupport: BlockRule = {
  kind: "block",
  type: "aws_vpc",
  block: "",
  name: "enable_dns_hostnames requires enable_dns_support",
  source: { api: `${EC2} ModifyVpcAttributeRequest.EnableDnsHostnames (only with DNS support enabled)` },
  bad: { enable_dns_support: false },
  check: (vpc) =>
    vpc.enable_dns_hostnames === true && vpc.enable_dns_support === false
      ? "enable_dns_hostnames is true while enable_dns_support is false"
      : undefined,
};

const ZONE_FILTERS = [
  "group-long-name",
  "group-name",
  "message",
  "opt-in-status",
  "parent-zone-id",
  "parent-zone-name",
  "region-name",
  "state",
  "zone-id",
  "zone-name",
  "zone-type",
];

const zoneTypeValues: BlockRule = {
  kind: "block",
  type: "data.aws_availability_zones",
  block: "filter",
  name: "zone-type values availability-zone, local-zone or wavelength-zone",
  source: {
    api: `${EC2} DescribeAvailabilityZonesRequest.Filters (zone-type: availability-zone | local-zone | wavelength-zone)`,
  },
  bad: { name: "zone-type", values: ["availability_zone"] },
  check: (filter) => {
    if (filter.name !== "zone-type" || !Array.isArray(filter.values)) return undefined;
    const wrong = filter.values.filter(
      (value) => !["availability-zone", "local-zone", "wavelength-zone"].includes(String(value)),
    );
    return wrong.length > 0 ? `zone-type value ${JSON.stringify(wrong[0])} is not a zone type` : undefined;
  },
};

export const networkRules: ValidityRule[] = [
  ...attributes("aws_vpc", [
    {
      attribute: "cidr_block",
      constraint: ipv4Network(16, 28),
      source: {
        provider: "internal/service/ec2/vpc_.go: cidr_block validation.IsCIDRNetwork(16, 28)",
        api: `${EC2} CreateVpcRequest.CidrBlock`,
      },
      bad: "10.40.0.0/8",
    },
  ]),
  ...ec2Tags("aws_vpc"),
  dnsHostnamesNeedDnsSupport,
  ...attributes("aws_subnet", [
    {
      attribute: "cidr_block",
      constraint: ipv4Network(16, 28),
      source: {
        provider: "internal/service/ec2/vpc_subnet.go: cidr_block verify.ValidIPv4CIDRNetworkAddress",
        api: "Amazon VPC User Guide, Subnet CIDR blocks (between /16 and /28)",
      },
      bad: "10.40.0.1/18",
    },
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: { provider: "internal/service/ec2/vpc_subnet.go: vpc_id Required", api: ID_SOURCE },
      bad: "vpc-main",
    },
  ]),
  ...ec2Tags("aws_subnet"),
  ...attributes("aws_route_table", [
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: { api: ID_SOURCE },
      bad: "default",
    },
  ]),
  ...ec2Tags("aws_route_table"),
  ...attributes("aws_route_table_association", [
    {
      attribute: "route_table_id",
      constraint: ec2Id("rtb"),
      source: {
        provider: "internal/service/ec2/vpc_route_table_association.go: route_table_id Required",
        api: ID_SOURCE,
      },
      bad: "main",
    },
    {
      attribute: "subnet_id",
      constraint: ec2Id("subnet"),
      source: { api: ID_SOURCE },
      bad: "subnet-0",
    },
  ]),
  oneOfKeys(
    "aws_route_table_association",
    "",
    ["subnet_id", "gateway_id"],
    { provider: "internal/service/ec2/vpc_route_table_association.go: subnet_id, gateway_id ExactlyOneOf" },
    { gateway_id: "igw-0123456789abcdef0" },
  ),
  ...attributes("aws_security_group", [
    {
      attribute: "name",
      constraint: all(length(0, 255), pattern(/^(?!sg-)/, "not starting with sg-"), GROUP_CHARACTERS),
      source: {
        provider:
          "internal/service/ec2/vpc_security_group.go: name StringLenBetween(0, 255), StringDoesNotMatch(^sg-)",
        api: `${EC2} CreateSecurityGroupRequest.GroupName (up to 255, not sg-, EC2 character set)`,
      },
      bad: "sg-functions",
    },
    {
      attribute: "description",
      constraint: all(length(0, 255), GROUP_CHARACTERS),
      source: {
        provider: "internal/service/ec2/vpc_security_group.go: description StringLenBetween(0, 255)",
        api: `${EC2} CreateSecurityGroupRequest.Description (up to 255, EC2 character set)`,
      },
      bad: "Lambda functions in the VPC: HTTPS egress to <listed destinations>",
    },
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: { api: ID_SOURCE },
      bad: "vpc-123",
    },
  ]),
  ...attributes("aws_default_security_group", [
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: { api: ID_SOURCE },
      bad: "vpc-123",
    },
  ]),
  ...ec2Tags("aws_default_security_group"),
  ...ruleRules(
    "aws_vpc_security_group_ingress_rule",
    GROUP_CHARACTERS,
    `${EC2} IpRange.Description (up to 255, a-z A-Z 0-9 spaces ._-:/()#,@[]+=&;{}!$*)`,
  ),
  ...ruleRules(
    "aws_vpc_security_group_egress_rule",
    pattern(
      /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]*$/,
      "letters, digits, spaces and . _ - : / ( ) # , @ [ ] + = ; { } ! $ *",
    ),
    `${EC2} PrefixListId.Description (up to 255, a-z A-Z 0-9 spaces ._-:/()#,@[]+=;{}!$*)`,
  ),
  ...attributes("aws_vpc_endpoint", [
    {
      attribute: "service_name",
      constraint: pattern(
        /^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.[a-z0-9.-]+$/,
        "com.amazonaws.<region>.<service> (or a vpce-svc service name)",
      ),
      source: {
        provider: "internal/service/ec2/vpc_endpoint.go: service_name",
        api: "AWS PrivateLink Guide, AWS services that integrate with AWS PrivateLink (service names com.amazonaws.region.service)",
      },
      bad: "execute-api",
    },
    {
      attribute: "vpc_endpoint_type",
      constraint: oneOf(["Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork"]),
      source: {
        provider:
          "internal/service/ec2/vpc_endpoint.go: vpc_endpoint_type enum.Validate[awstypes.VpcEndpointType]",
        api: `${EC2} VpcEndpointType`,
      },
      bad: "PrivateLink",
    },
    {
      attribute: "policy",
      constraint: all(json, length(1, 20_480)),
      source: {
        provider:
          "internal/service/ec2/vpc_endpoint.go: policy sdkv2.IAMPolicyDocumentSchemaOptionalComputed",
        api: `${EC2} CreateVpcEndpointRequest.PolicyDocument (valid JSON); AWS PrivateLink Guide, endpoint policies (at most 20,480 characters)`,
      },
      bad: "{Version: 2012-10-17}",
    },
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: { provider: "internal/service/ec2/vpc_endpoint.go: vpc_id Required", api: ID_SOURCE },
      bad: "vpc-123",
    },
    {
      attribute: "subnet_ids",
      each: true,
      constraint: ec2Id("subnet"),
      source: { api: ID_SOURCE },
      bad: "private-a",
    },
    {
      attribute: "security_group_ids",
      each: true,
      constraint: ec2Id("sg"),
      source: { api: ID_SOURCE },
      bad: "default",
    },
    {
      attribute: "route_table_ids",
      each: true,
      constraint: ec2Id("rtb"),
      source: { api: ID_SOURCE },
      bad: "main",
    },
  ]),
  endpointArgumentsMatchType,
  ...attributes("data.aws_vpc", [
    {
      attribute: "id",
      constraint: ec2Id("vpc"),
      source: { provider: "internal/service/ec2/vpc_data_source.go: id Optional", api: ID_SOURCE },
      fix: "set APIGW_REST_PRIVATE_VPC_ID to an id like vpc-0123456789abcdef0 (8 or 17 hexadecimal characters)",
      bad: "vpc-0123456789",
    },
  ]),
  ...attributes("data.aws_route_tables", [
    {
      attribute: "vpc_id",
      constraint: ec2Id("vpc"),
      source: {
        provider: "internal/service/ec2/vpc_route_tables_data_source.go: vpc_id Optional",
        api: ID_SOURCE,
      },
      bad: "vpc-0123456789",
    },
  ]),
  ...attributes("data.aws_availability_zones", [
    {
      attribute: "state",
      constraint: oneOf(["available", "information", "impaired", "unavailable", "constrained"]),
      source: {
        provider:
          "internal/service/ec2/ec2_availability_zones_data_source.go: state enum.Validate[awstypes.AvailabilityZoneState]",
        api: `${EC2} AvailabilityZoneState`,
      },
      bad: "up",
    },
    {
      attribute: "filter.name",
      constraint: oneOf(ZONE_FILTERS),
      source: { api: `${EC2} DescribeAvailabilityZonesRequest.Filters (the documented filter names)` },
      bad: "zone_type",
    },
  ]),
  zoneTypeValues,
];
