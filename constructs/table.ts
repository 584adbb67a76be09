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

/** The item-level DynamoDB actions a function may be granted. */
export type TableAction = "GetItem" | "PutItem" | "UpdateItem" | "DeleteItem" | "Query" | "Scan";

/** An on-demand, encrypted DynamoDB table whose grants name exact actions, scoped to its ARN (and indexes). */
export class Table extends Construct {
  readonly resource: DynamodbTable;
  readonly name: string;
  readonly arn: string;
  private readonly hasIndexes: boolean;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    this.hasIndexes = (props.indexes?.length ?? 0) > 0;
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

  /**
   * Lets `fn` call exactly `actions` on this table (and on its indexes, for Query and Scan, when it has any).
   * Grant what the function's code calls, nothing more.
   */
  grant(fn: NodeFunction, actions: readonly TableAction[]): void {
    const readsIndexes = this.hasIndexes && actions.some((action) => action === "Query" || action === "Scan");
    fn.addToPolicy({
      Sid: `${this.node.id}Access`.replace(/[^A-Za-z0-9]/g, ""),
      Effect: "Allow",
      Action: actions.map((action) => `dynamodb:${action}`),
      Resource: readsIndexes ? [this.arn, `${this.arn}/index/*`] : [this.arn],
    });
  }
}
