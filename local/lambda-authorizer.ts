/**
 * Calling a Lambda authorizer (REST TOKEN/REQUEST, HTTP API REQUEST, WebSocket `$connect`) with its result
 * cache: the key is the identity-source values, the TTL the authorizer's `authorizer_result_ttl_in_seconds`
 * (0 disables it). A returned policy is cached and re-evaluated for each request (spec §4.3); thrown errors are
 * not cached. An error whose message is exactly `Unauthorized` means 401.
 */
import type { Clock } from "./clock";
import { randomUUID } from "./events/common";
import type { LambdaFunction } from "./functions/registry";

export type AuthorizerCall =
  | {
      readonly kind: "response";
      readonly value: unknown;
      readonly latencyMs: number;
      readonly cached: boolean;
    }
  | { readonly kind: "unauthorized" }
  | { readonly kind: "error"; readonly reason: string };

interface CacheEntry {
  readonly expires: number;
  readonly value: unknown;
}

export class LambdaAuthorizerRunner {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    readonly fn: LambdaFunction | undefined,
    /** Seconds; 0 disables caching. */
    readonly ttlSeconds: number,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  /** Runs the authorizer (or answers from the cache when `cacheKey` is given and fresh). */
  async call(event: unknown, cacheKey: string | undefined): Promise<AuthorizerCall> {
    const now = this.clock();
    if (cacheKey !== undefined && this.ttlSeconds > 0) {
      const hit = this.cache.get(cacheKey);
      if (hit && hit.expires > now) return { kind: "response", value: hit.value, latencyMs: 0, cached: true };
    }
    if (!this.fn) return { kind: "error", reason: "the authorizer's function is not in the stack" };
    const started = performance.now();
    const outcome = await this.fn.pool.invoke(JSON.stringify(event), randomUUID(), this.timeoutMs);
    const latencyMs = Math.round(performance.now() - started);
    if (outcome.kind === "timeout") return { kind: "error", reason: "the authorizer timed out" };
    if (outcome.kind === "error") {
      if (outcome.error.errorMessage === "Unauthorized") return { kind: "unauthorized" };
      return {
        kind: "error",
        reason: `the authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      };
    }
    let value: unknown;
    try {
      value = JSON.parse(outcome.payload);
    } catch {
      return { kind: "error", reason: "the authorizer's result is not JSON" };
    }
    if (cacheKey !== undefined && this.ttlSeconds > 0) {
      this.cache.set(cacheKey, { expires: this.clock() + this.ttlSeconds * 1000, value });
    }
    return { kind: "response", value, latencyMs, cached: false };
  }

  reset(): void {
    this.cache.clear();
  }
}

/** Context values of a policy response: strings, numbers, booleans only (anything else is a 500 on REST). */
export function scalarContext(context: unknown): Record<string, string | number | boolean> | undefined {
  if (context === undefined || context === null) return {};
  if (typeof context !== "object" || Array.isArray(context)) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      return undefined;
    out[key] = value;
  }
  return out;
}
