/**
 * What every REST answer carries (docs/gateway-behavior.md §7.4): `x-amzn-RequestId` and `x-amz-apigw-id`, the
 * function's `X-Amzn-Trace-Id` on Lambda answers, and on edge-optimized APIs the headers CloudFront adds on the
 * way back: `X-Cache` (`Miss from cloudfront`, `Error from cloudfront` for 4xx/5xx), `Via`, `X-Amz-Cf-Pop`,
 * `X-Amz-Cf-Id` (recorded on edge APIs, §1.3), in the order the recordings show them.
 */
import { CLOUDFRONT_VIA } from "../../http/request";
import type { Reply } from "../../pipeline/context";
import type { RestContext } from "../context";

/** A point of presence name in CloudFront's format (`LHR61-C2`); none is real locally. */
export const CLOUDFRONT_POP = "LCL50-P1";

export function finishRest(ctx: RestContext, reply: Reply): Reply {
  const headers = [
    ...reply.headers,
    "x-amzn-RequestId",
    ctx.requestId,
    "x-amz-apigw-id",
    ctx.extendedRequestId,
  ];
  if (ctx.answerTrace !== undefined) headers.push("X-Amzn-Trace-Id", ctx.answerTrace);
  if (ctx.cloudFrontId !== undefined) {
    headers.push(
      "X-Cache",
      reply.status >= 400 ? "Error from cloudfront" : "Miss from cloudfront",
      "Via",
      CLOUDFRONT_VIA,
      "X-Amz-Cf-Pop",
      CLOUDFRONT_POP,
      "X-Amz-Cf-Id",
      ctx.cloudFrontId,
    );
  }
  return { status: reply.status, headers, body: reply.body };
}
