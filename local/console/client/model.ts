/** What the console reads from the gateway: `/_local/stacks`, the live log's events and `send`'s answers. */
import type { StackFacts } from "../facts";

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly enabled: boolean;
  readonly usagePlans: readonly string[];
}

export interface Stack {
  readonly id: string;
  readonly variant: "http" | "rest" | "websocket";
  readonly endpointType: string;
  readonly name: string;
  readonly stage: string;
  readonly url: string;
  readonly routes: readonly string[];
  readonly apiKeys: readonly ApiKey[];
  readonly functions: readonly string[];
  readonly details?: StackFacts;
}

export interface LiveRequest {
  readonly seq: number;
  readonly at: number;
  readonly stack: string;
  readonly method: string;
  readonly path: string;
  readonly route?: string;
  readonly status: number;
  readonly durationMs: number;
  readonly functionName?: string;
  readonly cold?: boolean;
  readonly note?: string;
  readonly output: readonly string[];
}

export interface SendResult {
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly body: string;
  readonly durationMs: number;
}

/** A stack's routes with their auth: from its facts, or only the keys when the facts are missing. */
export function routeFacts(stack: Stack, unknownAuth = "?") {
  return (
    stack.details?.routes ??
    stack.routes.map((key) => ({ key, auth: unknownAuth, scopes: [] as string[], apiKeyRequired: false }))
  );
}

/** A token from the gateway's local issuer (`POST /_local/token`). */
export async function mint(
  scopes: string,
  sub = "ada",
  claims: Record<string, string> = {},
): Promise<string> {
  const response = await fetch("/_local/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub, scope: scopes, expiresIn: 3600, claims }),
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (!body.token) throw new Error(body.message ?? `token: ${response.status}`);
  return body.token;
}
