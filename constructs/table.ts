import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { NodeFunction } from "./node-function";

export interface TableIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface TableProps {
  /** Physical table name. */
  readonly tableName: string;
  /** String partition key attribute. */
  readonly partitionKey: string;
  /** String-keyed global secondary indexes (projection ALL). @default - none */
  readonly indexes?: readonly TableIndex[];
  /** Epoch-seconds attribute DynamoDB expires items by. @default - no TTL */
  readonly ttlAttribute?: string;
  /** @default true */
  readonly pointInTimeRecovery?: boolean;
  /** @default false */
  readonly deletionProtection?: boolean;
  /**
   * Customer-managed KMS key for encryption at rest.
   * @default - the AWS-managed key `aws/dynamodb` (encryption is always on)
   */
  readonly kmsKeyArn?: string;
}

/** The DynamoDB actions a grant can give, by intent. */
const ACCESS = {
  read: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
  write: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
} as const;

/** An on-demand, encrypted DynamoDB table whose grants are scoped to its ARN and its indexes. */
export class Table extends Construct {
  readonly resource: DynamodbTable;
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    const keys = new Set([
      props.partitionKey,
      ...(props.indexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    this.resource = new DynamodbTable(this, "Resource", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey,
      attribute: [...keys]
        .filter((key): key is string => key !== undefined)
        .map((key) => ({ name: key, type: "S" })),
      globalSecondaryIndex: props.indexes?.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey,
        rangeKey: index.sortKey,
        projectionType: "ALL",
      })),
      ttl: props.ttlAttribute ? { attributeName: props.ttlAttribute, enabled: true } : undefined,
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection ?? false,
    });
    this.name = this.resource.name;
    this.arn = this.resource.arn;
  }

  /** Gives `fn` the given kinds of access to this table and its indexes, and nothing else. */
  grant(fn: NodeFunction, access: readonly (keyof typeof ACCESS)[]): void {
    fn.addToPolicy({
      Sid: `${this.node.id}${access.map((a) => a[0].toUpperCase() + a.slice(1)).join("")}`.replace(
        /[^A-Za-z0-9]/g,
        "",
      ),
      Effect: "Allow",
      Action: access.flatMap((kind) => ACCESS[kind]),
      Resource: [this.arn, `${this.arn}/index/*`],
    });
  }
}
