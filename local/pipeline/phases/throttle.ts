/**
 * Throttling, one rule for every variant (docs/gateway-behavior.md §5.2): a request takes a token from each
 * bucket that applies to it, most specific first, the account's last; with any bucket empty it is refused
 * with THROTTLED and takes nothing. HTTP and WebSocket routes have one limit each (the route's setting, else
 * the stage's default); REST adds usage plans and method settings (`rest/phases/limits.ts`).
 */
import type { GatewayServices } from "../../context";
import { ACCOUNT_LIMIT, type ThrottleLimit } from "../../throttle";
import { GatewayError } from "../errors";

export type ThrottleCheck = readonly [key: string, limit: ThrottleLimit];

/** A stage's route limits as the HTTP and WebSocket models declare them. */
export interface RouteLimits {
  readonly name: string;
  readonly defaultThrottle: ThrottleLimit | undefined;
  readonly routeThrottles: ReadonlyMap<string, ThrottleLimit>;
}

/** Takes a token from every bucket of `checks`, or throws THROTTLED; nothing when throttling is off. */
export function takeTokens(services: GatewayServices, checks: readonly ThrottleCheck[]): void {
  if (services.options.throttling && !services.throttles.take(checks))
    throw new GatewayError("THROTTLED", "throttled");
}

/** The account's bucket in a region. */
export function accountCheck(region: string): ThrottleCheck {
  return [`account:${region}`, ACCOUNT_LIMIT];
}

/**
 * The buckets of each route of one API: the route's (or the stage default's) limit, then the account's.
 * Worked out once per stage and route.
 */
export class RouteThrottles {
  private readonly cache = new Map<string, readonly ThrottleCheck[]>();

  constructor(
    /** Keeps the buckets of different APIs apart: `http:<stack>:<api id>`. */
    private readonly prefix: string,
    private readonly region: string,
  ) {}

  checksFor(stage: RouteLimits, routeKey: string): readonly ThrottleCheck[] {
    const key = `${stage.name} ${routeKey}`;
    let checks = this.cache.get(key);
    if (!checks) {
      const limit = stage.routeThrottles.get(routeKey) ?? stage.defaultThrottle;
      checks = limit
        ? [[`${this.prefix}:${key}`, limit], accountCheck(this.region)]
        : [accountCheck(this.region)];
      this.cache.set(key, checks);
    }
    return checks;
  }
}
