/**
 * REST step 9 (docs/gateway-behavior.md §8.8): the stage cache. A cached method's answer is looked up under the
 * stage, method, resource and the integration's cache key parameters; a hit answers without the integration.
 * The integration-response phase stores 2xx answers.
 */
import type { RestContext } from "../context";
import { methodSetting } from "../usage-plans";
import { restFacts } from "./request";

function cacheKey(ctx: RestContext): string {
  const method = ctx.restMethod;
  const parts = [ctx.stageName, method?.httpMethod ?? "", method?.resource.path ?? ""];
  const pathParameters = ctx.match?.pathParameters ?? {};
  const facts = restFacts(ctx);
  for (const parameter of method?.integration?.cacheKeyParameters ?? []) {
    const path = /^method\.request\.path\.(.+)$/.exec(parameter);
    const query = /^method\.request\.querystring\.(.+)$/.exec(parameter);
    const header = /^method\.request\.header\.(.+)$/.exec(parameter);
    parts.push(
      path
        ? (pathParameters[path[1]] ?? "")
        : query
          ? (facts.query(query[1]) ?? "")
          : header
            ? (facts.header(header[1]) ?? "")
            : "",
    );
  }
  return parts.join("\u0000");
}

export function restCacheLookup(ctx: RestContext): void {
  if (!ctx.stage?.cacheEnabled || !ctx.restMethod) return;
  const setting = methodSetting(ctx.stage, ctx.restMethod);
  if (!setting?.cachingEnabled) return;
  ctx.cache = { key: cacheKey(ctx), setting };
  const hit = ctx.api.cache.get(ctx.cache.key);
  if (!hit) return;
  ctx.note = "from the stage cache";
  ctx.reply = { status: hit.status, headers: [...hit.headers], body: hit.body };
}
