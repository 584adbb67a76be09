/**
 * The connections table on a local DynamoDB API (dynalite), created from the schema the stack uses, and the
 * environment the handlers read.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CONNECTIONS_TABLE_SCHEMA as SCHEMA } from "../../../../lambdas/websocket/table-schema";
import type { LocalDynamo } from "../../../support/local-dynamo";

export async function createConnectionsTable(dynamo: LocalDynamo, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
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
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
}
