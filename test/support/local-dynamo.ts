/**
 * A real DynamoDB API on loopback (dynalite, in memory) and tables created from the synthesized
 * `aws_dynamodb_table` resources, so tests use exactly the key schema, indexes and TTL the stacks declare.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TerraformJson } from "./synth";

// dynalite ships no types.
const dynalite = require("dynalite") as (options: Record<string, number>) => Server;

export interface LocalDynamo {
  readonly endpoint: string;
  /** The SDK's standard variables pointing a client at this server. */
  readonly clientEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalDynamo(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    clientEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    },
    stop: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

interface TerraformTable {
  name: string;
  hash_key: string;
  range_key?: string;
  attribute: { name: string; type: "S" | "N" | "B" }[];
  global_secondary_index?: { name: string; hash_key: string; range_key?: string; projection_type: string }[];
  ttl?: { attribute_name: string; enabled: boolean };
}

export async function createTablesFromTerraform(dynamo: LocalDynamo, json: TerraformJson): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tables = Object.values(json.resource.aws_dynamodb_table ?? {}) as unknown as TerraformTable[];
  try {
    for (const table of tables) {
      const key = (hash: string, range?: string) => [
        { AttributeName: hash, KeyType: "HASH" as const },
        ...(range ? [{ AttributeName: range, KeyType: "RANGE" as const }] : []),
      ];
      await client.send(
        new CreateTableCommand({
          TableName: table.name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: table.attribute.map(
            (attribute): AttributeDefinition => ({
              AttributeName: attribute.name,
              AttributeType: attribute.type,
            }),
          ),
          KeySchema: key(table.hash_key, table.range_key),
          GlobalSecondaryIndexes: table.global_secondary_index?.map((index) => ({
            IndexName: index.name,
            KeySchema: key(index.hash_key, index.range_key),
            Projection: { ProjectionType: "ALL" },
          })),
        }),
      );
      if (table.ttl?.enabled) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: table.name,
            TimeToLiveSpecification: { AttributeName: table.ttl.attribute_name, Enabled: true },
          }),
        );
      }
    }
  } finally {
    client.destroy();
  }
  return tables.map((table) => table.name);
}
