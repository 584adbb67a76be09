/**
 * API keys (docs/gateway-behavior.md §5.1): a method or route that requires one refuses a request whose key is
 * missing, or that the variant's lookup does not accept, with INVALID_API_KEY (403 Forbidden).
 */
import { GatewayError } from "../errors";

export function requireApiKey<K>(value: string | undefined, lookup: (value: string) => K | undefined): K {
  if (value === undefined || value === "") throw new GatewayError("INVALID_API_KEY", "no API key");
  const found = lookup(value);
  if (found === undefined) throw new GatewayError("INVALID_API_KEY", "API key not valid for this stage");
  return found;
}
