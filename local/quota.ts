/**
 * Usage-plan quotas (gateway-behavior §5.3): a request count per API key per usage plan per period. Periods
 * are calendar periods in UTC by default (DAY from 00:00, WEEK from Monday 00:00, MONTH from the 1st), or
 * rolling windows from the first request (gateway-behavior §8.5 [U]: AWS's exact boundaries are unverified).
 * `offset` is subtracted from the limit in the first period, as the API model defines it.
 */
import type { Clock } from "./clock";

export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";
export type QuotaPeriodMode = "calendar" | "rolling";

export interface QuotaLimit {
  readonly limit: number;
  readonly period: QuotaPeriod;
  readonly offset?: number;
}

const DAY_MS = 86_400_000;

export function periodStart(now: number, period: QuotaPeriod): number {
  const date = new Date(now);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (period === "DAY") return day;
  if (period === "WEEK") return day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function rollingEnd(start: number, period: QuotaPeriod): number {
  if (period === "DAY") return start + DAY_MS;
  if (period === "WEEK") return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
}

interface Counter {
  start: number;
  used: number;
  first: boolean;
}

export class Quotas {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly clock: Clock,
    private readonly mode: QuotaPeriodMode = "calendar",
  ) {}

  /** Counts one request; false when the quota is used up (the request is refused and not counted). */
  take(key: string, quota: QuotaLimit): boolean {
    const now = this.clock();
    let counter = this.counters.get(key);
    if (!counter) {
      counter = {
        start: this.mode === "calendar" ? periodStart(now, quota.period) : now,
        used: 0,
        first: true,
      };
      this.counters.set(key, counter);
    } else if (
      this.mode === "calendar"
        ? periodStart(now, quota.period) !== counter.start
        : now >= rollingEnd(counter.start, quota.period)
    ) {
      counter.start = this.mode === "calendar" ? periodStart(now, quota.period) : now;
      counter.used = 0;
      counter.first = false;
    }
    const limit = quota.limit - (counter.first ? (quota.offset ?? 0) : 0);
    if (counter.used >= limit) return false;
    counter.used++;
    return true;
  }

  /** Requests left in the current period (for the `_local` API). */
  remaining(key: string, quota: QuotaLimit): number {
    const counter = this.counters.get(key);
    const limit = quota.limit - (!counter || counter.first ? (quota.offset ?? 0) : 0);
    return Math.max(0, limit - (counter?.used ?? 0));
  }

  reset(): void {
    this.counters.clear();
  }
}
