/** How request bodies travel in events: text, or base64 with `isBase64Encoded` (gateway-behavior §1.1 REST,
 * §2.1 HTTP API). */

export interface EncodedBody {
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
  readonly bodyLength: number;
}

const EMPTY: EncodedBody = { body: undefined, isBase64Encoded: false, bodyLength: 0 };

/** `type/subtype` in lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** Whether `type` matches one of `patterns` (`image/png`, `image/*`, `*\/*`). */
export function matchesMediaType(type: string, patterns: readonly string[]): boolean {
  if (type === "") return false;
  const slash = type.indexOf("/");
  const major = slash === -1 ? type : type.slice(0, slash);
  for (const raw of patterns) {
    const pattern = raw.toLowerCase().replace("~1", "/");
    if (pattern === "*/*" || pattern === type || pattern === `${major}/*`) return true;
  }
  return false;
}

/** REST: base64 when the request's Content-Type matches the API's `binaryMediaTypes`, else UTF-8 text. */
export function restBody(
  bytes: Buffer,
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): EncodedBody {
  if (bytes.length === 0) return EMPTY;
  if (binaryMediaTypes.length > 0 && matchesMediaType(mediaType(contentType), binaryMediaTypes)) {
    return { body: bytes.toString("base64"), isBase64Encoded: true, bodyLength: bytes.length };
  }
  return { body: bytes.toString("utf8"), isBase64Encoded: false, bodyLength: bytes.length };
}

/**
 * Media types an HTTP API passes as text (gateway-behavior §8.2 [U]: AWS does not document its rule).
 * Everything else, and any body that is not valid UTF-8, travels base64.
 */
export const DEFAULT_TEXT_MEDIA_TYPES: readonly string[] = [
  "text/*",
  "application/json",
  "application/*+json",
  "application/xml",
  "application/*+xml",
  "application/javascript",
  "application/graphql",
  "application/x-ndjson",
];

function isTextType(type: string, textTypes: readonly string[]): boolean {
  for (const pattern of textTypes) {
    if (pattern === type) return true;
    if (pattern.endsWith("/*") && type.startsWith(pattern.slice(0, -1))) return true;
    const plus = pattern.indexOf("/*+");
    if (plus !== -1 && type.startsWith(pattern.slice(0, plus + 1)) && type.endsWith(pattern.slice(plus + 2)))
      return true;
  }
  return false;
}

export interface HttpBodyRule {
  /** Media types sent as text when the bytes are valid UTF-8. @default DEFAULT_TEXT_MEDIA_TYPES */
  readonly textMediaTypes?: readonly string[];
  /** Whether a body without Content-Type is text when it is valid UTF-8. @default true */
  readonly untypedIsText?: boolean;
}

/** HTTP API: text for text-like media types with valid UTF-8 bytes; base64 otherwise. */
export function httpBody(
  bytes: Buffer,
  contentType: string | undefined,
  rule: HttpBodyRule = {},
): EncodedBody {
  if (bytes.length === 0) return EMPTY;
  const type = mediaType(contentType);
  const textual =
    type === ""
      ? rule.untypedIsText !== false
      : isTextType(type, rule.textMediaTypes ?? DEFAULT_TEXT_MEDIA_TYPES);
  if (textual) {
    const text = bytes.toString("utf8");
    // Invalid UTF-8 decodes to U+FFFD; only then is the round trip lossy.
    if (
      !text.includes("\uFFFD") ||
      (Buffer.byteLength(text) === bytes.length && Buffer.from(text).equals(bytes))
    ) {
      return { body: text, isBase64Encoded: false, bodyLength: bytes.length };
    }
  }
  return { body: bytes.toString("base64"), isBase64Encoded: true, bodyLength: bytes.length };
}
