/** IAM rules (roles, inline and managed policies); see docs/security-baseline.md IAM and cdk-nag IAM4/IAM5. */
import type { ResourceView, Rule, StackView } from "../model";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: unknown;
}

/** Actions that support no resource-level restriction, so `Resource: "*"` is the only possible scope. */
const UNSCOPABLE_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The Allow statements of a policy document held in an attribute. */
function allowStatements(resource: ResourceView, attribute: string): Statement[] {
  const text = resource.block[attribute];
  if (typeof text !== "string") return [];
  try {
    const document = JSON.parse(text) as { Statement?: Statement | Statement[] };
    const statements = Array.isArray(document.Statement)
      ? document.Statement
      : document.Statement
        ? [document.Statement]
        : [];
    return statements.filter((statement) => statement.Effect === "Allow");
  } catch {
    return [];
  }
}

const POLICIES = ["aws_iam_role_policy", "aws_iam_policy"];

/** Managed policies attached to a role, by attachment resource or `managed_policy_arns`. */
function managedPolicies(role: ResourceView, stack: StackView): string[] {
  const attached = stack
    .referencing(role, "aws_iam_role_policy_attachment")
    .map((a) => String(a.block.policy_arn));
  return [...attached, ...((role.block.managed_policy_arns as string[] | undefined) ?? [])];
}

function trustStatements(role: ResourceView): Statement[] {
  return allowStatements(role, "assume_role_policy");
}

export const iamRules: Rule[] = [
  {
    id: "CKV_AWS_60",
    types: ["aws_iam_role"],
    requirement: 'role trust policy: no `Principal.AWS = "*"`',
    fix: "trust the service (e.g. lambda.amazonaws.com) or the exact principal",
    check: (role) =>
      trustStatements(role).some((s) =>
        JSON.stringify(s.Principal ?? {}).match(/"AWS":\s*("\*"|\[[^\]]*"\*")/),
      )
        ? 'the trust policy allows any AWS principal ("*")'
        : undefined,
  },
  {
    id: "CKV_AWS_61",
    types: ["aws_iam_role"],
    requirement:
      "role trust policy: no whole-account trust (`arn:aws:iam::<account>:root` or a bare account id)",
    fix: "trust a specific role or service instead of a whole account",
    check: (role) =>
      trustStatements(role).some((s) =>
        /"AWS":\s*"?(\[?"?)(arn:aws:iam::\d{12}:root|\d{12})/.test(JSON.stringify(s.Principal ?? {})),
      )
        ? "the trust policy trusts a whole account"
        : undefined,
  },
  {
    id: "CKV_AWS_274",
    equivalents: ["CKV2_AWS_56"],
    types: ["aws_iam_role"],
    requirement: "role: no AdministratorAccess or IAMFullAccess managed policy",
    fix: "attach a least-privilege policy instead",
    check: (role, stack) => {
      const admin = managedPolicies(role, stack).find((arn) =>
        /:policy\/(AdministratorAccess|IAMFullAccess)$/.test(arn),
      );
      return admin ? `${admin} is attached` : undefined;
    },
  },
  {
    id: "IAM4",
    equivalents: ["IAMNoManagedPolicies"],
    types: ["aws_iam_role"],
    requirement: "role: no AWS-managed policies (their permissions change without review)",
    fix: "write an inline least-privilege policy, or add a reasoned exception",
    check: (role, stack) => {
      const managed = managedPolicies(role, stack).filter((arn) => arn.includes(":iam::aws:policy/"));
      return managed.length > 0 ? `AWS-managed ${managed.join(", ")} attached` : undefined;
    },
  },
  {
    id: "CKV_AWS_63",
    equivalents: ["CKV_AWS_62", "CKV2_AWS_40", "LambdaStarPermissions"],
    types: POLICIES,
    requirement: 'policy: no Allow of action "*", "<service>:*" or iam:*',
    fix: "list the exact actions the code calls",
    check: (policy) => {
      for (const statement of allowStatements(policy, "policy")) {
        if (statement.NotAction) return "an Allow statement uses NotAction";
        const wild = list(statement.Action).find((action) => action === "*" || action.endsWith(":*"));
        if (wild) return `Allow of action ${JSON.stringify(wild)}`;
      }
      return undefined;
    },
  },
  {
    id: "CKV_AWS_355",
    equivalents: ["CKV_AWS_290", "IAM5"],
    types: POLICIES,
    requirement: 'policy: no `Resource: "*"` for actions that support resource-level restriction',
    fix: "scope Resource to the table, log group, connection or API ARNs",
    check: (policy) => {
      for (const statement of allowStatements(policy, "policy")) {
        if (!list(statement.Resource).includes("*")) continue;
        const scopable = list(statement.Action).filter((action) => !UNSCOPABLE_ACTIONS.includes(action));
        if (scopable.length > 0) return `${scopable.join(", ")} allowed on Resource "*"`;
      }
      return undefined;
    },
  },
];
