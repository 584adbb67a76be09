import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CONNECTIONS_TABLE_SCHEMA } from "../../api/connections-table";
import { describeStack } from "../support/app-stacks";
import {
  onlyResource,
  referencedName,
  resolveReference,
  resourcesOf,
  type SynthResult,
  synthStack,
  type TerraformJson,
} from "../support/synth";

const ROUTE_FUNCTIONS = {
  $connect: "apigw-dev-websocket-connect",
  $disconnect: "apigw-dev-websocket-disconnect",
  sendMessage: "apigw-dev-websocket-send-message",
  joinRoom: "apigw-dev-websocket-join-room",
  $default: "apigw-dev-websocket-default",
} as const;
const AUTHORIZER_FUNCTION = "apigw-dev-websocket-authorizer";
const TWO_WAY_ROUTES = ["$default", "joinRoom", "sendMessage"];

/** Variables API Gateway documents for WebSocket access logs (websocket-api-logging). */
const WEBSOCKET_LOG_VARIABLES = new Set([
  "$context.apiId",
  "$context.authorizer.error",
  "$context.authorizer.principalId",
  "$context.connectedAt",
  "$context.connectionId",
  "$context.domainName",
  "$context.error.message",
  "$context.eventType",
  "$context.extendedRequestId",
  "$context.identity.sourceIp",
  "$context.identity.userAgent",
  "$context.integration.error",
  "$context.integration.latency",
  "$context.integration.status",
  "$context.integrationLatency",
  "$context.messageId",
  "$context.requestId",
  "$context.requestTime",
  "$context.requestTimeEpoch",
  "$context.routeKey",
  "$context.stage",
  "$context.status",
]);

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
}

function functionNamed(json: TerraformJson, functionName: string): Record<string, unknown> {
  const found = resourcesOf(json, "aws_lambda_function").find((fn) => fn.function_name === functionName);
  if (!found) throw new Error(`no function ${functionName}`);
  return found;
}

/** The inline policy statements of the role of the function named `functionName`. */
function statementsOf(json: TerraformJson, functionName: string): Statement[] {
  const policy = resourcesOf(json, "aws_iam_role_policy").find(
    (candidate) => resolveReference(json, candidate.role).name === functionName,
  );
  if (!policy) throw new Error(`no policy for ${functionName}`);
  return (JSON.parse(String(policy.policy)) as { Statement: Statement[] }).Statement;
}

function routesByKey(json: TerraformJson): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    resourcesOf(json, "aws_apigatewayv2_route").map((route) => [String(route.route_key), route]),
  );
}

