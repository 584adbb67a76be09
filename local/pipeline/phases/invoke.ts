/**
 * The Lambda integration, one implementation for every variant: the event (JSON text) goes to the function's
 * pool with what is left of the integration timeout; a timeout is INTEGRATION_TIMEOUT, a function error or a
 * result over Lambda's 6 MB limit INTEGRATION_FAILURE, an event over it REQUEST_TOO_LARGE
 * (docs/gateway-behavior.md §7.3). The result's JSON text is left in `ctx.result` for the variant's
 * integration-response phase.
 */
import { randomUUID } from "../../events/common";
import { LAMBDA_PAYLOAD_LIMIT } from "../../functions/pool";
import type { PhaseContext } from "../context";
import { GatewayError } from "../errors";

/** Over Lambda's payload limit (the length test first: most payloads are far smaller). */
export function overLambdaLimit(text: string): boolean {
  return text.length * 3 > LAMBDA_PAYLOAD_LIMIT && Buffer.byteLength(text) > LAMBDA_PAYLOAD_LIMIT;
}

export async function invokeLambda(ctx: PhaseContext): Promise<void> {
  const { target, event } = ctx;
  if (target === undefined || event === undefined)
    throw new GatewayError("API_CONFIGURATION_ERROR", "no function behind the route");
  if (overLambdaLimit(event)) throw new GatewayError("REQUEST_TOO_LARGE", "event over Lambda's 6 MB limit");
  const remaining = Math.max(1, target.timeoutMs - (performance.now() - ctx.started));
  const outcome = await target.fn.pool.invoke(event, randomUUID(), remaining);
  ctx.fn = { functionName: target.fn.functionName, cold: outcome.cold };
  if (outcome.kind === "timeout") throw new GatewayError("INTEGRATION_TIMEOUT", "integration timeout");
  if (outcome.kind === "error") {
    const { errorType, errorMessage } = outcome.error;
    throw new GatewayError("INTEGRATION_FAILURE", `${errorType}: ${errorMessage.slice(0, 200)}`);
  }
  if (overLambdaLimit(outcome.payload))
    throw new GatewayError("INTEGRATION_FAILURE", "response over Lambda's 6 MB limit");
  ctx.result = outcome.payload;
}
