/** What the API variants share: the gateway-wide services and each stack's runtime. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { StackFile } from "../tfjson/types";
import type { Clock } from "./clock";
import type { FunctionRegistry } from "./functions/registry";
import type { LocalIssuer } from "./issuer";
import type { GatewayLog } from "./log";
import type { ResolvedOptions } from "./options";
import type { InFlight } from "./pipeline/work";
import type { Quotas } from "./quota";
import type { References } from "./terraform/references";
import type { Throttles } from "./throttle";

export interface GatewayServices {
  readonly options: ResolvedOptions;
  readonly log: GatewayLog;
  readonly clock: Clock;
  readonly throttles: Throttles;
  readonly quotas: Quotas;
  readonly issuer: LocalIssuer;
  /** Requests and `$disconnect` calls not finished yet (`close()` waits for them). */
  readonly work: InFlight;
}

/** One API being served: its stack, functions and listening address. */
export interface ApiRuntime {
  readonly services: GatewayServices;
  readonly stack: StackFile;
  readonly refs: References;
  readonly functions: FunctionRegistry;
  /** `http://127.0.0.1:4001`: the API's own origin. */
  readonly origin: string;
  readonly port: number;
}

export type Variant = "http" | "rest" | "websocket";

export interface ApiKeyDescription {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly enabled: boolean;
  readonly usagePlans: readonly string[];
}

/** A served API as `GET /_local/stacks` lists it. */
export interface ApiDescription {
  readonly id: string;
  readonly variant: Variant;
  readonly endpointType: string;
  readonly apiId: string;
  readonly name: string;
  readonly stage: string;
  readonly stages: readonly string[];
  /** Base URL of the stage (http:// or ws://). */
  readonly url: string;
  readonly routes: readonly string[];
  readonly apiKeys: readonly ApiKeyDescription[];
  readonly functions: readonly string[];
  readonly warnings: readonly string[];
}

export interface ServedApi {
  describe(): ApiDescription;
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Forgets caches and counters (throttles and quotas are gateway-wide and reset there). */
  reset(): void;
  close(): Promise<void>;
}
