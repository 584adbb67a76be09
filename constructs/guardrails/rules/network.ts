/** Security group and VPC rules; see docs/security-baseline.md "VPC endpoint / security groups" and cdk-nag EC23/EC27. */
import { at, each } from "../../../tfjson/blocks";
import type { ResourceView, Rule, StackView } from "../model";

const GROUP = "aws_security_group";
const INGRESS = ["aws_vpc_security_group_ingress_rule", "aws_security_group_rule"];
const EGRESS = ["aws_vpc_security_group_egress_rule", "aws_security_group_rule"];
const OPEN = ["0.0.0.0/0", "::/0"];

/** A rule's sources: CIDRs, and whether it names a group or prefix list instead. */
function sources(rule: Record<string, unknown>): { cidrs: string[]; other: boolean } {
  const cidrs = [
    rule.cidr_ipv4,
    rule.cidr_ipv6,
    ...((rule.cidr_blocks as string[]) ?? []),
    ...((rule.ipv6_cidr_blocks as string[]) ?? []),
  ].filter((cidr): cidr is string => typeof cidr === "string");
  const other = Boolean(
    rule.referenced_security_group_id ||
      rule.source_security_group_id ||
      rule.prefix_list_id ||
      rule.prefix_list_ids ||
      rule.self,
  );
  return { cidrs, other };
}

/** Inline and separate rules of a group, by direction. */
function rulesOf(
  group: ResourceView,
  stack: StackView,
  direction: "ingress" | "egress",
): Record<string, unknown>[] {
  const separate = (direction === "ingress" ? INGRESS : EGRESS)
    .flatMap((type) => stack.referencing(group, type))
    .filter((rule) => rule.type !== "aws_security_group_rule" || rule.block.type === direction)
    .map((rule) => rule.block);
  return [...each(group.block[direction]), ...separate];
}

function allPorts(rule: Record<string, unknown>): boolean {
  const protocol = String(rule.ip_protocol ?? rule.protocol ?? "");
  return protocol === "-1" || protocol === "all";
}

export const networkRules: Rule[] = [
  {
    id: "CKV_AWS_23",
    equivalents: ["EC27"],
    types: [GROUP],
    requirement: "security group: a description on the group and on every rule",
    fix: "describe the group and each ingress/egress rule",
    check: (group, stack) => {
      if (!group.block.description) return "the group has no description";
      const undescribed = [...rulesOf(group, stack, "ingress"), ...rulesOf(group, stack, "egress")].filter(
        (rule) => !rule.description,
      );
      return undescribed.length > 0 ? `${undescribed.length} rule(s) without a description` : undefined;
    },
  },
  {
    id: "CKV_AWS_24",
    equivalents: ["CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "EC23"],
    types: [GROUP],
    requirement: "security group: no ingress from 0.0.0.0/0 or ::/0, and every ingress rule names a source",
    fix: "admit the VPC CIDR or a security group instead",
    check: (group, stack) => {
      for (const rule of rulesOf(group, stack, "ingress")) {
        const { cidrs, other } = sources(rule);
        if (cidrs.some((cidr) => OPEN.includes(cidr))) return `ingress from ${cidrs.join(", ")}`;
        if (cidrs.length === 0 && !other) return "an ingress rule has no source";
      }
      return undefined;
    },
  },
  {
    id: "CKV_AWS_382",
    types: [GROUP],
    requirement: "security group: no egress to 0.0.0.0/0 on all ports",
    fix: "drop the allow-all egress rule or scope it",
    check: (group, stack) =>
      rulesOf(group, stack, "egress").some(
        (rule) => allPorts(rule) && sources(rule).cidrs.some((cidr) => OPEN.includes(cidr)),
      )
        ? "egress to the internet on all ports"
        : undefined,
  },
  {
    id: "CKV2_AWS_5",
    types: [GROUP],
    requirement: "security group: attached to a resource",
    fix: "reference the group from the endpoint or function that uses it, or remove it",
    check: (group, stack) => {
      const users = ["aws_vpc_endpoint", "aws_lambda_function"].flatMap((type) =>
        stack.referencing(group, type),
      );
      return users.length > 0 ? undefined : "no endpoint or function uses the group";
    },
  },
  {
    id: "CKV2_AWS_12",
    types: ["aws_vpc"],
    requirement: "VPC managed here: its default security group has no rules",
    fix: "manage aws_default_security_group for the VPC with no ingress and no egress",
    check: (vpc, stack) => {
      const defaults = stack.referencing(vpc, "aws_default_security_group");
      if (defaults.length === 0)
        return "the default security group is not managed (it allows all traffic within itself)";
      return defaults.some(
        (group) => each(group.block.ingress).length > 0 || each(group.block.egress).length > 0,
      )
        ? "the default security group has rules"
        : undefined;
    },
  },
  {
    id: "VPC7",
    types: ["aws_vpc"],
    requirement: "VPC: flow logs",
    fix: "add an aws_flow_log for the VPC, or add a reasoned exception",
    check: (vpc, stack) => (stack.referencing(vpc, "aws_flow_log").length > 0 ? undefined : "no flow log"),
  },
  {
    id: "PrivateDns",
    types: ["aws_vpc"],
    requirement:
      "VPC with an execute-api endpoint: DNS support and DNS host names on (private DNS needs both)",
    fix: "set enable_dns_support and enable_dns_hostnames on the VPC",
    check: (vpc, stack) => {
      const endpoints = stack
        .referencing(vpc, "aws_vpc_endpoint")
        .filter((e) => String(e.block.service_name).endsWith("execute-api"));
      if (endpoints.length === 0) return undefined;
      return at(vpc.block, "enable_dns_support") === true && at(vpc.block, "enable_dns_hostnames") === true
        ? undefined
        : "DNS support or DNS host names are off";
    },
  },
];
