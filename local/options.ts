/**
 * The gateway's options, each with its default. Where AWS's behavior is not documented or not recorded
 * (docs/gateway-behavior.md §8), the choice is an option too, so a user can switch to the other reading.
 */
import { join } from "node:path";
import { type Clock, systemClock } from "./clock";
import type { LogOptions } from "./log";
import type { QuotaPeriodMode } from "./quota";

export interface GatewayOptions {
  /** The synth output folder. @default "<cwd>/cdktf.out" */
  readonly outdir?: string;
  /** Stack ids to serve. @default every synthesized stack */
  readonly stacks?: readonly string[];
  /** @default "127.0.0.1" */
  readonly host?: string;
  /**
   * The gateway's own port; stack `i` (in the order served) listens on `port + 1 + i`. 0 picks free ports.
   * @default 4000
   */
  readonly port?: number;
  /**
   * Make every stack trust the gateway's local issuer: JWT and Cognito authorizers take its issuer and keys
   * (and accept its audience next to theirs), and functions that read `JWT_ISSUER` get the local issuer,
   * `JWT_AUDIENCE` plus the local audience, and `JWKS_URL`. Nothing in cdktf.out changes.
   * @default true
   */
  readonly trustLocalIssuer?: boolean;
  /** Stage, route, usage-plan and account throttles (429). Off for benchmarks. @default true */
  readonly throttling?: boolean;
  /** Usage-plan quotas (429 Limit Exceeded). @default true */
  readonly quotas?: boolean;
  /** Quota periods: UTC calendar periods or rolling windows from the first request (§8.5). @default "calendar" */
  readonly quotaPeriods?: QuotaPeriodMode;
  /**
   * Instances per function without reserved concurrency (reserved concurrency caps it further). Measured on the
   * 2-core machine: 1, 2 and 4 instances serve GET /hello at the same rate (the gateway's own thread is the
   * limit), while each instance is a V8 isolate of about 14 MB (RSS 148 / 188 / 236 MB). @default 2
   */
  readonly maxInstancesPerFunction?: number;
  /** Idle instances stop after this long. @default 900000 */
  readonly idleInstanceTtlMs?: number;
  /**
   * A function's instances beyond its most recently used one (started for a burst of concurrent requests) stop
   * after this long idle; the most recently used one stays warm for `idleInstanceTtlMs`. @default 30000
   */
  readonly surplusInstanceTtlMs?: number;
  /** Keep the DynamoDB data in this folder across runs; in memory when unset. */
  readonly dynamoDir?: string;
  /**
   * Functions run for a debugger attached to the gateway (`npm start -- --inspect`): one instance per function,
   * and neither the function's timeout nor the API's integration timeout ends an invocation held at a
   * breakpoint. @default false
   */
  readonly debugging?: boolean;
  /**
   * The project the functions were built from: the relative sources of their source maps resolve here, so
   * debuggers and stack traces name the project's TypeScript files. @default the current directory
   */
  readonly sourceRoot?: string;
  /** Extra environment variables for every function (they win over the declared ones). */
  readonly functionEnv?: Readonly<Record<string, string>>;
  readonly log?: LogOptions;
  /** Time source for throttles, quotas, caches and token checks. @default Date.now */
  readonly clock?: Clock;
  readonly http?: HttpApiBehavior;
  readonly rest?: RestBehavior;
  readonly websocket?: WebSocketBehavior;
}

/** HTTP API choices where AWS is unverified (docs/gateway-behavior.md §8.2, §8.4). */
export interface HttpApiBehavior {
  /**
   * Keep the `cookie` header in `headers` next to `cookies` (SAM does). AWS moves it into `cookies` (recorded).
   * @default false
   */
  readonly keepCookieHeader?: boolean;
  /** Non-string `body` next to `statusCode`: 500 or its JSON. @default "error" */
  readonly nonStringBody?: "error" | "stringify";
  /** Content type of a structured response without one. @default "application/json" */
  readonly defaultContentType?: string;
  /** Media types whose bodies reach the function as text (others base64). @default DEFAULT_TEXT_MEDIA_TYPES */
  readonly textMediaTypes?: readonly string[];
  /** Status of an automatic CORS preflight answer. @default 204 */
  readonly preflightStatus?: number;
  /** Status when a Lambda authorizer throws `Unauthorized`. @default 401 */
  readonly authorizerUnauthorizedStatus?: 401 | 500;
  /**
   * The `scope` a JWT authorizer's `www-authenticate` challenge names for a refused token: the route's
   * authorization scopes, or always `""`. Recorded only for routes without scopes, where both agree (§8.4).
   * @default "route"
   */
  readonly jwtChallengeScopes?: "route" | "empty";
}

