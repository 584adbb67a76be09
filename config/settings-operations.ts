/** Settings of the operational extras every stack gets: alarms and where they notify. */
import { decimal, integer, matching } from "./parsers";
import { setting } from "./setting-spec";

export const OPERATIONS_SETTINGS = {
  alarmEmail: setting<string | undefined>({
    env: "APIGW_ALARM_EMAIL",
    context: "alarmEmail",
    parse: matching(/^(?=.{3,254}$)[^\s@]+@[^\s@]+\.[^\s@]+$/, "an email address of at most 254 characters"),
    default: undefined,
    doc: "Email subscribed to each stack's alarm topic (confirm the subscription mail); unset: subscribe yourself.",
  }),
  alarm5xxPercent: setting({
    env: "APIGW_ALARM_5XX_PERCENT",
    context: "alarm5xxPercent",
    parse: decimal(0.01, 100),
    default: 1,
    doc: "Alarm when more than this percentage of an API's requests fail with 5XX over 5 minutes.",
  }),
  alarmP99LatencyMs: setting({
    env: "APIGW_ALARM_P99_LATENCY_MS",
    context: "alarmP99LatencyMs",
    parse: integer(10, 60_000),
    default: 2_000,
    doc: "Alarm when an API's p99 latency stays above this many milliseconds for 15 minutes.",
  }),
  alarmLambdaErrors: setting({
    env: "APIGW_ALARM_LAMBDA_ERRORS",
    context: "alarmLambdaErrors",
    parse: integer(1, 100_000),
    default: 5,
    doc: "Alarm when a function (or a WebSocket integration) reports this many errors or more in 5 minutes; throttles alarm at the first one.",
  }),
} as const;
