/**
 * HTTP API route selection (gateway-behavior §6.3): a full match of method and path (literal segments before
 * `{var}` segments, an explicit method before `ANY`) wins; then greedy `{name+}` routes (the longest literal
 * prefix first, then explicit method before `ANY`); then `$default`. Matching is on the raw path,
 * case-sensitive; a trailing slash is ignored (as REST does; unverified for HTTP APIs). `{name+}` needs at
 * least one segment, or a slash right after the route's fixed part: `/` (and `/dev/` on stage `dev`) is
 * served by `ANY /{proxy+}` with `proxy` empty, as recorded (docs/gateway-behavior.md §6.3).
 */

export interface RoutePattern<T> {
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  readonly key: string;
  readonly value: T;
}

interface Compiled<T> {
  readonly key: string;
  readonly value: T;
  readonly method: string;
  /** `null` marks a `{var}` segment. */
  readonly segments: readonly (string | null)[];
  readonly names: readonly (string | null)[];
  /** The greedy variable's name, when the last segment is `{name+}`. */
  readonly greedy: string | undefined;
}

export interface RouteMatch<T> {
  readonly key: string;
  readonly value: T;
  readonly pathParameters: Record<string, string>;
}

/** The path's segments after the leading slash, with one trailing slash ignored. */
export function pathSegments(path: string): string[] {
  let trimmed = path.startsWith("/") ? path.slice(1) : path;
  if (trimmed.endsWith("/")) trimmed = trimmed.slice(0, -1);
  return trimmed === "" ? [] : trimmed.split("/");
}

export class RouteTable<T> {
  private readonly exact: Compiled<T>[] = [];
  private readonly greedy: Compiled<T>[] = [];
  private readonly fallback: RoutePattern<T> | undefined;
  /** Literal routes without variables, by `METHOD path`: the common case, one map lookup. */
  private readonly literal = new Map<string, Compiled<T>>();

  constructor(routes: readonly RoutePattern<T>[]) {
    let fallback: RoutePattern<T> | undefined;
    for (const route of routes) {
      if (route.key === "$default") {
        fallback = route;
        continue;
      }
      const space = route.key.indexOf(" ");
      if (space === -1) continue;
      const method = route.key.slice(0, space).toUpperCase();
      const parts = pathSegments(route.key.slice(space + 1));
      const last = parts[parts.length - 1];
      const greedyName = last !== undefined ? /^\{([^{}]+)\+\}$/.exec(last)?.[1] : undefined;
      const fixed = greedyName ? parts.slice(0, -1) : parts;
      const compiled: Compiled<T> = {
        key: route.key,
        value: route.value,
        method,
        segments: fixed.map((part) => (/^\{[^{}]+\}$/.test(part) ? null : part)),
        names: fixed.map((part) => /^\{([^{}]+)\}$/.exec(part)?.[1] ?? null),
        greedy: greedyName,
      };
      if (greedyName) this.greedy.push(compiled);
      else {
        this.exact.push(compiled);
        if (compiled.segments.every((segment) => segment !== null))
          this.literal.set(`${method} /${fixed.join("/")}`, compiled);
      }
    }
    this.fallback = fallback;
    this.exact.sort(bySpecificity);
    this.greedy.sort((a, b) => b.segments.length - a.segments.length || bySpecificity(a, b));
  }

  match(method: string, path: string): RouteMatch<T> | undefined {
    const segments = pathSegments(path);
    const literalKey = `/${segments.join("/")}`;
    const literal = this.literal.get(`${method} ${literalKey}`);
    if (literal) return { key: literal.key, value: literal.value, pathParameters: {} };
    for (const route of this.exact) {
      if (route.segments.length !== segments.length || (route.method !== method && route.method !== "ANY"))
        continue;
      const parameters = matchSegments(route, segments);
      if (parameters) return { key: route.key, value: route.value, pathParameters: parameters };
    }
    // `/items/` has the segments of `/items` and an empty greedy value after the slash.
    const emptyTail = path.endsWith("/") ? 0 : 1;
    for (const route of this.greedy) {
      if (
        segments.length < route.segments.length + emptyTail ||
        (route.method !== method && route.method !== "ANY")
      )
        continue;
      const parameters = matchSegments(route, segments);
      if (parameters && route.greedy) {
        parameters[route.greedy] = segments.slice(route.segments.length).join("/");
        return { key: route.key, value: route.value, pathParameters: parameters };
      }
    }
    return this.fallback ? { key: "$default", value: this.fallback.value, pathParameters: {} } : undefined;
  }

  /** Every route key, `$default` last. */
  keys(): string[] {
    return [...this.exact, ...this.greedy]
      .map((route) => route.key)
      .concat(this.fallback ? ["$default"] : []);
  }
}

function matchSegments<T>(
  route: Compiled<T>,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < route.segments.length; index++) {
    const expected = route.segments[index];
    const actual = segments[index];
    if (expected === null) {
      if (actual === "") return undefined;
      const name = route.names[index];
      if (name !== null) parameters[name] = actual;
    } else if (expected !== actual) return undefined;
  }
  return parameters;
}

/** Literal segments before variables, left to right; then an explicit method before ANY. */
function bySpecificity<T>(a: Compiled<T>, b: Compiled<T>): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const aLiteral = a.segments[index] !== null;
    const bLiteral = b.segments[index] !== null;
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return Number(a.method === "ANY") - Number(b.method === "ANY");
}
