/** How every HTTP-style API variant ends a request: write the pipeline's answer, then one request log line. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiRuntime } from "../context";
import { splitTarget } from "./request";
import { type HeaderList, send } from "./respond";

/** What a request pipeline produced: the response, and what the request log line says about it. */
export interface Answer {
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: string | Buffer;
  readonly route?: string;
  readonly functionName?: string;
  readonly cold?: boolean;
  readonly note?: string;
}

export type Pipeline = (rawPath: string, rawQuery: string, started: number) => Promise<Answer>;

/**
 * Runs `pipeline` for the request and writes its answer. A failure of the gateway itself is logged with the
 * stack trace and answered with `gatewayError()` (each variant's own 500 body). Nothing here can reject: an
 * answer that cannot be written (a header Node refuses) is replaced by `gatewayError()`, and a socket that
 * fails while writing is destroyed, so one request never stops the process.
 */
export function serve(
  req: IncomingMessage,
  res: ServerResponse,
  runtime: ApiRuntime,
  gatewayError: () => Answer,
  pipeline: Pipeline,
): void {
  const started = performance.now();
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  const { log } = runtime.services;
  const failed = (what: string, error: unknown) =>
    log.info(`${runtime.stack.id}: ${what}: ${(error as Error)?.stack ?? String(error)}`);
  pipeline(rawPath, rawQuery, started)
    .catch((error: unknown): Answer => {
      failed("gateway error", error);
      return gatewayError();
    })
    .then((answer) => {
      const written = write(res, answer, gatewayError, failed);
      log.request({
        stack: runtime.stack.id,
        method: req.method ?? "GET",
        path: rawQuery ? `${rawPath}?${rawQuery}` : rawPath,
        route: written.route,
        status: written.status,
        durationMs: performance.now() - started,
        functionName: written.functionName,
        cold: written.cold,
        note: written.note,
      });
    })
    .catch((error: unknown) => {
      failed("error after the answer", error);
      res.destroy();
    });
}

/** Writes `answer`, or `gatewayError()` when Node refuses it; returns what was written. */
function write(
  res: ServerResponse,
  answer: Answer,
  gatewayError: () => Answer,
  failed: (what: string, error: unknown) => void,
): Answer {
  try {
    send(res, answer.status, answer.headers, answer.body);
    return answer;
  } catch (error) {
    failed("the answer could not be written", error);
    const fallback = gatewayError();
    send(res, fallback.status, fallback.headers, fallback.body);
    return { ...fallback, route: answer.route, functionName: answer.functionName, cold: answer.cold };
  }
}