/** REST choices where AWS is unverified (docs/gateway-behavior.md §8.1, §8.8). */
export interface RestBehavior {
  /** Which value of a repeated header fills `headers`. @default "last" */
  readonly duplicateHeader?: "last" | "first";
  /**
   * Body key of the 403 when a Lambda authorizer's policy has no matching Allow (explicit Deny is always
   * `Message`). @default "Message"
   */
  readonly implicitDenyKey?: "Message" | "message";
  /**
   * Header that says which VPC endpoint a call to a PRIVATE API came through (`aws:SourceVpce`). Without it,
   * calls come through the stack's own `execute-api` endpoint. @default "x-apigw-local-source-vpce"
   */
  readonly sourceVpceHeader?: string;
  /** Access keys (id to secret) that may sign AWS_IAM requests. @default { local: "local" } */
  readonly iamCredentials?: Readonly<Record<string, string>>;
  /**
   * Whether a Cognito-authorized method with OAuth scopes adds `scopes` next to `claims` in
   * `requestContext.authorizer`. Recorded events carry `{claims}` only; none with scopes is recorded (§8.8).
   * @default false
   */
  readonly cognitoScopes?: boolean;
}

/** WebSocket choices (docs/gateway-behavior.md §3.4, §8.6). */
export interface WebSocketBehavior {
  /** Close idle connections after this long (code 1001). @default 600000 (10 min) */
  readonly idleTimeoutMs?: number;
  /** Close any connection after this long (code 1001). @default 7200000 (2 h) */
  readonly maxConnectionMs?: number;
  /** Environment variable that tells functions the local `@connections` endpoint. @default "CONNECTIONS_ENDPOINT" */
  readonly connectionsEndpointVariable?: string;
}

export type ResolvedOptions = Required<
  Omit<GatewayOptions, "dynamoDir" | "http" | "rest" | "websocket" | "log">
> & {
  readonly dynamoDir: string | undefined;
  readonly log: LogOptions;
  readonly http: Required<HttpApiBehavior>;
  readonly rest: Required<RestBehavior>;
  readonly websocket: Required<WebSocketBehavior>;
};

export const DEFAULT_PORT = 4000;

export function resolveOptions(options: GatewayOptions, textMediaTypes: readonly string[]): ResolvedOptions {
  return {
    outdir: options.outdir ?? join(process.cwd(), "cdktf.out"),
    stacks: options.stacks ?? [],
    host: options.host ?? "127.0.0.1",
    port: options.port ?? DEFAULT_PORT,
    trustLocalIssuer: options.trustLocalIssuer ?? true,
    throttling: options.throttling ?? true,
    quotas: options.quotas ?? true,
    quotaPeriods: options.quotaPeriods ?? "calendar",
    maxInstancesPerFunction: options.maxInstancesPerFunction ?? 2,
    idleInstanceTtlMs: options.idleInstanceTtlMs ?? 900_000,
    surplusInstanceTtlMs: options.surplusInstanceTtlMs ?? 30_000,
    dynamoDir: options.dynamoDir,
    debugging: options.debugging ?? false,
    sourceRoot: options.sourceRoot ?? process.cwd(),
    functionEnv: options.functionEnv ?? {},
    log: options.log ?? {},
    clock: options.clock ?? systemClock,
    http: {
      keepCookieHeader: options.http?.keepCookieHeader ?? false,
      nonStringBody: options.http?.nonStringBody ?? "error",
      defaultContentType: options.http?.defaultContentType ?? "application/json",
      textMediaTypes: options.http?.textMediaTypes ?? textMediaTypes,
      preflightStatus: options.http?.preflightStatus ?? 204,
      authorizerUnauthorizedStatus: options.http?.authorizerUnauthorizedStatus ?? 401,
      jwtChallengeScopes: options.http?.jwtChallengeScopes ?? "route",
    },
    rest: {
      duplicateHeader: options.rest?.duplicateHeader ?? "last",
      implicitDenyKey: options.rest?.implicitDenyKey ?? "Message",
      sourceVpceHeader: (options.rest?.sourceVpceHeader ?? "x-apigw-local-source-vpce").toLowerCase(),
      iamCredentials: options.rest?.iamCredentials ?? { local: "local" },
      cognitoScopes: options.rest?.cognitoScopes ?? false,
    },
    websocket: {
      idleTimeoutMs: options.websocket?.idleTimeoutMs ?? 600_000,
      maxConnectionMs: options.websocket?.maxConnectionMs ?? 7_200_000,
      connectionsEndpointVariable: options.websocket?.connectionsEndpointVariable ?? "CONNECTIONS_ENDPOINT",
    },
  };
}
