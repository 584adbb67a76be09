import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { CONNECTIONS_TABLE_SCHEMA } from "../../api/connections-table";
import { name } from "../../config/names";
import { lambdaLogFormat } from "../../config/partition";
import type { CoreSettings, WebSocketSettings } from "../../config/settings";
import { NodeFunction } from "../../constructs/node-function";
import { Table } from "../../constructs/table";
import { WebSocketApi } from "../../constructs/websocket-api";
import { accountLoggingRole } from "../account-logging";
import { awsProvider } from "../aws-provider";
import { identity, userPoolOutputs } from "../identity";
import { LAMBDA_BUNDLING } from "../lambda-bundling";

export const WEBSOCKET_STACK_ID = "websocket";

/**
 * `websocket`: a chat on a WebSocket API. `$connect` (JWT in the `token` query parameter, checked by a Lambda
 * REQUEST authorizer) registers the connection in a room; `sendMessage` broadcasts through `@connections`;
 * connection state lives in DynamoDB with a 2 h TTL.
 */
export class WebSocketStack extends TerraformStack {
  static readonly id = WEBSOCKET_STACK_ID;

  constructor(scope: Construct, settings: CoreSettings & WebSocketSettings) {
    super(scope, WEBSOCKET_STACK_ID);
    awsProvider(this, WEBSOCKET_STACK_ID, settings);
    const accountLogging = accountLoggingRole(this, WEBSOCKET_STACK_ID, settings);

    const { jwt, users } = identity(this, settings, {
      stackId: WEBSOCKET_STACK_ID,
      domainSuffix: "ws",
      resourceServer: "chat",
      scopeNames: [],
    });
    const { issuer, audience } = jwt;
    if (users) {
      userPoolOutputs(
        this,
        users,
        settings.region,
        "Public app client id (no secret): the audience of the tokens $connect accepts",
      );
    }

    // Connection records live at most 2 h: nothing to restore, so no point-in-time recovery.
    const connections = new Table(this, "Connections", {
      tableName: name(settings, WEBSOCKET_STACK_ID, "connections"),
      partitionKey: CONNECTIONS_TABLE_SCHEMA.partitionKey,
      indexes: [CONNECTIONS_TABLE_SCHEMA.roomIndex],
      ttlAttribute: CONNECTIONS_TABLE_SCHEMA.ttlAttribute,
      pointInTimeRecovery: false,
      deletionProtection: settings.deletionProtection,
    });

    const fn = (id: string, entry: string, description: string, environment: Record<string, string>) =>
      new NodeFunction(this, id, {
        entry,
        description,
        functionName: name(settings, WEBSOCKET_STACK_ID, id),
        memorySize: settings.lambdaMemoryMb,
        timeoutSeconds: settings.lambdaTimeoutSeconds,
        reservedConcurrency: settings.lambdaReservedConcurrency,
        logRetentionDays: settings.logRetentionDays,
        logFormat: lambdaLogFormat(settings.region),
        environment,
        bundling: LAMBDA_BUNDLING,
      });
    const table = { CONNECTIONS_TABLE: connections.name };
    const authorizer = fn("authorizer", "lambdas/ws-authorizer/index.ts", "$connect JWT authorizer", {
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: audience.join(","),
      ...(settings.jwtJwksUrl ? { JWKS_URL: settings.jwtJwksUrl } : {}),
    });
    const connect = fn(
      "connect",
      "lambdas/websocket/connect.ts",
      "$connect: registers the connection",
      table,
    );
    const disconnect = fn("disconnect", "lambdas/websocket/disconnect.ts", "$disconnect: forgets it", table);
    const sendMessage = fn(
      "send-message",
      "lambdas/websocket/send-message.ts",
      "sendMessage: room broadcast",
      {
        ...table,
        MAX_MESSAGE_BYTES: String(settings.websocketMaxMessageBytes),
        FANOUT_CONCURRENCY: String(settings.websocketFanOutConcurrency),
      },
    );
    const joinRoom = fn(
      "join-room",
      "lambdas/websocket/join-room.ts",
      "joinRoom: moves the connection",
      table,
    );
    const fallback = fn(
      "default",
      "lambdas/websocket/default.ts",
      "$default: pong or the list of actions",
      {},
    );

    // Exactly what each handler calls on the connection store (lambdas/websocket/store.ts).
    connections.grant(connect, ["PutItem"]);
    connections.grant(disconnect, ["DeleteItem"]);
    connections.grant(sendMessage, ["GetItem", "Query", "DeleteItem"]);
    connections.grant(joinRoom, ["UpdateItem"]);

    const api = new WebSocketApi(this, "Api", {
      apiName: name(settings, WEBSOCKET_STACK_ID),
      stageName: settings.environment,
      connectAuthorizer: { function: authorizer },
      routes: {
        $connect: { function: connect },
        $disconnect: { function: disconnect },
        sendMessage: { function: sendMessage, twoWay: true },
        joinRoom: { function: joinRoom, twoWay: true },
        $default: { function: fallback, twoWay: true },
      },
      throttle: { rateLimit: settings.throttleRateLimit, burstLimit: settings.throttleBurstLimit },
      logRetentionDays: settings.logRetentionDays,
      accountLogging,
    });
    api.grantManageConnections(sendMessage);

    new TerraformOutput(this, "websocket_url", {
      value: api.url,
      description: "Connect with wss://...?token=<JWT>&room=<room>",
    });
    new TerraformOutput(this, "connections_url", {
      value: api.connectionsUrl,
      description: "@connections management API of the stage (SigV4, execute-api:ManageConnections)",
    });
    new TerraformOutput(this, "jwt_issuer", { value: issuer, description: "Issuer $connect trusts" });
    new TerraformOutput(this, "connections_table", {
      value: connections.name,
      description: "DynamoDB table of live connections",
    });
  }
}
