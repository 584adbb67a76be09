import { HttpApiStack } from "../../stacks/http-api/stack";
import { addOperations } from "../../stacks/operations";
import { RestRegionalStack } from "../../stacks/rest-regional/stack";
import { WebSocketStack } from "../../stacks/websocket/stack";
import {
  onlyResource,
  resolveReference,
  resourcesOf,
  synthStack,
  type TerraformJson,
} from "../support/synth";

type Alarm = Record<string, unknown> & { alarm_name: string };

function alarmsOf(json: TerraformJson): Map<string, Alarm> {
  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm") as Alarm[];
  return new Map(alarms.map((alarm) => [alarm.alarm_name, alarm]));
}

describe("stack alarms", () => {
  test("http-api: 5XX rate and p99 latency of the API, errors and throttles of each function and the table", () => {
    const { json } = synthStack((app, settings) => {
      const stack = new HttpApiStack(app, settings);
      addOperations(stack, settings);
      return stack;
    });
    const alarms = alarmsOf(json);
    expect([...alarms.keys()].sort()).toEqual(
      [
        "api-5xx-rate",
        "api-p99-latency",
        "hello-errors",
        "hello-throttles",
        "items-errors",
        "items-table-read-throttles",
        "items-table-write-throttles",
        "items-throttles",
      ].map((name) => `apigw-dev-http-api-${name}`),
    );
    const rate = alarms.get("apigw-dev-http-api-api-5xx-rate") as Alarm & {
      metric_query: Record<string, unknown>[];
    };
    expect(rate.threshold).toBe(1);
    expect(rate.metric_query.map((query) => query.id)).toEqual(["errors", "requests", "rate"]);
    expect(rate.metric_query[0]).toMatchObject({
      metric: { metric_name: "5xx", namespace: "AWS/ApiGateway" },
    });
    expect(alarms.get("apigw-dev-http-api-api-p99-latency")).toMatchObject({
      extended_statistic: "p99",
      threshold: 2000,
      metric_name: "Latency",
    });
    expect(alarms.get("apigw-dev-http-api-items-throttles")).toMatchObject({
      metric_name: "Throttles",
      dimensions: { FunctionName: "apigw-dev-http-api-items" },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  test("every alarm notifies the stack's topic, which is encrypted with a key CloudWatch may use", () => {
    const { json } = synthStack(
      (app, settings) => {
        const stack = new HttpApiStack(app, settings);
        addOperations(stack, settings);
        return stack;
      },
      { APIGW_ALARM_EMAIL: "oncall@example.com", APIGW_ALARM_5XX_PERCENT: "2.5" },
    );
    const topic = onlyResource(json, "aws_sns_topic");
    const key = resolveReference(json, topic.kms_master_key_id);
    expect(key.enable_key_rotation).toBe(true);
    const policy = JSON.parse(String(key.policy)) as { Statement: { Principal: unknown; Action: unknown }[] };
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      }),
    );
    for (const alarm of alarmsOf(json).values()) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/)]);
    }
    expect(onlyResource(json, "aws_sns_topic_subscription")).toMatchObject({
      protocol: "email",
      endpoint: "oncall@example.com",
    });
    expect(alarmsOf(json).get("apigw-dev-http-api-api-5xx-rate")?.threshold).toBe(2.5);
  });

  test("REST: the stage's 5XXError rate and latency by API name and stage", () => {
    const { json } = synthStack((app, settings) => {
      const stack = new RestRegionalStack(app, settings);
      addOperations(stack, settings);
      return stack;
    });
    const latency = alarmsOf(json).get("apigw-dev-rest-regional-api-p99-latency");
    expect(latency?.dimensions).toEqual({ ApiName: "apigw-dev-rest-regional", Stage: "dev" });
    const rate = alarmsOf(json).get("apigw-dev-rest-regional-api-5xx-rate") as Alarm & {
      metric_query: { metric?: { metric_name: string } }[];
    };
    expect(rate.metric_query[0].metric?.metric_name).toBe("5XXError");
  });

  test("authorizer functions alarm on throttles only: they throw Unauthorized for every bad token", () => {
    for (const Stack of [RestRegionalStack, WebSocketStack]) {
      const { json } = synthStack((app, settings) => {
        const stack = new Stack(app, settings);
        addOperations(stack, settings);
        return stack;
      });
      const names = [...alarmsOf(json).keys()].filter((name) => name.includes("-authorizer-"));
      expect(names).toEqual([expect.stringMatching(/-authorizer-throttles$/)]);
    }
  });

  test("WebSocket: integration and execution errors of the stage", () => {
    const { json } = synthStack((app, settings) => {
      const stack = new WebSocketStack(app, settings);
      addOperations(stack, settings);
      return stack;
    });
    const alarms = alarmsOf(json);
    expect(alarms.get("apigw-dev-websocket-api-integration-errors")).toMatchObject({
      metric_name: "IntegrationError",
      dimensions: { Stage: "dev" },
    });
    expect(alarms.has("apigw-dev-websocket-api-execution-errors")).toBe(true);
    expect(alarms.has("apigw-dev-websocket-api-5xx-rate")).toBe(false);
  });

  test("without an email there is no subscription", () => {
    const { json } = synthStack((app, settings) => {
      const stack = new HttpApiStack(app, settings);
      addOperations(stack, settings);
      return stack;
    });
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toHaveLength(0);
  });
});
