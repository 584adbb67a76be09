/** Starts the local gateway in a test (free ports, output captured) and offers the calls tests make. */

import type { ApiDescription } from "../../../local/context";
import { type RunningGateway, startGateway } from "../../../local/gateway";
import type { TokenRequest } from "../../../local/issuer";
import type { GatewayOptions } from "../../../local/options";
import { synthesizedOutdir } from "./synthesized";

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly url: string;
  readonly stacks: ApiDescription[];
  /** Lines the gateway printed (request lines and function output), buffered ones included. */
  readonly lines: string[];
  api(id: string): ApiDescription;
  token(request?: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field.
  readonly json: any;
}

/** `fetch` that reads the body as text and JSON (when it is JSON). */
export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function startTestGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const lines: string[] = [];
  const gateway = await startGateway({
    port: 0,
    outdir: options.outdir ?? synthesizedOutdir(),
    ...options,
    log: { sink: (text) => lines.push(...text.split("\n").filter((line) => line !== "")), ...options.log },
  });
  const stacks = (await call(`${gateway.url}/_local/stacks`)).json.stacks as ApiDescription[];
  return {
    gateway,
    url: gateway.url,
    stacks,
    get lines() {
      gateway.log.flush();
      return lines;
    },
    api(id) {
      const found = stacks.find((stack) => stack.id === id);
      if (!found) throw new Error(`no stack ${id} (have ${stacks.map((s) => s.id).join(", ")})`);
      return found;
    },
    async token(request = {}) {
      const reply = await call(`${gateway.url}/_local/token`, {
        method: "POST",
        body: JSON.stringify(request),
      });
      if (reply.status !== 200) throw new Error(`token: ${reply.status} ${reply.text}`);
      return reply.json.token as string;
    },
    close: () => gateway.close(),
  };
}

/** A controllable clock: frozen unless moved. */
export function manualClock(start = Date.now()): {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
    set(ms) {
      time = ms;
    },
  };
}

/** Waits until `check` returns true (polling), for effects that follow a response (logs, best-effort events). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
