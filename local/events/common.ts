/**
 * Pieces every API Gateway event shares (docs/gateway-behavior.md §1-§3): the request as the gateway
 * forwards it, CLF times, the short base64 ids, query and header grouping. One implementation for the local
 * gateway and the handler tests' fixtures.
 */
import { randomFillSync, randomUUID } from "node:crypto";
import type { EncodedBody } from "./body";

/** A request as API Gateway forwards it to an integration. */
export interface ForwardedRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The path without the stage, exactly as sent (not decoded). */
  readonly path: string;
  /** The query string exactly as sent, without `?`; `""` when there is none. */
  readonly rawQuery: string;
  /** Header names and values in order, duplicates kept: `[name, value, name, value, ...]` (Node's rawHeaders). */
  readonly headers: readonly string[];
  /** The body as the event carries it (text, or base64 when `isBase64Encoded`); `undefined` when empty. */
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
  /** Length of the body in bytes (before any base64). */
  readonly bodyLength: number;
  readonly sourceIp: string;
  /** Epoch milliseconds. */
  readonly timeEpoch: number;
}

/** A request as it arrived, with the headers and body it is forwarded with. */
export function forwardedRequest(
  request: {
    readonly method: string;
    readonly path: string;
    readonly rawQuery: string;
    readonly sourceIp: string;
    readonly timeEpoch: number;
  },
  headers: readonly string[],
  encoded: EncodedBody,
): ForwardedRequest {
  return {
    method: request.method,
    path: request.path,
    rawQuery: request.rawQuery,
    headers,
    body: encoded.body,
    isBase64Encoded: encoded.isBase64Encoded,
    bodyLength: encoded.bodyLength,
    sourceIp: request.sourceIp,
    timeEpoch: request.timeEpoch,
  };
}

/** The Host a request named (else the gateway's own address), and its first label, for `requestContext`. */
export function requestDomain(
  host: string | undefined,
  fallback: string,
): Pick<ApiContext, "domainName" | "domainPrefix"> {
  const domainName = host ?? fallback;
  return { domainName, domainPrefix: domainName.split(".")[0].split(":")[0] };
}

/** The API, stage and host a request came through. */
export interface ApiContext {
  readonly apiId: string;
  readonly accountId: string;
  /** The Host the client called. */
  readonly domainName: string;
  /** The first label of `domainName`. */
  readonly domainPrefix: string;
  /** Stage name, or `$default`. */
  readonly stage: string;
  readonly deploymentId?: string;
  /** `null`/`undefined` when the stage has no variables. */
  readonly stageVariables?: Readonly<Record<string, string>> | null;
}

export type StringMap = Record<string, string>;
export type MultiValueMap = Record<string, string[]>;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
let clfSecond = -1;
let clfText = "";

/** CLF time as in `requestTime`: `09/Feb/2024:18:11:43 +0000` (cached per second: it is on every request). */
export function clfTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === clfSecond) return clfText;
  const d = new Date(second * 1000);
  clfText = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  clfSecond = second;
  return clfText;
}

const pool = Buffer.alloc(40 * 128);
let poolOffset = pool.length;

function randomSlice(length: number): Buffer {
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return slice;
}

/** A 16-character id like `Mc7UVioPPHcEKPA=` (REST extendedRequestId, HTTP API requestId, connection ids). */
export function shortId(): string {
  return randomSlice(11).toString("base64");
}

/** A CloudFront request id like `6N0AqES_u1GsNM4dzd5ZHITISEfqxCjX2qoVgCw6nwYTjnz5ZTZHiA==` (`X-Amz-Cf-Id`). */
export function cloudFrontId(): string {
  return `${randomSlice(40).toString("base64url")}==`;
}

/** `Root=1-<8 hex time>-<24 hex>`: an X-Ray trace id. */
export function traceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomSlice(12).toString("hex")}`;
}

export { randomUUID };

/** Values grouped by name, in order of appearance (own properties only, so `__proto__` is a plain name). */
export function groupPairs(flat: readonly string[], lowerCase = false): MultiValueMap {
  const grouped: MultiValueMap = {};
  for (let index = 0; index + 1 < flat.length; index += 2) {
    const name = lowerCase ? flat[index].toLowerCase() : flat[index];
    const list = Object.hasOwn(grouped, name) ? grouped[name] : undefined;
    if (list) list.push(flat[index + 1]);
    else setOwn(grouped, name, [flat[index + 1]]);
  }
  return grouped;
}

/** `target[name] = value`, also when the name is `__proto__` (then as an own property, not the prototype). */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === "__proto__")
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

export function mapValues(values: MultiValueMap, pick: (list: string[]) => string): StringMap {
  const out: StringMap = {};
  for (const name of Object.keys(values)) setOwn(out, name, pick(values[name]));
  return out;
}

export const lastValue = (list: string[]): string => list[list.length - 1];
export const firstValue = (list: string[]): string => list[0];
export const commaJoined = (list: string[]): string => (list.length === 1 ? list[0] : list.join(","));

/** Decoded query pairs, flat: `+` is a space, `%2B` a plus; malformed escapes are kept as written. */
export function queryPairs(rawQuery: string): string[] {
  if (rawQuery === "") return [];
  const flat: string[] = [];
  for (const [name, value] of new URLSearchParams(rawQuery)) flat.push(name, value);
  return flat;
}

export function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/** The value of a header, any casing (last one when repeated). */
export function headerValue(flat: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (let index = 0; index + 1 < flat.length; index += 2) {
    if (flat[index].length === lower.length && flat[index].toLowerCase() === lower) found = flat[index + 1];
  }
  return found;
}
