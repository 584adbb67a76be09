/**
 * REST step 6 (docs/gateway-behavior.md §5.1): a method with `api_key_required` needs a key (the `x-api-key`
 * header, or the authorizer's `usageIdentifierKey` with `api_key_source = AUTHORIZER`) that exists, is enabled
 * and is in a usage plan covering this stage.
 */
import { requireApiKey } from "../../pipeline/phases/api-key";
import type { RestContext } from "../context";
import { validApiKey } from "../usage-plans";

export function restApiKey(ctx: RestContext): void {
  if (!ctx.restMethod?.apiKeyRequired) return;
  const { model } = ctx.api;
  const value = model.apiKeySource === "AUTHORIZER" ? ctx.auth?.usageIdentifierKey : ctx.header("x-api-key");
  ctx.usage = requireApiKey(value, (key) => validApiKey(model, ctx.stageName, key));
  const identity = ctx.templateContext.identity as Record<string, unknown>;
  identity.apiKey = ctx.usage.key.value;
  identity.apiKeyId = ctx.usage.key.id;
}
