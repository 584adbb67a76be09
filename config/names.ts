import type { Settings } from "./settings";

/**
 * The one helper for physical names: `<prefix>-<environment>-<parts...>`, e.g.
 * `name(settings, "http-api", "items")` gives `apigw-dev-http-api-items`. Lambda and IAM role names are
 * limited to 64 characters, so longer names fail here, at synth, instead of at apply.
 */
export function name(settings: Pick<Settings, "namePrefix" | "environment">, ...parts: string[]): string {
  const result = [settings.namePrefix, settings.environment, ...parts].join("-");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(result)) {
    throw new Error(`name "${result}" has characters other than lowercase letters, digits and dashes`);
  }
  if (result.length > 64) {
    throw new Error(
      `name "${result}" is ${result.length} characters, over the 64 AWS allows for functions and roles: shorten the name prefix or environment`,
    );
  }
  return result;
}
