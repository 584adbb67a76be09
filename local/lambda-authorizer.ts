/**
 * Calling a Lambda authorizer (REST TOKEN/REQUEST, HTTP API REQUEST, WebSocket `$connect`) with its result
 * cache: the key is the identity-source values, the TTL the authorizer's `authorizer_result_ttl_in_seconds`
 * (0 disables it). A returned policy is cached and re-evaluated for each request (gateway-behavior §4.3);
 * thrown errors are not cached. An error whose message is exactly `Unauthorized` means 401.
 */
import type { Clock } from "./clock";
import { randomUUID } from "./events/common";
import type { LambdaFunction } from "./functions/registry";
import { type ErrorDetail, GatewayError } from "./pipeline/errors";
import { evaluatePolicy, isPolicyDocument } from "./policy";

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

/** A context value a policy response may carry where only scalars are allowed. */
export type ContextScalar = string | number | boolean | null;

/**
 * Context values of a policy response: strings, numbers, booleans only (anything else is a 500 on REST); a
 * `null` value is allowed and kept, as recorded on a REST API (gateway-behavior §4.3).
 */
export function scalarContext(context: unknown): Record<string, ContextScalar> | undefined {
  if (context === undefined || context === null) return {};
  if (typeof context !== "object" || Array.isArray(context)) return undefined;
  const out: Record<string, ContextScalar> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    if (
      value !== null &&
      typeof value !== "string" &&
      typeof value !== "number" &&
      typeof value !== "boolean"
    )
      return undefined;
    out[key] = value;
  }
  return out;
}

/** An authorizer's answer, once it was neither `Unauthorized` nor an error. */
export interface AuthorizerAnswer {
  readonly value: unknown;
  readonly latencyMs: number;
  readonly cached: boolean;
}

/**
 * Calls the authorizer (or its cache): `Unauthorized` is UNAUTHORIZED (401, or `unauthorizedStatus` where an
 * option picks another reading), any other failure AUTHORIZER_CONFIGURATION_ERROR (500).
 */
export async function askAuthorizer(
  runner: LambdaAuthorizerRunner,
  event: unknown,
  cacheKey: string | undefined,
  unauthorizedStatus?: number,
): Promise<AuthorizerAnswer> {
  const call = await runner.call(event, cacheKey);
  if (call.kind === "unauthorized") {
    throw new GatewayError(
      "UNAUTHORIZED",
      "the authorizer said Unauthorized",
      unauthorizedStatus === undefined ? {} : { status: unauthorizedStatus },
    );
  }
  if (call.kind === "error") throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", call.reason);
  return call;
}

/** What an allowing policy answer grants: the principal, the context, and (REST) a usage-plan key. */
export interface PolicyGrant {
  readonly principalId: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  readonly usageIdentifierKey: string | undefined;
}

export interface PolicyRules {
  /** Refuse context values that are not strings, numbers or booleans (REST, payload 1.0, WebSocket). */
  readonly scalarContext: boolean;
  /** How a policy without a matching Allow is answered (REST picks its body: docs §8.8). */
  readonly implicitDeny?: ErrorDetail;
}

/**
 * An IAM-policy answer (REST TOKEN/REQUEST, HTTP API policy responses, WebSocket `$connect`) checked against
 * `arn` (docs/gateway-behavior.md §4): no `policyDocument` or a context that breaks the rules is
 * AUTHORIZER_CONFIGURATION_ERROR, an explicit Deny or no matching Allow ACCESS_DENIED.
 */
export function policyGrant(answer: AuthorizerAnswer, arn: string, rules: PolicyRules): PolicyGrant {
  const response = answer.value as Record<string, unknown> | null;
  if (typeof response !== "object" || response === null || !isPolicyDocument(response.policyDocument)) {
    throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "the authorizer returned no policyDocument");
  }
  const context = rules.scalarContext
    ? scalarContext(response.context)
    : ((response.context as Record<string, unknown> | undefined) ?? {});
  if (context === undefined)
    throw new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "the authorizer context has a non-scalar value");
  const decision = evaluatePolicy(response.policyDocument, "execute-api:Invoke", arn);
  if (decision === "deny") throw new GatewayError("ACCESS_DENIED", "explicit deny from the authorizer");
  if (decision === "implicit-deny") {
    throw new GatewayError(
      "ACCESS_DENIED",
      `the authorizer's policy does not allow ${arn}${answer.cached ? " (cached policy)" : ""}`,
      rules.implicitDeny,
    );
  }
  return {
    principalId: typeof response.principalId === "string" ? response.principalId : undefined,
    context,
    latencyMs: answer.latencyMs,
    usageIdentifierKey:
      typeof response.usageIdentifierKey === "string" ? response.usageIdentifierKey : undefined,
  };
}
