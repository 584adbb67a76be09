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
 * stack trace and answered with `gatewayError()` (each variant's own 500 body).
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
  pipeline(rawPath, rawQuery, started)
    .catch((error: unknown): Answer => {
      runtime.services.log.info(
        `${runtime.stack.id}: gateway error: ${(error as Error).stack ?? String(error)}`,
      );
      return gatewayError();
    })
    .then((answer) => {
      send(res, answer.status, answer.headers, answer.body);
      runtime.services.log.request({
        stack: runtime.stack.id,
        method: req.method ?? "GET",
        path: rawQuery ? `${rawPath}?${rawQuery}` : rawPath,
        route: answer.route,
        status: answer.status,
        durationMs: performance.now() - started,
        functionName: answer.functionName,
        cold: answer.cold,
        note: answer.note,
      });
    });
}
