/**
 * IAM roles, policies and attachments: the provider's validators and the AWS API model, rule by rule with the
 * source of each. Also the two checks other families reuse: the provider's generic ARN validator and the
 * policy-document check (JSON, characters, size).
 */
import { all, type Constraint, length, pattern } from "../constraints";
import { attributes, type BlockRule, type RuleSource, type ValidityRule } from "../rule";

/**
 * The provider's `verify.ValidARN`: `arn:<partition>:<service>:<region>:<account>:<resource>` with partition
 * `aws(-[a-z]+)*`, an optional region `[a-z]{2}(-[a-z]+)+-\d`, an optional account (12 digits, `aws`,
 * `aws-managed`, `third-party` or `cw` + 10 characters) and a non-empty resource.
 */
export const validArn: Constraint = pattern(
  /^arn:aws(-[a-z]+)*:[^:]*:([a-z]{2}(-[a-z]+)+-\d)?:(aws|aws-managed|third-party|\d{12}|cw[^:]{10})?:.+$/,
  "an ARN: arn:<partition>:<service>:<region>:<account>:<resource>",
);

/** The provider's `validResourceName(max)` for IAM names: 1-max characters of letters, digits and + = , . @ _ - */
const iamName = (max: number): Constraint =>
  all(length(1, max), pattern(/^[\w+=,.@-]+$/, "letters, digits and + = , . @ _ -"));

/** A `${...}` reference: its value is known only at apply. */
const REFERENCE = /\$\{[^}]*\}/g;

export interface PolicyDocumentLimits {
  /** Largest size the service accepts. */
  readonly max: number;
  /** What is counted: IAM counts characters without white space; KMS counts bytes. */
  readonly unit: "characters without white space" | "characters" | "bytes";
  /** The IAM rules: the document must start with `{` and use only tab, LF, CR and U+0020-U+00FF. */
  readonly iam?: boolean;
}

/** Size of a document without the `${...}` references: a lower bound of what is sent at apply. */
function knownSize(document: string, unit: PolicyDocumentLimits["unit"]): number {
  const known = document.replace(REFERENCE, "");
  if (unit === "bytes") return Buffer.byteLength(known, "utf8");
  if (unit === "characters") return [...known].length;
  return [...known.replace(/\s/g, "")].length;
}

/** Why `document` is refused, or undefined. */
export function policyDocumentProblem(document: unknown, limits: PolicyDocumentLimits): string | undefined {
  if (typeof document !== "string") return undefined;
  if (limits.iam && !document.startsWith("{")) return "the policy must be a JSON object starting with {";
  try {
    JSON.parse(document);
  } catch {
    return "the policy is not valid JSON";
  }
  if (limits.iam && !/^[\t\n\r\u0020-\u00ff]+$/.test(document.replace(REFERENCE, ""))) {
    return "the policy has characters other than tab, line feed, carriage return and U+0020-U+00FF";
  }
  const size = knownSize(document, limits.unit);
  return size > limits.max
    ? `the policy is ${size} ${limits.unit} (not counting values known only at apply), over the ${limits.max} allowed`
    : undefined;
}

/**
 * A policy document attribute: valid JSON within the service's size limit. A block rule rather than an
 * attribute rule because documents embed `${...}` references, which the attribute check skips: here the known
 * part is checked and counted (a lower bound of the size at apply).
 */
export function policyDocumentRule(
  type: string,
  attribute: string,
  limits: PolicyDocumentLimits,
  source: RuleSource,
  fix?: string,
): BlockRule {
  return {
    kind: "block",
    type,
    block: "",
    source,
    fix,
    name: `${attribute}: JSON${limits.iam ? " object" : ""}, at most ${limits.max} ${limits.unit}`,
    bad: {
      [attribute]: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "x".repeat(limits.max) }] }),
    },
    check: (block) => {
      const problem = policyDocumentProblem(block[attribute], limits);
      return problem ? `${attribute}: ${problem}` : undefined;
    },
  };
}

const NAME_FIX =
  "names are <APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-<stack>-<part>: shorten the prefix or environment";

