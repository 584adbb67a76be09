/** DynamoDB tables: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, type ValidityRule } from "../rule";

const TABLE = "aws_dynamodb_table";

const items = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : value && typeof value === "object" ? [value] : []) as Record<
    string,
    unknown
  >[];

/** Every key attribute of the table and its indexes. */
function keyAttributes(block: Readonly<Record<string, unknown>>): Set<string> {
  const keys = new Set<string>();
  const add = (value: unknown) => typeof value === "string" && value !== "" && keys.add(value);
  add(block.hash_key);
  add(block.range_key);
  for (const index of items(block.global_secondary_index)) {
    add(index.hash_key);
    add(index.range_key);
  }
  for (const index of items(block.local_secondary_index)) add(index.range_key);
  return keys;
}

const attributesAreKeys: BlockRule = {
  kind: "block",
  type: TABLE,
  block: "",
  name: "every attribute is a key and every key is an attribute",
  source: {
    provider:
      "internal/service/dynamodb/table.go: validateTableAttributes ('all attributes must be indexed', 'all indexes must match a defined attribute')",
    api: "dynamodb 2012-08-10 CreateTableInput.AttributeDefinitions: 'attributes that describe the key schema for the table and indexes'",
  },
  bad: {
    attribute: [
      { name: "id", type: "S" },
      { name: "title", type: "S" },
    ],
  },
  check: (block) => {
    const keys = keyAttributes(block);
    const defined = items(block.attribute).map((attribute) => String(attribute.name));
    const unused = defined.filter((name) => !keys.has(name));
    const undefinedKeys = [...keys].filter((key) => !defined.includes(key));
    if (unused.length > 0)
      return `attributes that are no key: ${unused.join(", ")} (declare key attributes only)`;
    if (undefinedKeys.length > 0) return `keys without an attribute definition: ${undefinedKeys.join(", ")}`;
    return undefined;
  },
};

const onDemandHasNoCapacity: BlockRule = {
  kind: "block",
  type: TABLE,
  block: "",
  name: "no read_capacity or write_capacity with billing_mode PAY_PER_REQUEST",
  source: {
    provider:
      'internal/service/dynamodb/table.go: validateProvisionedThroughputField ("%s can not be set when billing_mode is PAY_PER_REQUEST")',
  },
  bad: { billing_mode: "PAY_PER_REQUEST", read_capacity: 5 },
  check: (block) => {
    if (block.billing_mode !== "PAY_PER_REQUEST") return undefined;
    const set = ["read_capacity", "write_capacity"].filter(
      (key) => typeof block[key] === "number" && block[key] !== 0,
    );
    return set.length > 0 ? `${set.join(" and ")} set on an on-demand table` : undefined;
  },
};

const ttlNeedsAttribute: BlockRule = {
  kind: "block",
  type: TABLE,
  block: "ttl",
  name: "enabled TTL names its attribute",
  source: {
    provider:
      "internal/service/dynamodb/table.go: ttlPlantimeValidate (attribute_name required and not empty when enabled)",
    api: "dynamodb 2012-08-10 TimeToLiveSpecification.AttributeName: required, 1-255",
  },
  bad: { enabled: true, attribute_name: "" },
  check: (block) =>
    block.enabled === true && (typeof block.attribute_name !== "string" || block.attribute_name === "")
      ? "ttl is enabled without an attribute_name"
      : undefined,
};

const attributeName = length(1, 255);

export const dynamodbRules: ValidityRule[] = [
  ...attributes(TABLE, [
    {
      attribute: "name",
      constraint: all(length(3, 255), pattern(/^[a-zA-Z0-9_.-]+$/, "letters, digits, _ . and -")),
      source: {
        api: "dynamodb 2012-08-10 TableName: 3-255, [a-zA-Z0-9_.-]+ (CreateTable TableName; DynamoDB Developer Guide, naming rules)",
      },
      bad: "items table",
      fix: "table names are <APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-<stack>-<table>",
    },
    {
      attribute: "billing_mode",
      constraint: oneOf(["PROVISIONED", "PAY_PER_REQUEST"]),
      source: {
        provider: "internal/service/dynamodb/table.go: billing_mode enum.Validate[awstypes.BillingMode]()",
        api: "dynamodb 2012-08-10 BillingMode enum",
      },
      bad: "ON_DEMAND",
    },
    {
      attribute: "hash_key",
      constraint: attributeName,
      source: { api: "dynamodb 2012-08-10 KeySchemaAttributeName: 1-255" },
      bad: "",
    },
    {
      attribute: "attribute.name",
      constraint: attributeName,
      source: {
        api: "dynamodb 2012-08-10 AttributeDefinition.AttributeName (KeySchemaAttributeName): 1-255",
      },
      bad: "a".repeat(256),
    },
    {
      attribute: "attribute.type",
      constraint: oneOf(["S", "N", "B"]),
      source: {
        provider:
          "internal/service/dynamodb/table.go: attribute.type enum.Validate[awstypes.ScalarAttributeType]()",
        api: "dynamodb 2012-08-10 ScalarAttributeType enum",
      },
      bad: "string",
    },
    {
      attribute: "global_secondary_index.name",
      constraint: all(length(3, 255), pattern(/^[a-zA-Z0-9_.-]+$/, "letters, digits, _ . and -")),
      source: { api: "dynamodb 2012-08-10 IndexName: 3-255, [a-zA-Z0-9_.-]+" },
      bad: "by room",
    },
    {
      attribute: "global_secondary_index.hash_key",
      constraint: attributeName,
      source: { api: "dynamodb 2012-08-10 KeySchemaAttributeName: 1-255" },
      bad: "",
    },
    {
      attribute: "global_secondary_index.projection_type",
      constraint: oneOf(["ALL", "KEYS_ONLY", "INCLUDE"]),
      source: {
        provider:
          "internal/service/dynamodb/table.go: global_secondary_index.projection_type enum.Validate[awstypes.ProjectionType]()",
        api: "dynamodb 2012-08-10 ProjectionType enum",
      },
      bad: "EVERYTHING",
    },
    {
      attribute: "ttl.attribute_name",
      constraint: attributeName,
      source: { api: "dynamodb 2012-08-10 TimeToLiveAttributeName: 1-255" },
      bad: "a".repeat(256),
    },
  ]),
  attributesAreKeys,
  onDemandHasNoCapacity,
  ttlNeedsAttribute,
];
