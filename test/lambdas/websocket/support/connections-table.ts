/**
 * The connections table on a local DynamoDB API (dynalite): from the schema the stack uses, or from the
 * synthesized `aws_dynamodb_table`. dynalite has no UpdateTimeToLive (it answers UnknownOperationException),
 * so TTL is not switched on locally; the handlers never rely on it (they filter expired records on read), and
 * the synth test checks the `ttl` block.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CONNECTIONS_TABLE_SCHEMA as SCHEMA } from "../../../../api/connections-table";
import type { LocalDynamo } from "../../../support/local-dynamo";
import type { TerraformJson } from "../../../support/synth";

interface TerraformTable {
  name: string;
  hash_key: string;
  attribute: { name: string; type: "S" | "N" | "B" }[];
  global_secondary_index?: { name: string; hash_key: string; projection_type: string }[];
}

/** Creates the stack's one table exactly as synthesized (keys, attributes, indexes); returns its name. */
export async function createTableFromTerraform(dynamo: LocalDynamo, json: TerraformJson): Promise<string> {
  const tables = Object.values(json.resource.aws_dynamodb_table ?? {}) as unknown as TerraformTable[];
  if (tables.length !== 1) throw new Error(`expected one aws_dynamodb_table, found ${tables.length}`);
  const [table] = tables;
  const client = localClient(dynamo);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table.name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: table.attribute.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
        KeySchema: [{ AttributeName: table.hash_key, KeyType: "HASH" }],
        GlobalSecondaryIndexes: table.global_secondary_index?.map((index) => ({
          IndexName: index.name,
          KeySchema: [{ AttributeName: index.hash_key, KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
        })),
      }),
    );
  } finally {
    client.destroy();
  }
  return table.name;
}

function localClient(dynamo: LocalDynamo): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

export async function createConnectionsTable(dynamo: LocalDynamo, tableName: string): Promise<void> {
  const client = localClient(dynamo);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: SCHEMA.partitionKey, AttributeType: "S" },
          { AttributeName: SCHEMA.roomIndex.partitionKey, AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: SCHEMA.partitionKey, KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: SCHEMA.roomIndex.name,
            KeySchema: [{ AttributeName: SCHEMA.roomIndex.partitionKey, KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
}

/** A document client on the local table, for preparing and inspecting records. */
export function localDocumentClient(dynamo: LocalDynamo): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(localClient(dynamo));
}
