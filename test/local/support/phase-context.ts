/**
 * What phase unit tests need instead of a running gateway: a runtime with real services (options with their
 * defaults, throttles, quotas, a silent log, a manual clock), an incoming request, and a fake function pool.
 */
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import type { ApiRuntime, GatewayServices } from "../../../local/context";
import { DEFAULT_TEXT_MEDIA_TYPES } from "../../../local/events/body";
import type { InvokeOutcome } from "../../../local/functions/pool";
import type { LambdaFunction } from "../../../local/functions/registry";
import { GatewayLog } from "../../../local/log";
import { type GatewayOptions, resolveOptions } from "../../../local/options";
import { InFlight } from "../../../local/pipeline/work";
import { Quotas } from "../../../local/quota";
import type { References } from "../../../local/terraform/references";
import { Throttles } from "../../../local/throttle";

export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

export function fakeRuntime(options: GatewayOptions = {}, lines: string[] = []): ApiRuntime {
  const clock = () => NOW;
  const services: GatewayServices = {
    options: resolveOptions({ clock, ...options }, DEFAULT_TEXT_MEDIA_TYPES),
    log: new GatewayLog({ sink: (text) => lines.push(text) }),
    clock,
    throttles: new Throttles(clock),
    quotas: new Quotas(clock),
    issuer: undefined as never,
    work: new InFlight(),
  };
  return {
    services,
    stack: { id: "unit", dir: "", json: {} },
    refs: { region: "us-east-1", accountId: "123456789012" } as unknown as References,
    functions: undefined as never,
    origin: "http://127.0.0.1:4001",
    port: 4001,
  };
}

export interface FakeRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** An IncomingMessage as far as the gateway reads one: method, url, raw headers, socket address, body stream. */
export function fakeRequest(request: FakeRequest = {}): IncomingMessage {
  const stream = new PassThrough();
  const headers = { ...(request.headers ?? {}) };
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
  Object.assign(stream, {
    method: request.method ?? "GET",
    url: request.url ?? "/",
    rawHeaders: Object.entries(headers).flat(),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    socket: { remoteAddress: "::ffff:203.0.113.9" },
  });
  stream.end(request.body);
  return stream as unknown as IncomingMessage;
}

/** A function whose pool answers each invocation with the next outcome, recording the events it got. */
export function fakeFunction(
  outcomes: readonly InvokeOutcome[],
  name = "unit-fn",
): LambdaFunction & { events: string[]; timeouts: number[] } {
  const events: string[] = [];
  const timeouts: number[] = [];
  let next = 0;
  const pool = {
    invoke: async (event: string, _requestId: string, timeoutMs: number): Promise<InvokeOutcome> => {
      events.push(event);
      timeouts.push(timeoutMs);
      return outcomes[Math.min(next++, outcomes.length - 1)];
    },
  };
  return {
    address: `aws_lambda_function.${name}`,
    functionName: name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    pool: pool as unknown as LambdaFunction["pool"],
    events,
    timeouts,
  };
}
