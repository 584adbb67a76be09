import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import { Construct } from "constructs";
import type { Partition } from "../config/partition";
import { AlarmTopic } from "./alarm-topic";

export interface AlarmThresholds {
  /** Percentage of requests answered 5XX over 5 minutes. */
  readonly fiveXxPercent: number;
  /** p99 latency in milliseconds, sustained for 15 minutes. */
  readonly p99LatencyMs: number;
  /** Function (and WebSocket integration) errors in 5 minutes. */
  readonly errors: number;
}

export interface StackAlarmsProps {
  /** Physical name prefix of the topic and alarms, e.g. `apigw-dev-http-api`. */
  readonly namePrefix: string;
  readonly thresholds: AlarmThresholds;
  /** Partition of the account, for the topic key's policy. */
  readonly partition: Partition;
  /** @default - no subscription (subscribe yourself) */
  readonly email?: string;
}

type AlarmSpec = Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmActions" | "okActions"> & {
  name: string;
};

const FIVE_MINUTES = 300;

/**
 * The alarms that matter for a stack, found by looking at what the stack contains (so a forked stack gets
 * alarms for what it adds): per API its 5XX rate and p99 latency (WebSocket: integration and execution
 * errors), per function errors and throttles, per table read and write throttles. They notify an encrypted SNS
 * topic. Add it last, after every other construct of the stack.
 */
export class StackAlarms extends Construct {
  readonly topic: AlarmTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: StackAlarmsProps) {
    super(scope, id);
    const contents = scope.node.findAll();
    this.topic = new AlarmTopic(this, "Topic", {
      topicName: `${props.namePrefix}-alarms`,
      email: props.email,
      partition: props.partition,
    });
    const specs = [
      ...contents
        .filter((c) => c instanceof Apigatewayv2Api)
        .flatMap((api) => apiV2Alarms(api, contents, props)),
      ...contents
        .filter((c) => c instanceof ApiGatewayStage)
        .flatMap((stage) => restAlarms(stage, contents, props)),
      ...contents
        .filter((c) => c instanceof LambdaFunction)
        .flatMap((fn) => functionAlarms(fn, props, isAuthorizer(fn as LambdaFunction, contents))),
      ...contents.filter((c) => c instanceof DynamodbTable).flatMap((table) => tableAlarms(table, props)),
    ];
    for (const { name, ...config } of specs) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, name, {
          ...config,
          alarmName: `${props.namePrefix}-${name}`,
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
          treatMissingData: config.treatMissingData ?? "notBreaching",
        }),
      );
    }
  }
}

/** 100 * errors / requests over 5 minutes, 0 when there were no requests. */
function errorRate(name: string, errors: MetricRef, requests: MetricRef, percent: number): AlarmSpec {
  return {
    name,
    alarmDescription: `more than ${percent}% of requests answered 5XX over 5 minutes`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: percent,
    evaluationPeriods: 1,
    metricQuery: [
      { id: "errors", metric: { ...errors, period: FIVE_MINUTES, stat: "Sum" } },
      { id: "requests", metric: { ...requests, period: FIVE_MINUTES, stat: "Sum" } },
      {
        id: "rate",
        expression: "IF(requests > 0, 100 * errors / requests, 0)",
        label: "5XX percent",
        returnData: true,
      },
    ],
  };
}

function p99Latency(name: string, metric: MetricRef, limitMs: number): AlarmSpec {
  return {
    name,
    alarmDescription: `p99 latency above ${limitMs} ms for 15 minutes`,
    ...metric,
    extendedStatistic: "p99",
    period: FIVE_MINUTES,
    evaluationPeriods: 3,
    comparisonOperator: "GreaterThanThreshold",
    threshold: limitMs,
  };
}

