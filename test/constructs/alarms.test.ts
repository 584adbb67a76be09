import type { StackClass } from "../../stacks/all-stacks";
import {
  describeStack,
  registeredStack,
  routeHandlers,
  STACK_IDS,
  synthOperated,
} from "../support/app-stacks";
import { onlyResource, resolveReference, resourcesOf, type TerraformJson } from "../support/synth";

type Alarm = Record<string, unknown> & { alarm_name: string };

function alarmsOf(json: TerraformJson): Map<string, Alarm> {
  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm") as Alarm[];
  return new Map(alarms.map((alarm) => [alarm.alarm_name, alarm]));
}

/** Each registered stack with its operations, synthesized with default settings once. */
const operated = new Map<string, TerraformJson>();
function defaults(Stack: StackClass): TerraformJson {
  const json = operated.get(Stack.id) ?? synthOperated(Stack).json;
  operated.set(Stack.id, json);
  return json;
}

describe("every stack's alarms", () => {
  test.each(STACK_IDS)(
    "%s: each function alarms on errors and throttles, an authorizer on throttles only (it throws Unauthorized for every bad token)",
    (id) => {
      const json = defaults(registeredStack(id) as StackClass);
      const functions = resourcesOf(json, "aws_lambda_function").map((fn) => String(fn.function_name));
      const alarms = [...alarmsOf(json).keys()];
      for (const fn of functions) {
        const own = alarms.filter((name) => name === `${fn}-errors` || name === `${fn}-throttles`).sort();
        expect(own).toEqual(
          fn.endsWith("-authorizer") ? [`${fn}-throttles`] : [`${fn}-errors`, `${fn}-throttles`],
        );
      }
    },
  );
});

describeStack("http-api", (Stack) => {
  test("5XX rate and p99 latency of the API, errors and throttles of each function and the table", () => {
    const alarms = alarmsOf(defaults(Stack));
    expect([...alarms.keys()].sort()).toEqual(
      [
        "api-5xx-rate",
        "api-p99-latency",
        ...routeHandlers().flatMap((handler) => [`${handler}-errors`, `${handler}-throttles`]),
        "items-table-read-throttles",
        "items-table-write-throttles",
      ]
        .map((name) => `apigw-dev-http-api-${name}`)
        .sort(),
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
    const [handler] = routeHandlers();
    expect(alarms.get(`apigw-dev-http-api-${handler}-throttles`)).toMatchObject({
      metric_name: "Throttles",
      dimensions: { FunctionName: `apigw-dev-http-api-${handler}` },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
    });
  });

  test("every alarm notifies the stack's topic, which is encrypted with a key CloudWatch may use", () => {
    const { json } = synthOperated(Stack, {
      APIGW_ALARM_EMAIL: "oncall@example.com",
      APIGW_ALARM_5XX_PERCENT: "2.5",
    });
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

  test("without an email there is no subscription", () => {
    expect(resourcesOf(defaults(Stack), "aws_sns_topic_subscription")).toHaveLength(0);
  });
});

describeStack("rest-regional", (Stack) => {
  test("REST: the stage's 5XXError rate and latency by API name and stage", () => {
    const alarms = alarmsOf(defaults(Stack));
    const latency = alarms.get("apigw-dev-rest-regional-api-p99-latency");
    expect(latency?.dimensions).toEqual({ ApiName: "apigw-dev-rest-regional", Stage: "dev" });
    const rate = alarms.get("apigw-dev-rest-regional-api-5xx-rate") as Alarm & {
      metric_query: { metric?: { metric_name: string } }[];
    };
    expect(rate.metric_query[0].metric?.metric_name).toBe("5XXError");
  });
});

describeStack("websocket", (Stack) => {
  test("WebSocket: integration and execution errors of the stage", () => {
    const alarms = alarmsOf(defaults(Stack));
    expect(alarms.get("apigw-dev-websocket-api-integration-errors")).toMatchObject({
      metric_name: "IntegrationError",
      dimensions: { Stage: "dev" },
    });
    expect(alarms.has("apigw-dev-websocket-api-execution-errors")).toBe(true);
    expect(alarms.has("apigw-dev-websocket-api-5xx-rate")).toBe(false);
  });
});
