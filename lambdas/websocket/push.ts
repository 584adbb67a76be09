/**
 * Server push through the `@connections` management API, and fan-out to many connections.
 *
 * - The endpoint is `https://{domainName}/{stage}` from the event (so one function serves any stage), unless
 *   `CONNECTIONS_ENDPOINT` overrides it (a local gateway, e.g. `http://127.0.0.1:4010/dev`).
 * - Fan-out runs at most `concurrency` pushes at once and gives each push its own deadline, so one slow or
 *   dead connection holds one slot for at most that long and never blocks the others.
 * - A 410 Gone means that connection is closed (or never finished `$connect`): `onGone` is called with
 *   **that** connection id. Any other failure is logged and counted; the broadcast goes on.
 */
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import type { Logger } from "../shared/log";

/** Default deadline of one push, retries included. */
export const DEFAULT_POST_TIMEOUT_MS = 3_000;
export const DEFAULT_CONCURRENCY = 16;

const clients = new Map<string, ApiGatewayManagementApiClient>();

/** The management API base URL for the API and stage an event came through. */
export function managementEndpoint(context: { readonly domainName: string; readonly stage: string }): string {
  const override = process.env.CONNECTIONS_ENDPOINT;
  if (override) return override.replace(/\/+$/, "");
  return `https://${context.domainName}/${context.stage}`;
}

/** One client per endpoint per container: its connections are reused across invocations. */
export function managementClient(endpoint: string): ApiGatewayManagementApiClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = new ApiGatewayManagementApiClient({ endpoint, requestHandler: { connectionTimeout: 1_000 } });
    clients.set(endpoint, client);
  }
  return client;
}

/** Whether a PostToConnection failure says the connection is gone for good. */
export function isGone(error: unknown): boolean {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return failure?.name === "GoneException" || failure?.$metadata?.httpStatusCode === 410;
}

export interface FanOutOptions {
  /** Pushes in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Deadline of each push in milliseconds. @default 3000 */
  readonly timeoutMs?: number;
  /** Called with each connection that answered 410 Gone; its own failure is logged, never thrown. */
  readonly onGone?: (connectionId: string) => Promise<void>;
  readonly log: Logger;
}

export interface FanOutResult {
  readonly delivered: string[];
  readonly gone: string[];
  readonly failed: string[];
}

/** Sends `data` to every connection; never throws because of one connection. */
export async function fanOut(
  client: ApiGatewayManagementApiClient,
  connectionIds: readonly string[],
  data: string,
  options: FanOutOptions,
): Promise<FanOutResult> {
  const result: FanOutResult = { delivered: [], gone: [], failed: [] };
  const payload = new TextEncoder().encode(data);
  const timeoutMs = options.timeoutMs ?? DEFAULT_POST_TIMEOUT_MS;
  await forEachWithConcurrency(
    connectionIds,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (connectionId) => {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: payload }), {
          abortSignal: AbortSignal.timeout(timeoutMs),
        });
        result.delivered.push(connectionId);
      } catch (error) {
        if (isGone(error)) {
          result.gone.push(connectionId);
          try {
            await options.onGone?.(connectionId);
          } catch (cleanupError) {
            options.log.warn("could not forget a gone connection", { connectionId, error: cleanupError });
          }
          return;
        }
        result.failed.push(connectionId);
        options.log.warn("push failed", { connectionId, error });
      }
    },
  );
  return result;
}

/** Runs `task` on every item with at most `limit` running at once; `task` must not throw. */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency ${limit} is invalid: use an integer >= 1`);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