interface MetricRef {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

function sumAbove(name: string, metric: MetricRef, threshold: number, description: string): AlarmSpec {
  return {
    name,
    alarmDescription: description,
    ...metric,
    statistic: "Sum",
    period: FIVE_MINUTES,
    evaluationPeriods: 1,
    comparisonOperator: threshold === 0 ? "GreaterThanThreshold" : "GreaterThanOrEqualToThreshold",
    threshold,
  };
}

function apiV2Alarms(node: unknown, contents: unknown[], props: StackAlarmsProps): AlarmSpec[] {
  const api = node as Apigatewayv2Api;
  const id = apiLabel(api);
  const apiId = { ApiId: api.id };
  const metric = (metricName: string, dimensions: Record<string, string> = apiId): MetricRef => ({
    namespace: "AWS/ApiGateway",
    metricName,
    dimensions,
  });
  if (api.protocolTypeInput === "WEBSOCKET") {
    const stage = contents.find(
      (c) => c instanceof Apigatewayv2Stage && sameValue(c, c.apiIdInput, api.id),
    ) as Apigatewayv2Stage | undefined;
    const dimensions = stage ? { ApiId: api.id, Stage: stage.nameInput ?? "" } : apiId;
    return [
      sumAbove(
        `${id}-integration-errors`,
        metric("IntegrationError", dimensions),
        props.thresholds.errors,
        `${props.thresholds.errors} or more WebSocket integration errors in 5 minutes`,
      ),
      sumAbove(
        `${id}-execution-errors`,
        metric("ExecutionError", dimensions),
        props.thresholds.errors,
        `${props.thresholds.errors} or more WebSocket execution errors in 5 minutes`,
      ),
    ];
  }
  return [
    errorRate(`${id}-5xx-rate`, metric("5xx"), metric("Count"), props.thresholds.fiveXxPercent),
    p99Latency(`${id}-p99-latency`, metric("Latency"), props.thresholds.p99LatencyMs),
  ];
}

function restAlarms(node: unknown, contents: unknown[], props: StackAlarmsProps): AlarmSpec[] {
  const stage = node as ApiGatewayStage;
  const api = contents.find(
    (c) => c instanceof ApiGatewayRestApi && sameValue(stage, stage.restApiIdInput, c.id),
  ) as ApiGatewayRestApi | undefined;
  if (!api) return [];
  const id = apiLabel(api);
  const dimensions = { ApiName: api.nameInput ?? "", Stage: stage.stageNameInput ?? "" };
  const metric = (metricName: string): MetricRef => ({ namespace: "AWS/ApiGateway", metricName, dimensions });
  return [
    errorRate(`${id}-5xx-rate`, metric("5XXError"), metric("Count"), props.thresholds.fiveXxPercent),
    p99Latency(`${id}-p99-latency`, metric("Latency"), props.thresholds.p99LatencyMs),
  ];
}

/** Whether two values (references are tokens, fresh on every read) resolve to the same Terraform expression. */
function sameValue(scope: Construct, a: unknown, b: unknown): boolean {
  const resolve = (value: unknown) =>
    JSON.stringify(
      Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) }),
    );
  return resolve(a) === resolve(b);
}

/** The construct id of the API (or of its parent when the API is the parent's `Resource`), lowercased. */
function apiLabel(api: Construct): string {
  const id = api.node.id === "Resource" ? (api.node.scope?.node.id ?? "api") : api.node.id;
  return id.toLowerCase();
}

/** `apigw-dev-http-api-items` under the prefix `apigw-dev-http-api` is `items`. */
function shortName(physicalName: string, prefix: string): string {
  return physicalName.startsWith(`${prefix}-`) ? physicalName.slice(prefix.length + 1) : physicalName;
}

/** A function behind a REST or v2 authorizer (its authorizer URI is the function's invoke ARN). */
function isAuthorizer(fn: LambdaFunction, contents: unknown[]): boolean {
  return contents.some(
    (c) =>
      (c instanceof ApiGatewayAuthorizer || c instanceof Apigatewayv2Authorizer) &&
      c.authorizerUriInput !== undefined &&
      sameValue(fn, c.authorizerUriInput, fn.invokeArn),
  );
}

/**
 * Errors and throttles of a function. Authorizers get no Errors alarm: they answer a missing or bad token by
 * throwing "Unauthorized" (API Gateway's contract), so their Errors count client mistakes, not faults.
 */
function functionAlarms(
  node: unknown,
  { thresholds, namePrefix }: StackAlarmsProps,
  authorizer: boolean,
): AlarmSpec[] {
  const fn = node as LambdaFunction;
  const dimensions = { FunctionName: fn.functionNameInput ?? "" };
  const name = shortName(dimensions.FunctionName, namePrefix);
  const metric = (metricName: string): MetricRef => ({ namespace: "AWS/Lambda", metricName, dimensions });
  const throttles = sumAbove(
    `${name}-throttles`,
    metric("Throttles"),
    0,
    "invocations throttled (concurrency exhausted)",
  );
  if (authorizer) return [throttles];
  return [
    sumAbove(
      `${name}-errors`,
      metric("Errors"),
      thresholds.errors,
      `${thresholds.errors} or more errors in 5 minutes`,
    ),
    throttles,
  ];
}

function tableAlarms(node: unknown, { namePrefix }: StackAlarmsProps): AlarmSpec[] {
  const table = node as DynamodbTable;
  const dimensions = { TableName: table.nameInput ?? "" };
  const name = `${shortName(dimensions.TableName, namePrefix)}-table`;
  return ["ReadThrottleEvents", "WriteThrottleEvents"].map((metricName) =>
    sumAbove(
      `${name}-${metricName === "ReadThrottleEvents" ? "read" : "write"}-throttles`,
      { namespace: "AWS/DynamoDB", metricName, dimensions },
      0,
      `DynamoDB ${metricName === "ReadThrottleEvents" ? "reads" : "writes"} throttled`,
    ),
  );
}
