/** CloudWatch Logs log groups and resource policies, metric alarms: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, type Constraint, count, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, conflicting, oneOfKeys, type ValidityRule } from "../rule";
import { policyDocumentRule, validArn } from "./iam";

/** Retention periods the provider accepts (0: never expire). */
const RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;

/** The provider's extended-statistic pattern (percentiles, trimmed means, IQM, ranges). */
const EXTENDED_STATISTIC =
  /^((p|(tm)|(wm)|(tc)|(ts))((\d{1,2}(\.\d{1,2})?)|(100))|(IQM)|(((TM)|(WM)|(PR)|(TC)|(TS)))\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$/;

/** A period in seconds: one of the high-resolution periods, or a multiple of 60. */
const periodSeconds = (highResolution: readonly number[]): Constraint => ({
  describe: `${highResolution.join(", ")} or a multiple of 60 seconds`,
  test: (value) =>
    typeof value === "number" &&
    Number.isInteger(value) &&
    value > 0 &&
    (highResolution.includes(value) || value % 60 === 0),
});

const noAsciiControl: Constraint = {
  describe: "no ASCII control characters",
  test: (value) =>
    typeof value === "string" && [...value].every((c) => c.charCodeAt(0) > 0x1f && c !== "\u007f"),
};

const atLeastOne: Constraint = {
  describe: "an integer of at least 1",
  test: (value) => Number.isInteger(value) && (value as number) >= 1,
};

const dimensionCount: Constraint = {
  describe: "at most 30 dimensions",
  test: (value) => value !== null && typeof value === "object" && Object.keys(value).length <= 30,
};

const ALARM = "aws_cloudwatch_metric_alarm";
const alarmSource = (what: string) => `internal/service/cloudwatch/metric_alarm.go: ${what}`;

/** The alarm's period: its own, or the longest period of its metric queries. */
function alarmPeriod(block: Readonly<Record<string, unknown>>): number | undefined {
  if (typeof block.period === "number") return block.period;
  const queries = Array.isArray(block.metric_query) ? block.metric_query : [];
  const periods = queries.flatMap((query: Record<string, unknown>) => {
    const metric = Array.isArray(query.metric) ? query.metric[0] : query.metric;
    const period = (metric as Record<string, unknown> | undefined)?.period ?? query.period;
    return typeof period === "number" ? [period] : [];
  });
  return periods.length > 0 ? Math.max(...periods) : undefined;
}

const evaluationWindow: BlockRule = {
  kind: "block",
  type: ALARM,
  block: "",
  name: "period x evaluation_periods at most 7 days (1 day for periods under an hour)",
  source: {
    api: "cloudwatch 2010-08-01 PutMetricAlarmInput.Period: 'Period multiplied by EvaluationPeriods can't be more than 604,800 seconds', and at most 86,400 for periods under 3,600 seconds",
  },
  bad: { evaluation_periods: 10_000 },
  check: (block) => {
    const period = alarmPeriod(block);
    const periods = block.evaluation_periods;
    if (period === undefined || typeof periods !== "number") return undefined;
    const limit = period < 3600 ? 86_400 : 604_800;
    return period * periods > limit
      ? `${period} s x ${periods} evaluation periods = ${period * periods} s, over ${limit} s`
      : undefined;
  },
};

const oneReturnedQuery: BlockRule = {
  kind: "block",
  type: ALARM,
  block: "",
  name: "exactly one metric_query with return_data = true",
  source: {
    api: "cloudwatch 2010-08-01 MetricDataQuery.ReturnData: 'When used in PutMetricAlarm, specify true for the one expression result to use as the alarm'",
  },
  bad: { metric_query: [{ id: "rate", expression: "1", return_data: false }] },
  check: (block) => {
    if (!Array.isArray(block.metric_query)) return undefined;
    const returned = block.metric_query.filter(
      (query: Record<string, unknown>) => query.return_data === true,
    );
    return returned.length === 1 ? undefined : `${returned.length} metric queries have return_data = true`;
  },
};

const statisticForMetric: BlockRule = {
  kind: "block",
  type: ALARM,
  block: "",
  name: "metric_name needs exactly one of statistic, extended_statistic",
  source: {
    provider: alarmSource(
      "CustomizeDiff 'One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm'",
    ),
    api: "cloudwatch 2010-08-01 PutMetricAlarmInput.ExtendedStatistic: 'you must specify either Statistic or ExtendedStatistic but not both'",
  },
  bad: { metric_name: "Errors", statistic: undefined, extended_statistic: undefined },
  check: (block) => {
    if (block.metric_name === undefined || block.metric_name === null) return undefined;
    const set = ["statistic", "extended_statistic"].filter(
      (key) => block[key] !== undefined && block[key] !== null,
    );
    return set.length === 1
      ? undefined
      : `metric_name is set with ${set.length === 0 ? "neither" : "both"} of statistic, extended_statistic`;
  },
};

export const cloudwatchRules: ValidityRule[] = [
  ...attributes("aws_cloudwatch_log_group", [
    {
      attribute: "name",
      constraint: all(length(1, 512), pattern(/^[.\-_/#A-Za-z0-9]+$/, "letters, digits and . - _ / #")),
      source: {
        provider:
          "internal/service/logs/validate.go: name validLogGroupName (StringLenBetween(1, 512), pattern)",
        api: "logs 2014-03-28 LogGroupName (CreateLogGroup logGroupName): 1-512, [\\.\\-_/#A-Za-z0-9]+",
      },
      bad: "/aws/lambda/hello world",
    },
    {
      attribute: "retention_in_days",
      constraint: oneOf(RETENTION_DAYS),
      source: {
        provider:
          "internal/service/logs/group.go: retention_in_days validation.IntInSlice([0, 1, 3, ..., 3653])",
        api: "logs 2014-03-28 PutRetentionPolicy retentionInDays (Days)",
      },
      bad: 366,
      fix: "set APIGW_LOG_RETENTION_DAYS to one of the values CloudWatch Logs accepts",
    },
  ]),

  policyDocumentRule(
    "aws_cloudwatch_log_resource_policy",
    "policy_document",
    { max: 51_200, unit: "characters" },
    {
      provider: "internal/service/logs/resource_policy.go: policy_document validation.StringIsJSON",
      api: "logs 2014-03-28 PolicyDocument (PutResourcePolicy policyDocument): 1-51200 (5120 in models before 2025)",
    },
  ),

  ...attributes(ALARM, [
    {
      attribute: "alarm_name",
      constraint: all(length(1, 255), noAsciiControl),
      source: {
        provider: alarmSource("alarm_name validation.StringLenBetween(1, 255)"),
        api: "cloudwatch 2010-08-01 AlarmName (PutMetricAlarm AlarmName): 1-255, UTF-8 without ASCII control characters",
      },
      bad: "a".repeat(256),
      fix: "alarm names are <APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-<stack>-<alarm>: shorten the prefix or environment",
    },
    {
      attribute: "alarm_description",
      constraint: length(0, 1024),
      source: {
        provider: alarmSource("alarm_description validation.StringLenBetween(0, 1024)"),
        api: "cloudwatch 2010-08-01 AlarmDescription: 0-1024",
      },
      bad: "x".repeat(1025),
    },
    {
      attribute: "comparison_operator",
      constraint: oneOf([
        "GreaterThanOrEqualToThreshold",
        "GreaterThanThreshold",
        "LessThanThreshold",
        "LessThanOrEqualToThreshold",
        "LessThanLowerOrGreaterThanUpperThreshold",
        "LessThanLowerThreshold",
        "GreaterThanUpperThreshold",
      ]),
      source: {
        provider: alarmSource("comparison_operator enum.Validate[types.ComparisonOperator]()"),
        api: "cloudwatch 2010-08-01 ComparisonOperator enum",
      },
      bad: "GreaterThan",
    },
    {
      attribute: "evaluation_periods",
      constraint: atLeastOne,
      source: {
        provider: alarmSource("evaluation_periods validation.IntAtLeast(1)"),
        api: "cloudwatch 2010-08-01 EvaluationPeriods: min 1",
      },
      bad: 0,
    },
    {
      attribute: "treat_missing_data",
      constraint: oneOf(["breaching", "notBreaching", "ignore", "missing"]),
      source: {
        provider: alarmSource("treat_missing_data StringInSlice(missingData_Values())"),
        api: "cloudwatch 2010-08-01 PutMetricAlarmInput.TreatMissingData: breaching | notBreaching | ignore | missing",
      },
      bad: "zero",
    },
    {
      attribute: "statistic",
      constraint: oneOf(STATISTICS),
      source: {
        provider: alarmSource("statistic enum.Validate[types.Statistic]()"),
        api: "cloudwatch 2010-08-01 Statistic enum",
      },
      bad: "sum",
    },
    {
      attribute: "extended_statistic",
      constraint: pattern(EXTENDED_STATISTIC, "a percentile such as p99, or tm/wm/tc/ts/IQM/PR(n:m) forms"),
      source: {
        provider: alarmSource("extended_statistic validation.StringMatch(percentile pattern)"),
        api: "cloudwatch 2010-08-01 PutMetricAlarmInput.ExtendedStatistic valid values",
      },
      bad: "p999",
    },
    {
      attribute: "period",
      // The provider accepts 10 and 30 of the API's 10, 20 and 30: the stricter set applies.
      constraint: periodSeconds([10, 30]),
      source: {
        provider: alarmSource("period IntInSlice(10, 30) or IntDivisibleBy(60)"),
        api: "cloudwatch 2010-08-01 PutMetricAlarmInput.Period: 'Valid values are 10, 20, 30, and any multiple of 60'",
      },
      bad: 45,
    },
    {
      attribute: "namespace",
      constraint: all(length(1, 255), pattern(/^[^:].*$/, "not starting with a colon")),
      source: {
        provider: alarmSource("namespace StringLenBetween(1, 255), StringMatch([^:].*)"),
        api: "cloudwatch 2010-08-01 Namespace: 1-255, pattern [^:].*",
      },
      bad: ":AWS/Lambda",
    },
    {
      attribute: "metric_name",
      constraint: length(1, 255),
      source: {
        provider: alarmSource("metric_name validation.StringLenBetween(1, 255)"),
        api: "cloudwatch 2010-08-01 MetricName: 1-255",
      },
      bad: "",
    },
    {
      attribute: "dimensions",
      constraint: dimensionCount,
      source: { api: "cloudwatch 2010-08-01 Dimensions (PutMetricAlarm Dimensions): max 30" },
      bad: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`D${i}`, "x"])),
    },
    {
      attribute: "dimensions.@key",
      constraint: length(1, 255),
      source: { api: "cloudwatch 2010-08-01 DimensionName: 1-255" },
      bad: "",
    },
    {
      attribute: "dimensions.*",
      constraint: length(1, 1024),
      source: { api: "cloudwatch 2010-08-01 DimensionValue: 1-1024" },
      bad: "",
    },
    {
      attribute: "alarm_actions",
      constraint: count(0, 5),
      source: { api: "cloudwatch 2010-08-01 ResourceList (PutMetricAlarm AlarmActions): max 5" },
      bad: Array.from({ length: 6 }, (_, i) => `arn:aws:sns:us-east-1:123456789012:t${i}`),
    },
    {
      attribute: "alarm_actions",
      each: true,
      constraint: validArn,
      source: { provider: alarmSource("alarm_actions verify.ValidARN (or an EC2 automate ARN)") },
      bad: "alarms-topic",
    },
    {
      attribute: "ok_actions",
      constraint: count(0, 5),
      source: {
        provider: alarmSource("ok_actions MaxItems: 5"),
        api: "cloudwatch 2010-08-01 ResourceList (PutMetricAlarm OKActions): max 5",
      },
      bad: Array.from({ length: 6 }, (_, i) => `arn:aws:sns:us-east-1:123456789012:t${i}`),
    },
    {
      attribute: "metric_query.id",
      constraint: all(
        length(1, 255),
        pattern(/^[a-z][A-Za-z0-9_]*$/, "a lowercase letter, then letters, digits or _"),
      ),
      source: {
        provider: alarmSource("metric_query.id validation.StringLenBetween(1, 255)"),
        api: "cloudwatch 2010-08-01 MetricDataQuery.Id: 'letters, numbers, and underscore. The first character must be a lowercase letter'",
      },
      bad: "Errors",
    },
    {
      attribute: "metric_query.expression",
      constraint: length(1, 1024),
      source: {
        provider: alarmSource("metric_query.expression validation.StringLenBetween(1, 1024)"),
        api: "cloudwatch 2010-08-01 MetricExpression: 1-2048",
      },
      bad: "x".repeat(1025),
    },
    {
      attribute: "metric_query.metric.metric_name",
      constraint: length(1, 255),
      source: {
        provider: alarmSource("metric_query.metric.metric_name validation.StringLenBetween(1, 255)"),
        api: "cloudwatch 2010-08-01 MetricName: 1-255",
      },
      bad: "",
    },
    {
      attribute: "metric_query.metric.namespace",
      constraint: all(length(1, 255), pattern(/^[^:].*$/, "not starting with a colon")),
      source: {
        provider: alarmSource("metric_query.metric.namespace StringLenBetween(1, 255), StringMatch([^:].*)"),
        api: "cloudwatch 2010-08-01 Namespace: 1-255, pattern [^:].*",
      },
      bad: "",
    },
    {
      attribute: "metric_query.metric.period",
      constraint: periodSeconds([1, 5, 10, 30]),
      source: {
        provider: alarmSource("metric_query.metric.period IntInSlice(1, 5, 10, 30) or IntDivisibleBy(60)"),
        api: "cloudwatch 2010-08-01 MetricStat.Period: min 1",
      },
      bad: 45,
    },
    {
      attribute: "metric_query.metric.stat",
      constraint: {
        describe: `one of ${STATISTICS.join(", ")} or an extended statistic such as p99`,
        test: (value) =>
          typeof value === "string" &&
          ((STATISTICS as readonly string[]).includes(value) || EXTENDED_STATISTIC.test(value)),
      },
      source: {
        provider: alarmSource(
          "metric_query.metric.stat enum.Validate[types.Statistic]() or the percentile pattern",
        ),
      },
      bad: "sum",
    },
    {
      attribute: "metric_query.metric.dimensions.*",
      constraint: length(1, 1024),
      source: { api: "cloudwatch 2010-08-01 DimensionValue: 1-1024" },
      bad: "",
    },
  ]),
  conflicting(
    ALARM,
    "",
    ["statistic", "extended_statistic"],
    { provider: alarmSource('statistic ConflictsWith: ["extended_statistic", "metric_query"]') },
    { statistic: "Sum", extended_statistic: "p99" },
  ),
  conflicting(
    ALARM,
    "",
    ["metric_name", "metric_query"],
    { provider: alarmSource('metric_name ConflictsWith: ["metric_query"]') },
    { metric_name: "Errors", metric_query: [{ id: "m", expression: "1", return_data: true }] },
  ),
  conflicting(
    ALARM,
    "",
    ["dimensions", "metric_query"],
    { provider: alarmSource('dimensions ConflictsWith: ["metric_query"]') },
    { dimensions: { FunctionName: "f" }, metric_query: [{ id: "m", expression: "1", return_data: true }] },
  ),
  conflicting(
    ALARM,
    "",
    ["period", "metric_query"],
    { provider: alarmSource('period ConflictsWith: ["metric_query"]') },
    { period: 300, metric_query: [{ id: "m", expression: "1", return_data: true }] },
  ),
  conflicting(
    ALARM,
    "",
    ["namespace", "metric_query"],
    { provider: alarmSource('namespace ConflictsWith: ["metric_query"]') },
    { namespace: "AWS/Lambda", metric_query: [{ id: "m", expression: "1", return_data: true }] },
  ),
  oneOfKeys(
    ALARM,
    "metric_query",
    ["expression", "metric"],
    {
      provider: alarmSource(
        "CustomizeDiff 'No metric_query may have both `expression` and a `metric` specified'",
      ),
      api: "cloudwatch 2010-08-01 MetricDataQuery.Expression: 'you must specify either Expression or MetricStat but not both'",
    },
    {
      expression: "m1 * 2",
      metric: { metric_name: "Errors", namespace: "AWS/Lambda", period: 300, stat: "Sum" },
    },
  ),
  statisticForMetric,
  oneReturnedQuery,
  evaluationWindow,
];
