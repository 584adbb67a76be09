/**
 * How every HTTP-style variant (REST, HTTP API, `@connections`) answers a request: run its phases, render a
 * refusal into its gateway response, add the headers every answer carries, write it, log one line. Nothing here
 * can reject: a failure of the gateway's own code is logged with its stack and answered with the variant's
 * internal error; an answer Node refuses to write (a header it cannot carry) is replaced the same way; a socket
 * that fails while writing is destroyed. Every request is counted in flight until its line is logged, so
 * `close()` can wait for it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRuntime } from "../context";
import { splitTarget } from "../http/request";
import { send } from "../http/respond";
import { type Phase, runPhases } from "./chain";
import type { Reply, RequestContext } from "./context";
import { type GatewayError, isGatewayError } from "./errors";

export interface HttpVariant<C extends RequestContext> {
  readonly runtime: ApiRuntime;
  /** A fresh context for the request. */
  context(req: IncomingMessage, rawPath: string, rawQuery: string, started: number): C;
  readonly phases: readonly Phase<C>[];
  /** The variant's gateway response for a refusal. */
  render(error: GatewayError, ctx: C): Reply;
  /** The answer with the headers every answer of the variant carries (request ids, CORS...). */
  finish(ctx: C, reply: Reply): Reply;
  /** The answer when the gateway's own code failed. */
  internalError(ctx: C): Reply;
}

/** Logs a failure of the gateway's own code with its stack; the process goes on. */
export function logFailure(runtime: ApiRuntime, what: string, error: unknown): void {
  runtime.services.log.info(`${runtime.stack.id}: ${what}: ${(error as Error)?.stack ?? String(error)}`);
}

/** The reply for a context after its phases ran or failed. */
export async function answer<C extends RequestContext>(variant: HttpVariant<C>, ctx: C): Promise<Reply> {
  try {
    await runPhases(variant.phases, ctx);
    if (ctx.reply === undefined) throw new Error("the phases ended without an answer");
    return variant.finish(ctx, ctx.reply);
  } catch (error) {
    if (isGatewayError(error)) {
      ctx.note ??= error.note;
      return variant.finish(ctx, variant.render(error, ctx));
    }
    logFailure(variant.runtime, "gateway error", error);
    ctx.note = "gateway error";
    return variant.finish(ctx, variant.internalError(ctx));
  }
}

export function serve<C extends RequestContext>(
  variant: HttpVariant<C>,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const started = performance.now();
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  const { services, stack } = variant.runtime;
  const ctx = variant.context(req, rawPath, rawQuery, started);
  const work = answer(variant, ctx)
    .then((reply) => {
      const status = write(variant, ctx, res, reply);
      services.log.request({
        stack: stack.id,
        method: req.method ?? "GET",
        path: rawQuery ? `${rawPath}?${rawQuery}` : rawPath,
        route: ctx.route,
        status,
        durationMs: performance.now() - started,
        functionName: ctx.fn?.functionName,
        cold: ctx.fn?.cold,
        note: ctx.note,
      });
    })
    .catch((error: unknown) => {
      logFailure(variant.runtime, "error after the answer", error);
      res.destroy();
    });
  services.work.track(work);
}

/** Writes `reply`, or the internal error when Node refuses it; returns the status written. */
function write<C extends RequestContext>(
  variant: HttpVariant<C>,
  ctx: C,
  res: ServerResponse,
  reply: Reply,
): number {
  try {
    send(res, reply.status, reply.headers, reply.body);
    return reply.status;
  } catch (error) {
    logFailure(variant.runtime, "the answer could not be written", error);
    const fallback = variant.finish(ctx, variant.internalError(ctx));
    send(res, fallback.status, fallback.headers, fallback.body);
    return fallback.status;
  }
}