describeStack("websocket", (Stack) => {
  describe("with default settings", () => {
    let synth: SynthResult;
    let json: TerraformJson;
    let apiName: string;
    beforeAll(() => {
      synth = synthStack((app, settings) => new Stack(app, settings));
      json = synth.json;
      apiName = Object.keys(json.resource.aws_apigatewayv2_api)[0];
    });

    test("is a WebSocket API that selects routes by the frame's action", () => {
      expect(onlyResource(json, "aws_apigatewayv2_api")).toMatchObject({
        name: "apigw-dev-websocket",
        protocol_type: "WEBSOCKET",
        route_selection_expression: "$request.body.action",
      });
    });

    test("has exactly the chat routes, each a Lambda proxy integration (POST) of its own function", () => {
      const routes = routesByKey(json);
      expect(Object.keys(routes).sort()).toEqual(Object.keys(ROUTE_FUNCTIONS).sort());
      for (const [routeKey, functionName] of Object.entries(ROUTE_FUNCTIONS)) {
        const target = /^integrations\/(\$\{aws_apigatewayv2_integration\.[^.]+\.id\})$/.exec(
          String(routes[routeKey].target),
        )?.[1];
        const integration = resolveReference(json, target);
        expect(integration).toMatchObject({
          integration_type: "AWS_PROXY",
          integration_method: "POST",
          timeout_milliseconds: 29_000,
        });
        expect(integration.integration_uri).toMatch(/^\$\{aws_lambda_function\.[^.]+\.invoke_arn\}$/);
        expect(resolveReference(json, integration.integration_uri).function_name).toBe(functionName);
      }
    });

    test("the Lambda REQUEST authorizer reads the token query parameter and guards $connect only", () => {
      const authorizer = onlyResource(json, "aws_apigatewayv2_authorizer");
      expect(authorizer).toMatchObject({
        authorizer_type: "REQUEST",
        identity_sources: ["route.request.querystring.token"],
      });
      expect(authorizer.authorizer_uri).toMatch(/\.invoke_arn\}$/);
      expect(resolveReference(json, authorizer.authorizer_uri).function_name).toBe(AUTHORIZER_FUNCTION);
      // HTTP-API-only fields stay unset on a WebSocket authorizer.
      expect(authorizer.authorizer_payload_format_version).toBeUndefined();
      expect(authorizer.enable_simple_responses).toBeUndefined();

      for (const [routeKey, route] of Object.entries(routesByKey(json))) {
        if (routeKey === "$connect") {
          expect(route.authorization_type).toBe("CUSTOM");
          expect(referencedName(route.authorizer_id)).toBe(
            Object.keys(json.resource.aws_apigatewayv2_authorizer)[0],
          );
        } else {
          expect(route.authorization_type).toBe("NONE");
          expect(route.authorizer_id).toBeUndefined();
        }
      }
    });

    test("every route's invoke permission is scoped to that route's ARN, the authorizer's to the authorizer", () => {
      const permissions = resourcesOf(json, "aws_lambda_permission");
      expect(permissions).toHaveLength(Object.keys(ROUTE_FUNCTIONS).length + 1);
      const byFunction = new Map(
        permissions.map((permission) => {
          expect(permission).toMatchObject({
            principal: "apigateway.amazonaws.com",
            action: "lambda:InvokeFunction",
          });
          return [String(resolveReference(json, permission.function_name).function_name), permission];
        }),
      );
      for (const [routeKey, functionName] of Object.entries(ROUTE_FUNCTIONS)) {
        expect(byFunction.get(functionName)?.source_arn).toBe(
          `\${aws_apigatewayv2_api.${apiName}.execution_arn}/dev/${routeKey}`,
        );
      }
      const authorizerName = Object.keys(json.resource.aws_apigatewayv2_authorizer)[0];
      expect(byFunction.get(AUTHORIZER_FUNCTION)?.source_arn).toBe(
        `\${aws_apigatewayv2_api.${apiName}.execution_arn}/authorizers/\${aws_apigatewayv2_authorizer.${authorizerName}.id}`,
      );
    });

    test("sendMessage, joinRoom and $default answer the sender through a $default route response", () => {
      const routes = routesByKey(json);
      const responses = resourcesOf(json, "aws_apigatewayv2_route_response");
      const answered = responses.map((response) => {
        expect(response.route_response_key).toBe("$default");
        return String(resolveReference(json, response.route_id).route_key);
      });
      expect(answered.sort()).toEqual(TWO_WAY_ROUTES);
      for (const [routeKey, route] of Object.entries(routes)) {
        expect(route.route_response_selection_expression).toBe(
          TWO_WAY_ROUTES.includes(routeKey) ? "$default" : undefined,
        );
      }
    });

    test("only sendMessage may push, and only to POST @connections of its own stage", () => {
      for (const functionName of [...Object.values(ROUTE_FUNCTIONS), AUTHORIZER_FUNCTION]) {
        const pushing = statementsOf(json, functionName).filter((statement) =>
          statement.Action.some((action) => action.startsWith("execute-api:")),
        );
        if (functionName !== ROUTE_FUNCTIONS.sendMessage) {
          expect(pushing).toEqual([]);
          continue;
        }
        expect(pushing).toEqual([
          {
            Sid: "PushToConnections",
            Effect: "Allow",
            Action: ["execute-api:ManageConnections"],
            Resource: `\${aws_apigatewayv2_api.${apiName}.execution_arn}/dev/POST/@connections/*`,
          },
        ]);
      }
    });

    test("DynamoDB access is only on the connections table and its index, and only for the functions that need it", () => {
      const tableName = Object.keys(json.resource.aws_dynamodb_table)[0];
      const tableArn = `\${aws_dynamodb_table.${tableName}.arn}`;
      // Exactly what each handler calls on the connection store.
      const expectedActions: Record<string, string[]> = {
        [ROUTE_FUNCTIONS.$connect]: ["dynamodb:PutItem"],
        [ROUTE_FUNCTIONS.$disconnect]: ["dynamodb:DeleteItem"],
        [ROUTE_FUNCTIONS.joinRoom]: ["dynamodb:UpdateItem"],
        [ROUTE_FUNCTIONS.sendMessage]: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"],
        [ROUTE_FUNCTIONS.$default]: [],
        [AUTHORIZER_FUNCTION]: [],
      };
      for (const [functionName, actions] of Object.entries(expectedActions)) {
        const statements = statementsOf(json, functionName);
        for (const statement of statements) {
          expect(statement.Action).not.toContain("*");
          if (!statement.Action.every((action) => action.startsWith("xray:"))) {
            expect(statement.Resource).not.toEqual("*");
          }
        }
        const table = statements.filter((s) => s.Action.some((action) => action.startsWith("dynamodb:")));
        if (actions.length === 0) {
          expect(table).toEqual([]);
        } else {
          expect(table).toHaveLength(1);
          expect(table[0].Action).toEqual(actions);
          // Only a function that queries reaches the room index.
          const reachesIndex = actions.includes("dynamodb:Query");
          expect(table[0].Resource).toEqual(reachesIndex ? [tableArn, `${tableArn}/index/*`] : [tableArn]);
        }
      }
    });

    test("the connections table: connectionId key, room index, TTL, on demand, encrypted", () => {
      expect(onlyResource(json, "aws_dynamodb_table")).toMatchObject({
        name: "apigw-dev-websocket-connections",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: CONNECTIONS_TABLE_SCHEMA.partitionKey,
        global_secondary_index: [
          { name: CONNECTIONS_TABLE_SCHEMA.roomIndex.name, hash_key: "room", projection_type: "ALL" },
        ],
        ttl: { attribute_name: CONNECTIONS_TABLE_SCHEMA.ttlAttribute, enabled: true },
        server_side_encryption: { enabled: true },
        point_in_time_recovery: { enabled: false },
        deletion_protection_enabled: false,
      });
    });

    test("the handlers get the table name; sendMessage its limits; the authorizer the issuer and audience", () => {
      const variables = (functionName: string) =>
        (functionNamed(json, functionName).environment as { variables: Record<string, string> }).variables;
      const tableName = `\${aws_dynamodb_table.${Object.keys(json.resource.aws_dynamodb_table)[0]}.name}`;
      for (const functionName of [
        ROUTE_FUNCTIONS.$connect,
        ROUTE_FUNCTIONS.$disconnect,
        ROUTE_FUNCTIONS.joinRoom,
      ]) {
        expect(variables(functionName).CONNECTIONS_TABLE).toBe(tableName);
      }
      expect(variables(ROUTE_FUNCTIONS.sendMessage)).toMatchObject({
        CONNECTIONS_TABLE: tableName,
        MAX_MESSAGE_BYTES: "4096",
        FANOUT_CONCURRENCY: "16",
      });
      expect(variables(ROUTE_FUNCTIONS.$default).CONNECTIONS_TABLE).toBeUndefined();
      const authorizer = variables(AUTHORIZER_FUNCTION);
      expect(authorizer.JWT_ISSUER).toMatch(/^https:\/\/\$\{aws_cognito_user_pool\.[^.]+\.endpoint\}$/);
      expect(authorizer.JWT_AUDIENCE).toMatch(/^\$\{aws_cognito_user_pool_client\.[^.]+\.id\}$/);
      expect(authorizer.JWKS_URL).toBeUndefined();
    });

    test("the stage auto-deploys, throttles, logs errors and writes JSON access logs with WebSocket variables", () => {
      const stage = onlyResource(json, "aws_apigatewayv2_stage");
      expect(stage).toMatchObject({
        name: "dev",
        auto_deploy: true,
        default_route_settings: {
          throttling_rate_limit: 50,
          throttling_burst_limit: 100,
          detailed_metrics_enabled: true,
          logging_level: "ERROR",
          data_trace_enabled: false,
        },
      });
      expect(stage.deployment_id).toBeUndefined();
      expect(resourcesOf(json, "aws_apigatewayv2_deployment")).toHaveLength(0);

      const logs = stage.access_log_settings as { destination_arn: string; format: string };
      const format = JSON.parse(logs.format) as Record<string, string>;
      expect(format).toMatchObject({
        connectionId: "$context.connectionId",
        eventType: "$context.eventType",
        routeKey: "$context.routeKey",
        status: "$context.status",
      });
      for (const variable of Object.values(format)) expect(WEBSOCKET_LOG_VARIABLES).toContain(variable);
      expect(resolveReference(json, logs.destination_arn)).toMatchObject({
        name: "/aws/apigateway/apigw-dev-websocket/access",
        retention_in_days: 365,
      });

      const executionLogs = resourcesOf(json, "aws_cloudwatch_log_group").find((group) =>
        String(group.name).startsWith("API-Gateway-Execution-Logs_"),
      );
      expect(executionLogs).toMatchObject({
        name: `API-Gateway-Execution-Logs_\${aws_apigatewayv2_api.${apiName}.id}/dev`,
        retention_in_days: 365,
      });
      // By default rest-regional owns the account's CloudWatch role: this stack neither creates nor waits for it.
      expect(resourcesOf(json, "aws_api_gateway_account")).toHaveLength(0);
      expect(stage.depends_on).toEqual([
        `aws_cloudwatch_log_group.${Object.keys(json.resource.aws_cloudwatch_log_group).find((key) =>
          key.startsWith("Api_ExecutionLogs"),
        )}`,
      ]);
    });

    test("functions are arm64 nodejs22.x with tracing, JSON logs and retained log groups; zips match their hashes", () => {
      const functions = resourcesOf(json, "aws_lambda_function");
      expect(functions.map((fn) => fn.function_name).sort()).toEqual(
        [...Object.values(ROUTE_FUNCTIONS), AUTHORIZER_FUNCTION].sort(),
      );
      for (const fn of functions) {
        expect(fn).toMatchObject({
          runtime: "nodejs22.x",
          architectures: ["arm64"],
          handler: "index.handler",
          tracing_config: { mode: "Active" },
          logging_config: { log_format: "JSON" },
        });
        const zipPath = join(synth.stackDir, String(fn.filename));
        expect(existsSync(zipPath)).toBe(true);
        expect(fn.source_code_hash).toBe(createHash("sha256").update(readFileSync(zipPath)).digest("base64"));
      }
    });

    test("outputs the wss:// URL, the @connections URL, the table and the Cognito ids, nothing sensitive", () => {
      const outputs = json.output ?? {};
      expect(Object.keys(outputs).sort()).toEqual(
        [
          "connections_table",
          "connections_url",
          "jwt_issuer",
          "sign_in_domain",
          "user_pool_client_id",
          "user_pool_id",
          "websocket_url",
        ].sort(),
      );
      expect(outputs.websocket_url.value).toMatch(/^\$\{aws_apigatewayv2_stage\.[^.]+\.invoke_url\}$/);
      expect(outputs.connections_url.value).toBe(
        `\${replace(aws_apigatewayv2_api.${apiName}.api_endpoint, "wss://", "https://")}/dev`,
      );
      for (const output of Object.values(outputs)) expect(output.sensitive).not.toBe(true);
    });
  });

  describe("with settings", () => {
    test("owning the account CloudWatch role creates it and makes the stage wait for it", () => {
      const { json } = synthStack((app, settings) => new Stack(app, settings), {
        APIGW_CLOUDWATCH_ROLE_OWNER: "websocket",
      });
      const account = Object.keys(json.resource.aws_api_gateway_account ?? {});
      expect(account).toHaveLength(1);
      expect(onlyResource(json, "aws_apigatewayv2_stage").depends_on).toContain(
        `aws_api_gateway_account.${account[0]}`,
      );
    });

    test("an external issuer replaces the user pool; the JWKS URL, limits and stage name follow the settings", () => {
      const { json } = synthStack((app, settings) => new Stack(app, settings), {
        APIGW_JWT_ISSUER: "https://login.example.com/oauth2/default",
        APIGW_JWT_AUDIENCE: "api://chat,client-b",
        APIGW_JWT_JWKS_URL: "https://login.example.com/oauth2/default/v1/keys",
        APIGW_WS_MAX_MESSAGE_BYTES: "1024",
        APIGW_WS_FANOUT_CONCURRENCY: "4",
        APIGW_ENVIRONMENT: "prod",
      });
      expect(resourcesOf(json, "aws_cognito_user_pool")).toHaveLength(0);
      const variables = (functionName: string) =>
        (functionNamed(json, functionName).environment as { variables: Record<string, string> }).variables;
      expect(variables("apigw-prod-websocket-authorizer")).toMatchObject({
        JWT_ISSUER: "https://login.example.com/oauth2/default",
        JWT_AUDIENCE: "api://chat,client-b",
        JWKS_URL: "https://login.example.com/oauth2/default/v1/keys",
      });
      expect(variables("apigw-prod-websocket-send-message")).toMatchObject({
        MAX_MESSAGE_BYTES: "1024",
        FANOUT_CONCURRENCY: "4",
      });
      expect(onlyResource(json, "aws_apigatewayv2_stage").name).toBe("prod");
      expect(onlyResource(json, "aws_dynamodb_table").deletion_protection_enabled).toBe(true);
      const permission = resourcesOf(json, "aws_lambda_permission").find((p) =>
        String(p.source_arn).endsWith("/sendMessage"),
      );
      expect(String(permission?.source_arn)).toMatch(/\/prod\/sendMessage$/);
    });

    test("a message limit above one frame is refused at synth", () => {
      expect(() =>
        synthStack((app, settings) => new Stack(app, settings), {
          APIGW_WS_MAX_MESSAGE_BYTES: "40000",
        }),
      ).toThrow(/APIGW_WS_MAX_MESSAGE_BYTES = "40000": expected an integer from 1 to 12288/);
    });
  });
});
