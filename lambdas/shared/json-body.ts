/**
 * Reads a JSON request body: media type and charset, presence, size, encoding and syntax, each refused with its
 * own status, so the client learns exactly what to fix before any field is looked at.
 */
import { BadRequestError, HttpError, PayloadTooLargeError, quote, UnsupportedMediaTypeError } from "./errors";
import type { HttpRequest } from "./http";

/** `application/json`, or a `+json` type such as `application/merge-patch+json`; parameters ignored. */
function isJsonMediaType(contentType: string): boolean {
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mediaType);
}

/** The `charset` parameter of a content type, lower-case and unquoted; undefined when there is none. */
function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(";").slice(1)) {
    const equals = parameter.indexOf("=");
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== "charset") continue;
    return parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return undefined;
}

const loneSurrogate = /\p{Cs}/u;

/**
 * JSON allows escapes like "\ud800" that decode to half a character; such text cannot be stored as UTF-8
 * (DynamoDB would refuse or mangle it), so it is refused here with a clear message.
 */
function rejectLoneSurrogates(key: string, value: unknown): unknown {
  if (loneSurrogate.test(key) || (typeof value === "string" && loneSurrogate.test(value))) {
    throw new BadRequestError(
      "body contains an unpaired UTF-16 surrogate escape (\\ud800-\\udfff): not valid Unicode text",
    );
  }
  return value;
}

/** The parsed body (any JSON value); throws 415, 400 or 413 with a message saying what is wrong. */
export function readJsonBody(request: HttpRequest, maxBytes: number): unknown {
  const contentType = request.headers["content-type"]?.trim();
  if (contentType && !isJsonMediaType(contentType)) {
    throw new UnsupportedMediaTypeError(`content-type must be application/json (got ${quote(contentType)})`);
  }
  // JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset would be read wrongly as UTF-8.
  const charset = contentType ? charsetOf(contentType) : undefined;
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new UnsupportedMediaTypeError(`the body must be UTF-8 JSON (got charset ${quote(charset)})`);
  }
  if (request.body === undefined) throw new BadRequestError("request body is required: a JSON object");
  const size = Buffer.byteLength(request.body, "utf8");
  if (size > maxBytes) {
    throw new PayloadTooLargeError(`request body is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
  if (request.bodyNotUtf8) throw new BadRequestError("the body is not valid UTF-8");
  try {
    return JSON.parse(request.body, rejectLoneSurrogates);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new BadRequestError(`body is not valid JSON: ${(error as Error).message}`);
  }
}
