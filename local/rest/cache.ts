/**
 * The stage cache (REST, `cache_cluster_enabled` plus `caching_enabled` in the method settings): integration
 * responses of cached methods are kept for the method's TTL under the resource path, the method and the
 * values of the integration's `cache_key_parameters`. Only 2xx answers are kept (an emulator choice). The
 * authorizer still runs before the cache (as in AWS); the cache is shared by every caller.
 */
import type { Clock } from "../clock";

export interface CachedResponse {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: string | Buffer;
}

export class StageCache {
  private readonly entries = new Map<string, { expires: number; response: CachedResponse }>();

  constructor(private readonly clock: Clock) {}

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  set(key: string, response: CachedResponse, ttlSeconds: number): void {
    if (ttlSeconds <= 0 || response.status < 200 || response.status > 299) return;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { expires: this.clock() + ttlSeconds * 1000, response });
  }

  reset(): void {
    this.entries.clear();
  }
}
