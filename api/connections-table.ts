/**
 * The connections table's layout, shared by the stack (which creates the table) and the handlers (which read
 * and write it). Like everything in `api/`, it imports nothing.
 */
export const CONNECTIONS_TABLE_SCHEMA = {
  /** Partition key: the API Gateway connection id. */
  partitionKey: "connectionId",
  /** Global secondary index listing the connections of a room. */
  roomIndex: { name: "byRoom", partitionKey: "room" },
  /** Epoch seconds after which the connection is dead (connect time + the 2 h API Gateway maximum). */
  ttlAttribute: "expiresAt",
} as const;

/** API Gateway closes every WebSocket connection after 2 hours, so no record needs to outlive that. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;