export const iamRules: ValidityRule[] = [
  ...attributes("aws_iam_role", [
    {
      attribute: "name",
      constraint: iamName(64),
      source: {
        provider: "internal/service/iam/role.go: name validResourceName(roleNameMaxLen = 64)",
        api: "iam 2010-05-08 roleNameType (CreateRole RoleName): 1-64, [\\w+=,.@-]+",
      },
      bad: "role name with spaces",
      fix: NAME_FIX,
    },
  ]),
  policyDocumentRule(
    "aws_iam_role",
    "assume_role_policy",
    { max: 2048, unit: "characters without white space", iam: true },
    {
      provider: "internal/service/iam/role.go: assume_role_policy verify.ValidIAMPolicyJSON",
      api: "iam 2010-05-08 policyDocumentType (CreateRole AssumeRolePolicyDocument); IAM User Guide, IAM and AWS STS quotas: role trust policy length 2,048 characters (white space not counted)",
    },
    "shorten the trust policy, or raise the account's role trust policy length quota",
  ),

  ...attributes("aws_iam_role_policy", [
    {
      attribute: "name",
      constraint: iamName(128),
      source: {
        provider: "internal/service/iam/role_policy.go: name validRolePolicyName (validResourceName(128))",
        api: "iam 2010-05-08 policyNameType (PutRolePolicy PolicyName): 1-128, [\\w+=,.@-]+",
      },
      bad: "least privilege",
    },
    {
      attribute: "role",
      constraint: all(
        length(1, 128),
        pattern(/^(?!arn:)[\w+=,.@-]+$/, "the role's name (not its ARN): letters, digits and + = , . @ _ -"),
      ),
      source: {
        provider: "internal/service/iam/validate.go: validRolePolicyRole (1-128, not an ARN)",
        api: "iam 2010-05-08 roleNameType (PutRolePolicy RoleName)",
      },
      bad: "arn:aws:iam::123456789012:role/x",
    },
  ]),
  policyDocumentRule(
    "aws_iam_role_policy",
    "policy",
    { max: 10_240, unit: "characters without white space", iam: true },
    {
      provider: "internal/service/iam/role_policy.go: policy verify.ValidIAMPolicyJSON",
      api: "iam 2010-05-08 policyDocumentType (PutRolePolicy PolicyDocument); IAM User Guide, IAM and AWS STS quotas: role inline policies 10,240 characters in aggregate (white space not counted)",
    },
    "split the statements into a managed policy (aws_iam_policy) attached to the role",
  ),

  ...attributes("aws_iam_policy", [
    {
      attribute: "name",
      constraint: iamName(128),
      source: {
        provider: "internal/service/iam/policy.go: name validResourceName(policyNameMaxLen = 128)",
        api: "iam 2010-05-08 policyNameType (CreatePolicy PolicyName): 1-128, [\\w+=,.@-]+",
      },
      bad: "admin policy",
      fix: NAME_FIX,
    },
    {
      attribute: "description",
      constraint: length(0, 1000),
      source: { api: "iam 2010-05-08 policyDescriptionType (CreatePolicy Description): max 1000" },
      bad: "x".repeat(1001),
    },
  ]),
  policyDocumentRule(
    "aws_iam_policy",
    "policy",
    { max: 6144, unit: "characters without white space", iam: true },
    {
      provider: "internal/service/iam/policy.go: policy verify.ValidIAMPolicyJSON",
      api: "iam 2010-05-08 policyDocumentType (CreatePolicy PolicyDocument); IAM User Guide, IAM and AWS STS quotas: managed policy size 6,144 characters (white space not counted)",
    },
    "split the statements into several managed policies",
  ),

  ...attributes("aws_iam_role_policy_attachment", [
    {
      attribute: "policy_arn",
      constraint: all(length(20, 2048), validArn),
      source: {
        provider: "internal/service/iam/role_policy_attachment.go: policy_arn verify.ValidARN",
        api: "iam 2010-05-08 arnType (AttachRolePolicy PolicyArn): 20-2048",
      },
      bad: "AmazonAPIGatewayPushToCloudWatchLogs",
    },
    {
      attribute: "role",
      constraint: iamName(64),
      source: { api: "iam 2010-05-08 roleNameType (AttachRolePolicy RoleName): 1-64, [\\w+=,.@-]+" },
      bad: "arn:aws:iam::123456789012:role/x",
    },
  ]),
];
