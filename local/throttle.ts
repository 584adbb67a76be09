/**
 * Token buckets (gateway-behavior §5.2): capacity `burst`, starting full, refilled continuously at `rate`
 * tokens per second; each request takes one token, and with less than one token left the request is throttled
 * (429). Deterministic (AWS is "best effort"): the same sequence of requests and times always gives the same
 * answers.
 */
import type { Clock } from "./clock";

export interface ThrottleLimit {
  /** Tokens per second. */
  readonly rate: number;
  /** Bucket capacity. */
  readonly burst: number;
}

/** API Gateway's account-level default per region (gateway-behavior §5.2). */
export const ACCOUNT_LIMIT: ThrottleLimit = { rate: 10_000, burst: 5_000 };

class Bucket {
  tokens: number;
  updated: number;

  constructor(
    readonly limit: ThrottleLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.updated = now;
  }

  refill(now: number): void {
    if (now > this.updated) {
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.updated) / 1000) * this.limit.rate);
      this.updated = now;
    }
  }
}

export class Throttles {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  /**
   * Takes one token from every bucket in `checks` (all must have one, or none is taken). Returns false when
   * the request is throttled.
   */
  take(checks: readonly (readonly [key: string, limit: ThrottleLimit])[]): boolean {
    const now = this.clock();
    const buckets: Bucket[] = [];
    for (const [key, limit] of checks) {
      let bucket = this.buckets.get(key);
      if (!bucket || bucket.limit.rate !== limit.rate || bucket.limit.burst !== limit.burst) {
        bucket = new Bucket(limit, now);
        this.buckets.set(key, bucket);
      }
      bucket.refill(now);
      if (bucket.tokens < 1) return false;
      buckets.push(bucket);
    }
    for (const bucket of buckets) bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}

/**
 * A limit from Terraform's `throttling_rate_limit` / `throttling_burst_limit`; the one not given takes the
 * account default. Undefined when neither is given.
 */
export function throttleLimit(rate: unknown, burst: unknown): ThrottleLimit | undefined {
  if (typeof rate !== "number" && typeof burst !== "number") return undefined;
  return {
    rate: typeof rate === "number" ? rate : ACCOUNT_LIMIT.rate,
    burst: typeof burst === "number" ? burst : ACCOUNT_LIMIT.burst,
  };
}

/** The limit of a route-settings block (`throttling_rate_limit`, `throttling_burst_limit`), if it sets one. */
export function settingsThrottle(settings: Record<string, unknown> | undefined): ThrottleLimit | undefined {
  return settings
    ? throttleLimit(settings.throttling_rate_limit, settings.throttling_burst_limit)
    : undefined;
}
