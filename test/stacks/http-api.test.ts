import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type HandlerSpec, handlers, routeList, routes, scopes } from "../../api/routes";
import { describeStack, methodArnTail, routeHandlers, routeMethods } from "../support/app-stacks";
import {
  onlyResource,
  referencedName,
  resolveReference,
  resourcesOf,
  type SynthResult,
  synthStack,
} from "../support/synth";

describeStack("http-api", (Stack) => {
  const httpApi = (env: Record<string, string> = {}) =>
    synthStack((app, settings) => new Stack(app, settings), env);

  describe("with default settings", () => {
    let synth: SynthResult;
    beforeAll(() => {
      synth = httpApi();
    });

    test("is an HTTP API", () => {
      const api = onlyResource(synth.json, "aws_apigatewayv2_api");
      expect(api.protocol_type).toBe("HTTP");
      expect(api.name).toBe("apigw-dev-http-api");
    });

    test("has exactly the routes of the route table", () => {
      const keys = resourcesOf(synth.json, "aws_apigatewayv2_route").map((route) => route.route_key);
      expect(keys.sort()).toEqual(Object.keys(routes).sort());
    });

    test("routes target the integration of their handler's function", () => {
      for (const route of resourcesOf(synth.json, "aws_apigatewayv2_route")) {
        const spec = routes[route.route_key as keyof typeof routes];
        const integrationName = /integrations\/\$\{aws_apigatewayv2_integration\.([^.]+)\.id\}/.exec(
          String(route.target),
        )?.[1];
        const integration = synth.json.resource.aws_apigatewayv2_integration[integrationName ?? ""];
        expect(integration).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
        const fn = resolveReference(synth.json, integration.integration_uri);
        expect(fn.function_name).toBe(`apigw-dev-http-api-${spec.handler}`);
      }
    });

    test("public routes have no authorizer; every other route needs the JWT authorizer and its scopes", () => {
      const authorizer = onlyResource(synth.json, "aws_apigatewayv2_authorizer");
      expect(authorizer).toMatchObject({
        authorizer_type: "JWT",
        identity_sources: ["$request.header.Authorization"],
      });
      const config = authorizer.jwt_configuration as { issuer: string; audience: string[] };
      expect(config.issuer).toMatch(/^https:\/\/\$\{aws_cognito_user_pool\.[^.]+\.endpoint\}$/);
      expect(config.audience).toEqual([
        expect.stringMatching(/^\$\{aws_cognito_user_pool_client\.[^.]+\.id\}$/),
      ]);

      for (const route of resourcesOf(synth.json, "aws_apigatewayv2_route")) {
        const spec = routes[route.route_key as keyof typeof routes] as (typeof routes)[keyof typeof routes];
        if (spec.access === "public") {
          expect(route.authorization_type).toBe("NONE");
          expect(route.authorizer_id).toBeUndefined();
          continue;
        }
        expect(route.authorization_type).toBe("JWT");
        expect(referencedName(route.authorizer_id)).toBe(
          Object.keys(synth.json.resource.aws_apigatewayv2_authorizer)[0],
        );
        const expected =
          spec.access === "admin" ? [scopes.admin] : "write" in spec ? [scopes.write] : undefined;
        expect(route.authorization_scopes).toEqual(expected);
      }
    });

    test("the $default stage auto-deploys, throttles and writes JSON access logs to a retained log group", () => {
      const stage = onlyResource(synth.json, "aws_apigatewayv2_stage");
      expect(stage).toMatchObject({
        name: "$default",
        auto_deploy: true,
        default_route_settings: {
          throttling_rate_limit: 50,
          throttling_burst_limit: 100,
          detailed_metrics_enabled: true,
        },
      });
      const logs = stage.access_log_settings as { destination_arn: string; format: string };
      const format = JSON.parse(logs.format) as Record<string, string>;
      expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status" });
      const logGroup = resolveReference(synth.json, logs.destination_arn);
      expect(logGroup.retention_in_days).toBe(365);
    });

    test("CORS allows the configured origin, the route methods and no credentials", () => {
      const api = onlyResource(synth.json, "aws_apigatewayv2_api");
      expect(api.cors_configuration).toMatchObject({
        allow_origins: ["http://localhost:3000"],
        allow_credentials: false,
        allow_methods: [...routeMethods(), "OPTIONS"],
      });
    });

    test("every route's invoke permission is scoped to that route's ARN", () => {
      const permissions = resourcesOf(synth.json, "aws_lambda_permission");
      const expected = routeList().map(methodArnTail);
      const actual = permissions.map((permission) => {
        expect(permission.principal).toBe("apigateway.amazonaws.com");
        const match = /^\$\{aws_apigatewayv2_api\.[^.]+\.execution_arn\}\/\*\/(.+)$/.exec(
          String(permission.source_arn),
        );
        expect(match).not.toBeNull();
        return match?.[1];
      });
      expect(actual.sort()).toEqual(expected.sort());
    });

    test("functions are arm64 nodejs22.x with JSON logs, tracing, explicit memory and timeout", () => {
      for (const fn of resourcesOf(synth.json, "aws_lambda_function")) {
        expect(fn).toMatchObject({
          runtime: "nodejs22.x",
          architectures: ["arm64"],
          handler: "index.handler",
          memory_size: 256,
          timeout: 10,
          tracing_config: { mode: "Active" },
          logging_config: { log_format: "JSON" },
        });
        const logGroup = resolveReference(synth.json, (fn.logging_config as { log_group: string }).log_group);
        expect(logGroup.name).toBe(`/aws/lambda/${fn.function_name}`);
        expect(logGroup.retention_in_days).toBe(365);
      }
    });

    test("functions add no CORS headers themselves: the HTTP API does", () => {
      for (const fn of resourcesOf(synth.json, "aws_lambda_function")) {
        expect((fn.environment as { variables: object }).variables).not.toHaveProperty("CORS_ALLOW_ORIGINS");
      }
    });

    test("every function's zip is in the stack folder and source_code_hash is its SHA-256", () => {
      const functions = resourcesOf(synth.json, "aws_lambda_function");
      expect(functions.map((fn) => fn.function_name).sort()).toEqual(
        routeHandlers()
          .map((handler) => `apigw-dev-http-api-${handler}`)
          .sort(),
      );
      for (const fn of functions) {
        const zipPath = join(synth.stackDir, String(fn.filename));
        expect(String(fn.filename)).toMatch(/^assets\//);
        expect(existsSync(zipPath)).toBe(true);
        const digest = createHash("sha256").update(readFileSync(zipPath)).digest("base64");
        expect(fn.source_code_hash).toBe(digest);
      }
    });

    test("IAM: each function may write only its own logs; only functions that use the items table reach it", () => {
      const policies = resourcesOf(synth.json, "aws_iam_role_policy");
      expect(policies).toHaveLength(routeHandlers().length);
      for (const policy of policies) {
        const document = JSON.parse(String(policy.policy)) as {
          Statement: { Action: string[]; Resource: string | string[] }[];
        };
        for (const statement of document.Statement) {
          const tracing = statement.Action.every((action) => action.startsWith("xray:"));
          if (!tracing) expect(statement.Resource).not.toEqual("*");
          expect(statement.Action).not.toContain("*");
          expect(statement.Action.some((action) => action.endsWith(":*"))).toBe(false);
        }
        const tableStatements = document.Statement.filter((s) =>
          s.Action.some((a) => a.startsWith("dynamodb:")),
        );
        const roleName = String(resolveReference(synth.json, policy.role).name);
        const handler = roleName.replace(/^apigw-dev-http-api-/, "") as keyof typeof handlers;
        const spec: HandlerSpec = handlers[handler];
        if (spec.itemsTable) {
          expect(tableStatements).toHaveLength(1);
          // Exactly what the handler's code calls, on the table alone (it has no index).
          expect(tableStatements[0].Action).toEqual(spec.itemsTable.map((action) => `dynamodb:${action}`));
          expect(tableStatements[0].Resource).toEqual([
            expect.stringMatching(/^\$\{aws_dynamodb_table\.[^.]+\.arn\}$/),
          ]);
        } else {
          expect(tableStatements).toHaveLength(0);
        }
      }
    });

    test("the items table is on-demand, encrypted, with point-in-time recovery; no deletion protection in dev", () => {
      const table = onlyResource(synth.json, "aws_dynamodb_table");
      expect(table).toMatchObject({
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "id",
        attribute: [{ name: "id", type: "S" }],
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        deletion_protection_enabled: false,
      });
    });

    test("the Cognito user pool is admin-only sign-up with a public client and the items scopes", () => {
      const pool = onlyResource(synth.json, "aws_cognito_user_pool");
      expect(pool).toMatchObject({ admin_create_user_config: { allow_admin_create_user_only: true } });
      const client = onlyResource(synth.json, "aws_cognito_user_pool_client");
      expect(client).toMatchObject({ generate_secret: false, allowed_oauth_flows: ["code"] });
      expect(client.allowed_oauth_scopes).toEqual(expect.arrayContaining([scopes.write, scopes.admin]));
    });

    test("outputs the API URL and the user pool and client ids, nothing sensitive", () => {
      const outputs = synth.json.output ?? {};
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining(["api_url", "user_pool_id", "user_pool_client_id", "jwt_issuer"]),
      );
      for (const output of Object.values(outputs)) expect(output.sensitive).not.toBe(true);
    });

    test("the provider targets the region and tags every resource", () => {
      const provider = (synth.json.provider?.aws ?? [])[0] as {
        region: string;
        default_tags: { tags: object }[];
      };
      expect(provider.region).toBe("us-east-1");
      expect(provider.default_tags[0].tags).toMatchObject({ project: "apigw-stacks", stack: "http-api" });
    });
  });

  describe("with settings", () => {
    test("an external issuer replaces the user pool", () => {
      const { json } = httpApi({
        APIGW_JWT_ISSUER: "https://login.example.com/",
        APIGW_JWT_AUDIENCE: "client-a,client-b",
      });
      expect(resourcesOf(json, "aws_cognito_user_pool")).toHaveLength(0);
      expect(onlyResource(json, "aws_apigatewayv2_authorizer").jwt_configuration).toEqual({
        issuer: "https://login.example.com/",
        audience: ["client-a", "client-b"],
      });
    });

    test("production settings turn on deletion protection and apply tags, throttles and memory", () => {
      const { json } = httpApi({
        APIGW_ENVIRONMENT: "prod",
        APIGW_TAGS: "team=platform",
        APIGW_THROTTLE_RATE: "500",
        APIGW_THROTTLE_BURST: "1000",
        APIGW_LAMBDA_MEMORY_MB: "512",
        APIGW_LAMBDA_RESERVED_CONCURRENCY: "20",
      });
      expect(onlyResource(json, "aws_dynamodb_table").deletion_protection_enabled).toBe(true);
      expect(onlyResource(json, "aws_cognito_user_pool").deletion_protection).toBe("ACTIVE");
      expect(onlyResource(json, "aws_apigatewayv2_stage").default_route_settings).toMatchObject({
        throttling_rate_limit: 500,
        throttling_burst_limit: 1000,
      });
      for (const fn of resourcesOf(json, "aws_lambda_function")) {
        expect(fn).toMatchObject({ memory_size: 512, reserved_concurrent_executions: 20 });
        expect(String(fn.function_name)).toMatch(/^apigw-prod-http-api-/);
      }
      const provider = (json.provider?.aws ?? [])[0] as { default_tags: { tags: object }[] };
      expect(provider.default_tags[0].tags).toMatchObject({ team: "platform", environment: "prod" });
    });

    test("an empty origin list turns CORS off", () => {
      const { json } = httpApi({
        APIGW_CORS_ORIGINS: "none",
      });
      expect(onlyResource(json, "aws_apigatewayv2_api").cors_configuration).toBeUndefined();
    });
  });
});
