/**
 * Connection state in DynamoDB: API Gateway hands out connection ids and keeps no state we can query, so
 * every connection is a record (id, room, who) with a TTL of connect time + 2 h.
 *
 * `$disconnect` is best-effort and DynamoDB deletes expired items lazily (typically within days), so every
 * read treats a record past its `expiresAt` as absent.
 *
 * The client is created once per container, with the SDK's own endpoint resolution
 * (`AWS_ENDPOINT_URL_DYNAMODB` points it at a local server).
 */
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { CONNECTION_TTL_SECONDS, CONNECTIONS_TABLE_SCHEMA as SCHEMA } from "../../api/connections-table";

export interface Connection {
  readonly connectionId: string;
  readonly room: string;
  readonly userId: string;
  readonly userName: string;
  /** Epoch milliseconds (API Gateway's `connectedAt`). */
  readonly connectedAt: number;
  /** Epoch seconds: the TTL attribute. */
  readonly expiresAt: number;
}

export type NewConnection = Omit<Connection, "expiresAt">;

// The table's key and TTL attributes are fields of the record itself.
SCHEMA satisfies {
  readonly partitionKey: keyof Connection;
  readonly roomIndex: { readonly partitionKey: keyof Connection };
  readonly ttlAttribute: keyof Connection;
};

export class ConnectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a connection; it expires 2 h after API Gateway accepted it, when API Gateway closes it. */
  async add(connection: NewConnection): Promise<Connection> {
    const record: Connection = {
      ...connection,
      expiresAt: Math.floor(connection.connectedAt / 1000) + CONNECTION_TTL_SECONDS,
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: record }));
    return record;
  }

  /** The live connection with this id, if any. */
  async get(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [SCHEMA.partitionKey]: connectionId },
        ConsistentRead: true,
      }),
    );
    const connection = Item as Connection | undefined;
    return connection && connection.expiresAt > this.nowSeconds() ? connection : undefined;
  }

  /** Forgets a connection; forgetting an unknown one is not an error. */
  async remove(connectionId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { [SCHEMA.partitionKey]: connectionId } }),
    );
  }

  /** Moves a live connection to `room`; returns the room it left, or undefined if it is not live. */
  async moveToRoom(connectionId: string, room: string): Promise<string | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [SCHEMA.partitionKey]: connectionId },
          UpdateExpression: "SET #room = :room",
          ConditionExpression: "attribute_exists(#id) AND #expiresAt > :now",
          ExpressionAttributeNames: {
            "#id": SCHEMA.partitionKey,
            "#room": SCHEMA.roomIndex.partitionKey,
            "#expiresAt": SCHEMA.ttlAttribute,
          },
          ExpressionAttributeValues: { ":room": room, ":now": this.nowSeconds() },
          ReturnValues: "UPDATED_OLD",
        }),
      );
      return String(Attributes?.[SCHEMA.roomIndex.partitionKey]);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Every live connection in a room (all pages of the room index, expired records filtered out). */
  async listRoom(room: string): Promise<Connection[]> {
    const connections: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: SCHEMA.roomIndex.name,
          KeyConditionExpression: "#room = :room",
          FilterExpression: "#expiresAt > :now",
          ExpressionAttributeNames: {
            "#room": SCHEMA.roomIndex.partitionKey,
            "#expiresAt": SCHEMA.ttlAttribute,
          },
          ExpressionAttributeValues: { ":room": room, ":now": this.nowSeconds() },
          ExclusiveStartKey: startKey,
        }),
      );
      connections.push(...((page.Items ?? []) as Connection[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return connections;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let shared: ConnectionStore | undefined;

/** The store of this container, on the table named by `CONNECTIONS_TABLE`. */
export function connectionStore(): ConnectionStore {
  if (shared) return shared;
  const tableName = process.env.CONNECTIONS_TABLE;
  if (!tableName) {
    throw new Error(
      "environment variable CONNECTIONS_TABLE is not set: the stack must pass the connections table",
    );
  }
  shared = new ConnectionStore(documentClient, tableName);
  return shared;
}
