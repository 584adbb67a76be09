/**
 * Identity sources of authorizers, in every variant's syntax: `$request.header.X` / `$request.querystring.x`
 * (HTTP API), `method.request.header.X` / `method.request.querystring.x` (REST), `route.request.header.X`
 * (WebSocket), plus `$context.x` / `context.x` and `$stageVariables.x` / `stageVariables.x`. Header names
 * match case-insensitively, query names case-sensitively.
 */

export interface IdentityFacts {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
  context(name: string): string | undefined;
  stageVariable(name: string): string | undefined;
}

export function identityValue(source: string, facts: IdentityFacts): string | undefined {
  const trimmed = source.trim();
  const match = /^(?:\$request|method\.request|route\.request)\.(header|querystring)\.(.+)$/i.exec(trimmed);
  if (match) return match[1].toLowerCase() === "header" ? facts.header(match[2]) : facts.query(match[2]);
  const context = /^\$?context\.(.+)$/.exec(trimmed);
  if (context) return facts.context(context[1]);
  const stage = /^\$?stageVariables\.(.+)$/.exec(trimmed);
  if (stage) return facts.stageVariable(stage[1]);
  return undefined;
}

/** Every source's value; `undefined` when one is missing or empty (then the authorizer is not invoked: 401). */
export function identityValues(sources: readonly string[], facts: IdentityFacts): string[] | undefined {
  const values: string[] = [];
  for (const source of sources) {
    const value = identityValue(source, facts);
    if (value === undefined || value === "") return undefined;
    values.push(value);
  }
  return values;
}

/** A REST `identity_source` attribute: comma-separated. */
export function splitSources(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).flatMap(splitSources);
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((source) => source.trim())
    .filter((source) => source !== "");
}
